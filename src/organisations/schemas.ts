// The shape of a provider (organisation, or an independent professional as an organisation of one) as curators write it.
import { z } from 'zod'
import { ORGANISATION_KINDS } from '../db/schema.js'
import { Email, Phone, Slug, type Status, Url } from '../core/fields.js'
import { LocalizedName, LocalizedText } from '../text/schemas.js'

export const OrganisationKind = z.enum(ORGANISATION_KINDS).meta({ id: 'OrganisationKind' })

export const OrganisationFields = z.strictObject({
  slug: Slug,
  kind: OrganisationKind,
  name: LocalizedName,
  description: LocalizedText.nullable().default(null),
  kbo_number: z.string().regex(/^[01]\d{9}$/, 'a KBO/BCE number: 10 digits, starting with 0 or 1').max(10).nullable().default(null),
  sociale_kaart_id: z.string().regex(/^[A-Za-z0-9-]{1,40}$/).max(40).nullable().default(null),
  website: Url.nullable().default(null),
  email: Email.nullable().default(null),
  phone: Phone.nullable().default(null),
  internal_note: z.string().max(4000).nullable().default(null)
})

export const OrganisationInput = OrganisationFields.meta({ id: 'OrganisationInput' })
export type OrganisationInput = z.output<typeof OrganisationInput>

export type OrganisationRecord = OrganisationInput & {
  id: string
  status: z.infer<typeof Status>
  version: number
  created_at: string
  updated_at: string
  published_at: string | null
  verified_at: string | null
  verified_by: string | null
}
