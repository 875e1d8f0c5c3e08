// The shape of a provider (organisation, or an independent professional as an organisation of one) as curators write it.
import { z } from 'zod'
import type { EntryMeta } from '../core/entry.js'
import { ORGANISATION_KINDS } from '../db/schema.js'
import { Email, Phone, Slug, sourceFields, Url } from '../core/fields.js'
import { LocalizedName, LocalizedText, noteText } from '../text/schemas.js'

export const OrganisationKind = z.enum(ORGANISATION_KINDS).meta({ id: 'OrganisationKind' })

export const OrganisationFields = z.strictObject({
  slug: Slug,
  kind: OrganisationKind.nullable().meta({ description: 'null: not known yet' }),
  name: LocalizedName,
  description: LocalizedText.nullable().default(null),
  kbo_number: z.string().regex(/^[01]\d{9}$/, 'a KBO/BCE number: 10 digits, starting with 0 or 1').max(10).nullable().default(null),
  sociale_kaart_id: z.string().regex(/^[A-Za-z0-9-]{1,40}$/).max(40).nullable().default(null),
  website: Url.nullable().default(null),
  email: Email.nullable().default(null),
  phone: Phone.nullable().default(null),
  ...sourceFields,
  internal_note: noteText(4000).nullable().default(null)
})

export const OrganisationInput = OrganisationFields.meta({ id: 'OrganisationInput' })
export type OrganisationInput = z.output<typeof OrganisationInput>

export type OrganisationRecord = OrganisationInput & EntryMeta & { id: string }
