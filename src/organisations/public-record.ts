// What the public sees of an organisation, text in every language (feed, export, HSDS and the organisation pages).
import type { OrganisationRecord } from './schemas.js'

export type PublicOrganisationRecord = ReturnType<typeof publicOrganisationRecord>

export function publicOrganisationRecord (o: OrganisationRecord) {
  return {
    id: o.id, slug: o.slug, kind: o.kind, name: o.name, description: o.description, kbo_number: o.kbo_number,
    sociale_kaart_id: o.sociale_kaart_id, website: o.website, email: o.email, phone: o.phone, sources: o.sources, source_note: o.source_note,
    updated_at: o.updated_at, last_verified: o.verified_at
  }
}
