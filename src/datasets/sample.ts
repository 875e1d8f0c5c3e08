// Loads the sample directory (seed/sample/offers.json) as published entries; entries that exist already are left as curated.
import { eq } from 'drizzle-orm'
import { readFileSync } from 'node:fs'
import { v5 as uuidv5 } from 'uuid'
import type { Actor, EntryMeta } from '../core/entry.js'
import { type LocationContent, writeLocationEntries } from '../entries/location.js'
import { writeOfferEntries } from '../entries/offer.js'
import { writeOrganisationEntries } from '../entries/organisation.js'
import type { Change } from '../entries/write.js'
import { FieldErrors } from '../http/errors.js'
import { getLocationRecord } from '../locations/store.js'
import { OfferInput } from '../offers/schemas.js'
import { OrganisationInput } from '../organisations/schemas.js'
import { type Db, inTransaction } from '../db/client.js'
import { SEED_DIR } from '../db/reference.js'
import { offers, organisations, postcodes } from '../db/schema.js'

/** Sample ids are derived from slugs, so every fresh database gives the same ids (handy in docs and examples). */
const NAMESPACE = '6f1c3f59-4a53-4c53-9d8e-0b7a0d9c2f10'
export const sampleId = (kind: string, key: string) => uuidv5(`${kind}:${key}`, NAMESPACE)

export const SAMPLE_ACTOR: Actor = { key_id: null, label: 'sample data' }

type SampleFile = {
  organisations: Array<{ slug: string, name: Record<string, string>, kind: string, kbo_number: string | null, website: string | null, email: string | null, phone: string | null }>
  offers: Array<SampleOffer>
}
type SampleOffer = {
  slug: string, is_reference: boolean, organisation: string, name: Record<string, string>, description: Record<string, string>,
  care_type: string, roles: string[], phase_months: { from: number | null, to: number | null }, target_groups: string[],
  languages: string[], modes: string[], cost: { type: string, note?: Record<string, string> },
  referral: { type: string, by: string[], note?: Record<string, string> },
  crisis: { available_24_7: boolean, urgent_intake: boolean, note?: Record<string, string> },
  baby_welcome: boolean, waiting_time: string | null, service_area: string[], note?: string, status: string,
  contacts?: unknown[], opening_hours?: unknown[],
  locations: Array<{ name: string, street: string, postcode: string, municipality_nis: string, latitude: number, longitude: number }>
}

export function readSampleFile (): SampleFile {
  return JSON.parse(readFileSync(new URL('sample/offers.json', SEED_DIR), 'utf8')) as SampleFile
}

/** Adds the sample organisations, locations and offers that are not in the database yet. Returns how many offers it added. */
export function loadSample (db: Db, now = new Date().toISOString()): number {
  const sample = readSampleFile()
  const meta: EntryMeta = { status: 'published', version: 1, created_at: now, updated_at: now, published_at: now, verified_at: null, verified_by: null }
  const change: Change = { action: 'create', reason: 'created', actor: SAMPLE_ACTOR, at: now }
  return inTransaction(db, () => {
    const newOrganisations = sample.organisations.filter((o) => !db.select({ id: organisations.id }).from(organisations).where(eq(organisations.slug, o.slug)).get())
    writeOrganisationEntries(db, newOrganisations.map((o) => ({ id: sampleId('organisation', o.slug), content: OrganisationInput.parse(o), meta, before: null })), change)
    let added = 0
    for (const o of sample.offers) {
      if (db.select({ id: offers.id }).from(offers).where(eq(offers.slug, o.slug)).get()) continue
      const organisationId = sampleId('organisation', o.organisation)
      const locationIds = o.locations.map((l) => addLocation(db, organisationId, l, meta, change))
      const input = OfferInput.parse({
        slug: o.slug, organisation_id: organisationId, is_reference: o.is_reference, name: o.name, description: o.description,
        care_type: o.care_type, from_month: o.phase_months.from, to_month: o.phase_months.to, roles: o.roles,
        target_groups: o.target_groups, languages: o.languages, modes: o.modes, service_area: o.service_area,
        location_ids: locationIds, cost_type: o.cost.type, cost_note: o.cost.note ?? null, referral_type: o.referral.type,
        referral_by: o.referral.by, referral_note: o.referral.note ?? null, crisis_24_7: o.crisis.available_24_7,
        urgent_intake: o.crisis.urgent_intake, crisis_note: o.crisis.note ?? null, baby_welcome: o.baby_welcome,
        waiting_time: o.waiting_time, internal_note: o.note ?? null, contacts: o.contacts ?? [], opening_hours: o.opening_hours ?? []
      })
      try {
        writeOfferEntries(db, [{ id: sampleId('offer', o.slug), content: input, meta, before: null }], change)
      } catch (err) {
        if (!(err instanceof FieldErrors)) throw err
        throw new Error(`sample offer ${o.slug}: ${err.errors.map((e) => `${e.path} ${e.message}`).join('; ')}`)
      }
      added++
    }
    return added
  })
}

function addLocation (db: Db, organisationId: string, l: SampleOffer['locations'][number], meta: EntryMeta, change: Change): string {
  const id = sampleId('location', `${organisationId}:${l.name}`)
  if (getLocationRecord(db, id)) return id
  // The sample names the municipality; it must be the one the region reference gives for the postcode.
  const known = db.select().from(postcodes).where(eq(postcodes.postcode, l.postcode)).all()
  if (!known.some((p) => p.municipality_code === l.municipality_nis)) {
    throw new Error(`sample location ${l.name}: postcode ${l.postcode} does not lie in municipality ${l.municipality_nis}`)
  }
  const content: LocationContent = {
    organisation_id: organisationId, name: l.name, street: l.street, postcode: l.postcode, municipality_code: l.municipality_nis,
    latitude: l.latitude, longitude: l.longitude, wheelchair_accessible: null, pram_accessible: null,
    public_transport_note: null, internal_note: null
  }
  writeLocationEntries(db, [{ id, content, meta, before: null }], change)
  return id
}
