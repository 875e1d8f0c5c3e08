// Writes the history of curated entries (revisions with field-level changes) and the audit log, in the caller's transaction.
import type { Db } from '../db/client.js'
import { audit_log, type FieldChange, revisions } from '../db/schema.js'

export type Actor = { key_id: string | null, label: string }
export type EntityKind = 'offer' | 'organisation' | 'location'

/** Bookkeeping fields change on every write; they are not what a curator changed. */
const NOT_A_CHANGE = new Set(['version', 'updated_at'])

export function diff (before: Record<string, unknown> | null, after: Record<string, unknown>): FieldChange[] {
  const fields = new Set([...Object.keys(before ?? {}), ...Object.keys(after)])
  const changes: FieldChange[] = []
  for (const field of fields) {
    if (NOT_A_CHANGE.has(field)) continue
    const old = before?.[field] ?? null
    const now = after[field] ?? null
    if (JSON.stringify(old) !== JSON.stringify(now)) changes.push({ field, before: old, after: now })
  }
  return changes
}

export function recordRevision (db: Db, entry: {
  kind: EntityKind, id: string, action: string, actor: Actor, at: string,
  before: Record<string, unknown> | null, after: Record<string, unknown> & { version: number }
}): void {
  db.insert(revisions).values({
    entity_kind: entry.kind, entity_id: entry.id, revision: entry.after.version, action: entry.action,
    key_id: entry.actor.key_id, key_label: entry.actor.label, at: entry.at,
    changes: diff(entry.before, entry.after), snapshot: entry.after
  }).run()
  recordAudit(db, { ...entry, revision: entry.after.version })
}

export function recordAudit (db: Db, entry: { kind: string, id: string, action: string, actor: Actor, at: string, revision?: number | null }): void {
  db.insert(audit_log).values({
    at: entry.at, key_id: entry.actor.key_id, key_label: entry.actor.label, action: entry.action,
    entity_kind: entry.kind, entity_id: entry.id, revision: entry.revision ?? null
  }).run()
}
