// Wire shapes of API keys: what an admin sends to issue one, and what the key list shows (never a secret or its hash).
import { z } from 'zod'
import { KEY_ROLES } from '../db/schema.js'
import { PageQuery } from '../http/page.js'
import { Uuid } from '../core/fields.js'

export const KeyRoleSchema = z.enum(KEY_ROLES).meta({ id: 'KeyRole', description: 'admin: everything; editor: the organisations on the key; partner: reads and exports' })
const Timestamp = z.string().max(40)

export const KeyInput = z.strictObject({
  role: KeyRoleSchema,
  label: z.string().trim().min(1).max(100).meta({ description: 'Who holds the key; shown in the history of every change made with it' }),
  organisation_ids: z.array(Uuid).max(100).optional().meta({ description: 'Editor keys only (required there): the organisations the key may curate' })
}).meta({ id: 'NewKey' })

export const KeyRecord = z.object({
  id: Uuid,
  key_id: z.string().max(16).meta({ description: 'The public part of the key (`pimh_<key_id>_…`), to recognise it' }),
  role: KeyRoleSchema,
  label: z.string().max(100),
  organisation_ids: z.array(Uuid).max(100),
  created_at: Timestamp,
  created_by: Uuid.nullable().meta({ description: 'The key that issued this one; null when it came from `npm run key`' }),
  last_used_at: Timestamp.nullable().meta({ description: 'Last accepted request, to the minute' }),
  revoked_at: Timestamp.nullable()
}).meta({ id: 'Key' })

export const IssuedKey = KeyRecord.extend({
  key: z.string().max(80).meta({ description: 'The key to send in X-Api-Key. Shown this once: only its hash is kept' })
}).meta({ id: 'IssuedKey' })

export const KeyQuery = PageQuery.extend({
  role: KeyRoleSchema.optional(),
  revoked: z.enum(['true', 'false']).transform((v) => v === 'true').optional().meta({ description: '`false` hides revoked keys' })
})

export const KeyParams = z.object({ id: Uuid })
