// Wire shapes of the change feed: public records in every language, and the feed page around them.
import { z } from 'zod'
import { LocationFields } from '../locations/schemas.js'
import { Uuid } from '../core/fields.js'
import { ContactInput, OfferFields, OpeningHoursInput } from '../offers/schemas.js'
import { OrganisationFields } from '../organisations/schemas.js'

const Timestamp = z.iso.datetime().max(30).meta({ description: 'RFC 3339 date-time (UTC)' })

export const PublicLocationRecord = LocationFields.omit({ organisation_id: true, internal_note: true, municipality_code: true })
  .extend({ id: Uuid, municipality_code: z.string().max(5) }).meta({ id: 'PublicLocationRecord' })

export const PublicOrganisationRecord = OrganisationFields.omit({ internal_note: true })
  .extend({ id: Uuid, updated_at: Timestamp, last_verified: Timestamp.nullable() })
  .meta({ id: 'PublicOrganisationRecord', description: 'A published organisation, text in every language' })

export const PublicOfferRecord = OfferFields.omit({ internal_note: true, location_ids: true, contacts: true, opening_hours: true })
  .extend({
    id: Uuid,
    locations: z.array(PublicLocationRecord).max(100),
    contacts: z.array(ContactInput.extend({ id: Uuid })).max(20),
    opening_hours: z.array(OpeningHoursInput).max(50),
    updated_at: Timestamp,
    last_verified: Timestamp.nullable().meta({ description: 'When someone last checked this entry; null if never' })
  })
  .meta({ id: 'PublicOfferRecord', description: 'A published offer with its published locations, text in every language' })

export const Change = z.object({
  kind: z.enum(['offer', 'organisation']),
  id: Uuid,
  action: z.enum(['upsert', 'delete']).meta({ description: '`upsert`: store `data` as the entry; `delete`: remove the entry (a tombstone)' }),
  reason: z.enum(['created', 'updated', 'published', 'unpublished', 'archived', 'erased', 'restored']),
  at: Timestamp,
  data: z.union([PublicOfferRecord, PublicOrganisationRecord]).optional().meta({ description: 'The entry as now public, for an upsert' })
}).meta({ id: 'Change' })

export const ChangeQuery = z.object({
  since: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'a cursor from an earlier next_cursor').max(40).optional()
    .meta({ description: 'Cursor from an earlier response; leave out to start from the beginning' }),
  per_page: z.coerce.number().int().min(1).max(100).default(100)
})

export const ChangePage = z.object({
  total_items: z.int().min(0).max(Number.MAX_SAFE_INTEGER).meta({ description: 'Changes after the cursor, this page included' }),
  total_pages: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
  page_number: z.literal(1).meta({ description: 'Always 1: each response is the first page after its cursor' }),
  size: z.int().min(0).max(100),
  first_page: z.boolean().meta({ description: 'True when read from the beginning of the feed' }),
  last_page: z.boolean().meta({ description: 'True when nothing follows: poll again later with next_cursor' }),
  empty: z.boolean(),
  contents: z.array(Change).max(100),
  next_cursor: z.string().max(40).meta({ description: 'Pass as `since` to read on; stays valid forever' })
}).meta({ id: 'ChangePage' })
