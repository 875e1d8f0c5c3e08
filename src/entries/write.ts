// The one write path of curated entries: in one transaction each write is checked, stored, recorded as a revision,
// kept in step with the search text and appended to the change feed. The workflow, the import and the data loaders
// all write through here (the typed forms are writeOfferEntries, writeLocationEntries and writeOrganisationEntries).
import { and, eq } from 'drizzle-orm'
import type { FeedReason } from '../changes/feed.js'
import type { Actor, EntryMeta } from '../core/entry.js'
import { recordAudit, recordRevision } from '../core/journal.js'
import { type Db, inTransaction } from '../db/client.js'
import { revisions } from '../db/schema.js'
import { prepared } from '../db/statements.js'
import { FieldErrors } from '../http/errors.js'
import type { Content, Curated, Entry } from './entity.js'

/** Why entries are written: the revision's action, the feed's reason, who and when. */
export type Change = { action: string, reason: FeedReason, actor: Actor, at: string }

/** One entry to write: its content in the create shape, its metadata, and the stored entry it replaces (null for a new one). */
export type EntryWrite<C = Content> = { id: string, content: C, meta: EntryMeta, before: Entry | null }

export type WriteOptions = {
  /**
   * The caller has checked every entry already, as validateEntry and the completeness rules do: an import reports
   * each row's problems before it writes any, and the generator builds valid entries (its tests hold it to that).
   */
  checked?: boolean
}

/** References and slug of content about to be stored: 422 naming the unknown ones, 409 when another entry has the slug. Returns the content completed. */
export function validateEntry (db: Db, c: Curated, content: Content, id: string | null): Content {
  const { content: completed, issues } = c.check(db, content, id)
  if (issues.length > 0) throw new FieldErrors(issues.map((i) => ({ in: 'body', ...i })), `The ${c.kind} refers to things that do not exist`)
  if (c.slugged) {
    const other = prepared(db, `SELECT id FROM ${c.plural} WHERE slug = ?`).get(content.slug) as { id: string } | undefined
    if (other && other.id !== id) {
      throw new FieldErrors([{ in: 'body', path: '/slug', message: `'${String(content.slug)}' is already the slug of another ${c.kind}` }], 'The slug is taken', 409)
    }
  }
  return completed
}

/**
 * Writes entries of one kind in one transaction and returns them as stored. A published entry must be complete (422);
 * one that becomes published must also have its organisation and locations published.
 */
export function writeEntries (db: Db, c: Curated, writes: EntryWrite[], change: Change, { checked = false }: WriteOptions = {}): Entry[] {
  return inTransaction(db, () => {
    const written = writes.map(({ id, content, meta, before }) => {
      const after = c.write(db, id, checked ? content : validateEntry(db, c, content, before === null ? null : id), meta, before)
      const incomplete = checked || after.status !== 'published' ? [] : c.incomplete(db, after, before?.status !== 'published')
      if (incomplete.length > 0) {
        throw new FieldErrors(incomplete.map((i) => ({ in: 'entry', ...i })), `The ${c.kind} is not complete enough to be published`, 422)
      }
      recordRevision(db, { kind: c.kind, id, action: change.action, actor: change.actor, at: change.at, before, after })
      return { before, after }
    })
    const stored = written.map((w) => w.after)
    c.search(db, written)
    c.emit(db, stored, change.reason, change.at)
    return stored
  })
}

/** GDPR erasure of a stored entry (and, for an organisation with cascade, its offers and locations): the entries, their history and their feed entries go; the audit log keeps only that each was erased. */
export function eraseEntry (db: Db, c: Curated, entry: Entry, options: { cascade: boolean, actor: Actor, at: string }): void {
  inTransaction(db, () => {
    for (const erased of c.erase(db, entry, options)) {
      db.delete(revisions).where(and(eq(revisions.entity_kind, erased.kind), eq(revisions.entity_id, erased.id))).run()
      recordAudit(db, { kind: erased.kind, id: erased.id, action: 'erase', actor: options.actor, at: options.at })
    }
  })
}
