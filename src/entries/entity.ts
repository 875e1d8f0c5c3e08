// What the write path and the curation workflow need to know of each kind of curated entry (offer, organisation, location).
import type { z } from 'zod'
import type { FeedReason } from '../changes/feed.js'
import type { Db } from '../db/client.js'
import type { Actor, EntityKind, EntryMeta } from '../core/entry.js'

/** An entry's content: the fields a curator writes (the create shape). */
export type Content = Record<string, unknown>
export type Entry = EntryMeta & { id: string } & Content
export type Issue = { path: string, message: string }

export type Curated = {
  kind: EntityKind
  /** URL segment and table name. */
  plural: 'offers' | 'organisations' | 'locations'
  /** The strict field shape: PATCH bodies are its fields, each optional. */
  fields: z.ZodObject
  /** The create shape with its cross-field rules; every create, merged PATCH, restore and import row passes it. */
  input: z.ZodType<Content>
  /** What an admin read returns. */
  record: z.ZodType
  /** Has a unique `slug`. */
  slugged: boolean
  /** The content fields of a stored entry or revision snapshot, in the create shape. */
  content: (entry: Record<string, unknown>) => Content
  load: (db: Db, ids: string[]) => Entry[]
  /** Writes the entry's own rows, nothing else (src/entries/write.ts does the rest), and returns it as stored. */
  write: (db: Db, id: string, content: Content, meta: EntryMeta, before: Entry | null) => Entry
  /** Checks codes and ids against the database; may complete derived fields (a location's municipality). */
  check: (db: Db, content: Content, id: string | null) => { content: Content, issues: Issue[] }
  /** The organisation an entry belongs to: what an editor key's scope is about. */
  organisationOf: (entry: Content & { id?: string }) => string
  /** Why the entry may not be public: its own content always; its relations (organisation, locations) when it is published. */
  incomplete: (db: Db, entry: Entry, publishing: boolean) => Issue[]
  /** Keeps the offers' search text in step with entries just written (`before` is null for a new entry). */
  search: (db: Db, written: Array<{ before: Entry | null, after: Entry }>) => void
  /** Appends to the change feed what the public may now see of these entries. */
  emit: (db: Db, entries: Entry[], reason: FeedReason, at: string) => void
  /** Removes the entry and everything that holds its data; returns the entries erased, for the audit log. Runs in the caller's transaction. */
  erase: (db: Db, entry: Entry, options: { cascade: boolean, actor: Actor, at: string }) => Array<{ kind: EntityKind, id: string }>
}

/** The fields of `shape` that the entry has. */
export function pick (fields: z.ZodObject, entry: Record<string, unknown>): Content {
  return Object.fromEntries(Object.keys(fields.shape).filter((k) => k in entry).map((k) => [k, entry[k]]))
}
