// Erasure beyond an entry's own rows: offers' revision snapshots, their diffs and their feed entries rewritten in place
// so that none of them still holds an erased location or contact. Runs in the erasure's transaction.
import type { Db } from '../db/client.js'
import type { FieldChange } from '../db/schema.js'

/** Takes the erased thing out of an offer-shaped record (a stored offer, a revision snapshot, a public feed record). */
export type Scrub = (record: Record<string, unknown>) => void

type Contact = { id?: string, name?: string | null, email?: string | null }

/** A location leaves an offer: its id, the hours at it and (in the public record) its address. */
export const withoutLocation = (locationId: string): Scrub => (record) => {
  filter(record, 'location_ids', (id: string) => id !== locationId)
  filter(record, 'opening_hours', (h: { location_id?: string | null }) => h.location_id !== locationId)
  filter(record, 'locations', (l: { id: string }) => l.id !== locationId)
}

/**
 * A person leaves an offer's contacts: the contact itself and, in older versions, any contact with the same name or
 * e-mail (an edited contact is stored under a new id, so the id alone misses the person's earlier versions).
 */
export const withoutContact = (erased: Contact): Scrub => (record) => {
  filter(record, 'contacts', (c: Contact) => !samePerson(erased)(c))
}

/** A contact that is the erased one, or an earlier or later version of it: the same id, name or e-mail. */
export const samePerson = (erased: Contact) => (c: Contact) =>
  c.id === erased.id || (erased.name != null && c.name === erased.name) || (erased.email != null && c.email === erased.email)

function filter<T> (record: Record<string, unknown>, field: string, keep: (item: T) => boolean): void {
  const list = record[field]
  if (Array.isArray(list)) record[field] = (list as T[]).filter(keep)
}

/**
 * Rewrites the revisions and feed entries of these offers (`ids`), or of every offer whose stored JSON mentions
 * `mention` (an id), with `scrub` applied; a diff whose change disappears with the erased item is dropped.
 */
export function scrubOfferHistory (db: Db, scrub: Scrub, where: { ids: [string, ...string[]] } | { mention: string }): void {
  const byIds = 'ids' in where ? { sql: `entity_id IN (${where.ids.map(() => '?').join(', ')})`, params: where.ids } : undefined
  const mentions = (...columns: string[]) => ({ sql: `(${columns.map((c) => `instr(${c}, ?) > 0`).join(' OR ')})`, params: columns.map(() => (where as { mention: string }).mention) })
  const sqlite = db.$client
  const revisionsWhere = byIds ?? mentions('snapshot', 'changes')
  const revisionRows = sqlite.prepare(`SELECT id, snapshot, changes FROM revisions WHERE entity_kind = 'offer' AND ${revisionsWhere.sql}`)
    .all(...revisionsWhere.params) as Array<{ id: number, snapshot: string, changes: string }>
  const updateRevision = sqlite.prepare('UPDATE revisions SET snapshot = ?, changes = ? WHERE id = ?')
  for (const row of revisionRows) {
    const snapshot = scrubbed(row.snapshot, scrub)
    const changes = JSON.stringify((JSON.parse(row.changes) as FieldChange[]).flatMap((change) => {
      const before = { [change.field]: change.before }
      const after = { [change.field]: change.after }
      scrub(before)
      scrub(after)
      const kept = { ...change, before: before[change.field], after: after[change.field] }
      return JSON.stringify(kept.before) === JSON.stringify(kept.after) ? [] : [kept]
    }))
    if (snapshot !== row.snapshot || changes !== row.changes) updateRevision.run(snapshot, changes, row.id)
  }
  const feedWhere = byIds ?? mentions('data')
  const feedRows = sqlite.prepare(`SELECT seq, data FROM change_feed WHERE entity_kind = 'offer' AND data IS NOT NULL AND ${feedWhere.sql}`)
    .all(...feedWhere.params) as Array<{ seq: number, data: string }>
  const updateFeed = sqlite.prepare('UPDATE change_feed SET data = ? WHERE seq = ?')
  for (const row of feedRows) {
    const data = scrubbed(row.data, scrub)
    if (data !== row.data) updateFeed.run(data, row.seq)
  }
}

function scrubbed (json: string, scrub: Scrub): string {
  const record = JSON.parse(json) as Record<string, unknown>
  scrub(record)
  const out = JSON.stringify(record)
  return out === json ? json : out
}
