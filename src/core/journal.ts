// Writes the history of curated entries (revisions with field-level changes) and the audit log, in the caller's transaction.
import type { Db } from '../db/client.js'
import { prepared } from '../db/statements.js'
import type { FieldChange } from '../db/schema.js'
import type { Actor, EntityKind } from './entry.js'


/** Bookkeeping fields change on every write; they are not what a curator changed. */
const NOT_A_CHANGE = new Set(['version', 'updated_at'])

export function diff (before: Record<string, unknown> | null, after: Record<string, unknown>): FieldChange[] {
  const fields = new Set([...Object.keys(before ?? {}), ...Object.keys(after)])
  const changes: FieldChange[] = []
  for (const field of fields) {
    if (NOT_A_CHANGE.has(field)) continue
    const old = before?.[field] ?? null
    const now = after[field] ?? null
    // Identical values need no serialising: most fields of a long record are unchanged (or, for a new one, null).
    if (old !== now && JSON.stringify(old) !== JSON.stringify(now)) changes.push({ field, before: old, after: now })
  }
  return changes
}

export function recordRevision (db: Db, entry: {
  kind: EntityKind, id: string, action: string, actor: Actor, at: string,
  before: Record<string, unknown> | null, after: Record<string, unknown> & { version: number }
}): void {
  // A prepared statement: the query builder costs more than the insert when thousands of entries load at once.
  prepared(db, 'INSERT INTO revisions (entity_kind, entity_id, revision, action, key_id, key_label, at, changes, snapshot) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
    .run(entry.kind, entry.id, entry.after.version, entry.action, entry.actor.key_id, entry.actor.label, entry.at,
      JSON.stringify(diff(entry.before, entry.after)), JSON.stringify(entry.after))
  recordAudit(db, { ...entry, revision: entry.after.version })
}

export function recordAudit (db: Db, entry: { kind: string, id: string, action: string, actor: Actor, at: string, revision?: number | null }): void {
  prepared(db, 'INSERT INTO audit_log (at, key_id, key_label, action, entity_kind, entity_id, revision) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(entry.at, entry.actor.key_id, entry.actor.label, entry.action, entry.kind, entry.id, entry.revision ?? null)
}
