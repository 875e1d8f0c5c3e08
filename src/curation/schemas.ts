// Wire shapes shared by the admin routes: PATCH bodies, history, audit and stale lists.
import { z } from 'zod'
import { ENTITY_KINDS } from '../db/schema.js'
import { PageQuery } from '../http/page.js'
import { Label, Status, Timestamp, Uuid } from '../core/fields.js'

/** A PATCH body: any of the fields, none filled in by default (a default would overwrite what is stored). */
export function patchOf (fields: z.ZodObject, id: string) {
  const shape = Object.fromEntries(Object.entries(fields.shape).map(([k, s]) => [k, (s instanceof z.ZodDefault ? s.unwrap() : s).optional()]))
  return z.strictObject(shape).meta({ id, description: 'The fields to change; each replaces the stored value whole. The result must be a valid entry.' })
}

export const EntityKind = z.enum(ENTITY_KINDS).meta({ id: 'EntityKind' })

export const IfMatchHeaders = z.looseObject({
  'if-match': z.string().max(100).optional().meta({ description: 'The ETag of the version this change is based on, e.g. "3"' })
})

export const EntryParams = z.object({
  id: z.string().min(1).max(100).regex(/^[A-Za-z0-9-]+$/, 'a UUID or a slug').meta({ description: 'A UUID, or the slug of an offer or organisation' })
})
export const RevisionParams = EntryParams.extend({ revision: z.coerce.number().int().min(1).max(1_000_000_000) })

export const EntryListQuery = PageQuery.extend({
  status: Status.optional(),
  organisation_id: Uuid.optional(),
  q: z.string().trim().min(1).max(100).optional().meta({ description: 'Part of the slug or of the name (any language)' })
})

const FieldChange = z.object({
  field: z.string().max(100),
  before: z.unknown().meta({ description: 'The value before the change (null when unset)' }),
  after: z.unknown().meta({ description: 'The value after the change' })
}).meta({ id: 'FieldChange' })

export const Revision = z.object({
  revision: z.int().min(1).max(1_000_000_000),
  action: z.string().max(40).meta({ description: 'create, update, publish, unpublish, archive, draft, verify, restore, import' }),
  at: Timestamp,
  key_id: Uuid.nullable().meta({ description: 'The key that made the change (null for sample data and the command line)' }),
  key_label: Label,
  changes: z.array(FieldChange).max(100)
}).meta({ id: 'Revision' })

export const AuditEntry = z.object({
  id: z.int().min(1).max(Number.MAX_SAFE_INTEGER),
  at: Timestamp,
  key_id: Uuid.nullable(),
  key_label: Label,
  action: z.string().max(40),
  entity_kind: z.string().max(40).meta({ description: 'offer, organisation, location, key or report' }),
  entity_id: Uuid,
  revision: z.int().min(1).max(1_000_000_000).nullable()
}).meta({ id: 'AuditEntry' })

export const AuditQuery = PageQuery.extend({
  entity_kind: z.enum([...ENTITY_KINDS, 'key', 'report']).optional(),
  entity_id: Uuid.optional(),
  action: z.string().max(40).optional(),
  key_id: Uuid.optional().meta({ description: 'Changes made with this key' })
})

export const StaleEntry = z.object({
  kind: EntityKind,
  id: Uuid,
  name: z.string().max(200).meta({ description: 'The name (nl)' }),
  organisation_id: Uuid,
  verified_at: Timestamp.nullable(),
  verified_by: Label.nullable(),
  updated_at: Timestamp,
  open_reports: z.int().min(0).max(1_000_000).meta({ description: 'Reports from the field about it still waiting in the queue (offers only; 0 for others)' }),
  approximate_position: z.boolean().meta({ description: 'A location placed at its postcode\'s centre: listed until a curator confirms a point (coordinates with approximate_position false)' })
}).meta({ id: 'StaleEntry' })

export const StaleQuery = PageQuery.extend({
  months: z.coerce.number().int().min(1).max(120).default(12).meta({ description: 'Not verified for at least this many months (never verified counts as stale)' }),
  kind: EntityKind.optional()
})
