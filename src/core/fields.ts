// The field shapes every kind of entry shares: ids, slugs, contact fields, and the server-managed fields of a stored entry.
import { z } from 'zod'
import { STATUSES } from '../db/schema.js'

export const Uuid = z.uuid().max(36).meta({ id: 'Uuid' })
export const Slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lowercase words joined by hyphens').max(100)
export const Url = z.url({ protocol: /^https?$/ }).max(500)
export const Email = z.email().max(254)
export const Phone = z.string().regex(/^\+?[0-9 ()./-]{3,30}$/, 'a phone number').max(30)
export const Status = z.enum(STATUSES).meta({ id: 'Status' })
export type Status = z.infer<typeof Status>
export const Timestamp = z.string().max(40)
/** A key's label, as the history names who made a change. */
export const Label = z.string().max(100)

/** The server-managed fields every admin record carries. */
export const curationFields = {
  id: Uuid,
  status: Status,
  version: z.int().min(1).max(1_000_000_000).meta({ description: 'Rises by one with every change; the ETag is this number' }),
  created_at: Timestamp,
  updated_at: Timestamp,
  published_at: Timestamp.nullable().meta({ description: 'When it was last published' }),
  verified_at: Timestamp.nullable().meta({ description: 'When someone last checked it (public as `last_verified`)' }),
  verified_by: Label.nullable().meta({ description: 'The label of the key that checked it' })
}
