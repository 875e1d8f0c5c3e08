// Keeps the FTS5 table `offer_search` in step with the offers: one row per offer, text in every language.
// Columns, in bm25 weight order: name, taxonomy labels and synonyms (care type and its ancestors, roles, target groups),
// organisation name, description. Plain SQL: this runs over every offer of a bulk load.
import { type Db, searchRowsWritten } from '../db/client.js'
import { mergeBetweenRequests } from '../db/fts-merge.js'

type Localized = Record<string, string | undefined>
type Labelled = { label: Localized, synonyms: string[], parent: string | null }
type OfferText = { id: string, name: Localized | string, description: Localized | string, care_type: string, organisation_id: string, roles: string[], target_groups: string[] }

/** The fields of an offer its search row is made of: a write that changes none of them leaves the row as it is. */
export const SEARCHED_FIELDS = ['name', 'description', 'care_type', 'organisation_id', 'roles', 'target_groups'] as const

/** Rewrites the search rows of these offers (every offer when ids is undefined); erased offers lose theirs. */
export function syncOfferSearch (db: Db, ids?: string[]): void {
  const offers = select<Omit<OfferText, 'roles' | 'target_groups'>>(db, 'SELECT id, name, description, care_type, organisation_id FROM offers', 'id', ids)
  const wanted = ids === undefined ? undefined : offers.map((o) => o.id)
  const linked = (sql: string) => {
    const byOffer = new Map<string, string[]>()
    for (const row of select<{ offer_id: string, code: string }>(db, sql, 'offer_id', wanted)) {
      byOffer.set(row.offer_id, [...(byOffer.get(row.offer_id) ?? []), row.code])
    }
    return byOffer
  }
  const roles = linked('SELECT offer_id, role_code AS code FROM offer_roles')
  const targetGroups = linked('SELECT offer_id, target_group_code AS code FROM offer_target_groups')
  if (ids === undefined) db.$client.prepare('DELETE FROM offer_search').run()
  const removed = ids === undefined ? [] : removeRows(db, new Set(ids))
  const added = insertRows(db, offers.map((o) => ({ ...o, roles: roles.get(o.id) ?? [], target_groups: targetGroups.get(o.id) ?? [] })))
  searchRowsWritten(db, ids === undefined ? undefined : [...removed, ...added])
  void mergeBetweenRequests(db, { whole: ids === undefined })
}

/**
 * Past this many rows added at once (a bulk load, an import), the whole full-text index is merged afterwards: left as
 * they are, the load's large segments would be taken into the merges that follow curators' writes, and rewritten there.
 */
const BULK_ROWS = 1000

/** Merges the full-text index between requests after `rows` offers were added: the whole of it after a bulk load. */
export function mergeAfterAdding (db: Db, rows: number): void {
  void mergeBetweenRequests(db, { whole: rows >= BULK_ROWS })
}

/**
 * The search rows of offers that have none yet, from their records in hand: a bulk load of new offers. FTS5 writes
 * its pending terms out as a segment every 1 MB and keeps merging those; a larger buffer for the load halves the time.
 * The setting is stored with the table, so the default goes back afterwards.
 */
export function addOfferSearch (db: Db, offers: OfferText[]): void {
  // In the SQL text: FTS5 takes an integer only, and a bound JavaScript number arrives as a real.
  const buffer = (bytes: number) => db.$client.prepare(`INSERT INTO offer_search (offer_search, rank) VALUES ('hashsize', ${bytes})`).run()
  buffer(16 << 20)
  searchRowsWritten(db, insertRows(db, offers))
  buffer(1 << 20)
  mergeAfterAdding(db, offers.length)
}

/** Inserts the offers' rows; returns their rowids. */
function insertRows (db: Db, offers: OfferText[]): number[] {
  const organisationIds = [...new Set(offers.map((o) => o.organisation_id))]
  const organisationNames = new Map(select<{ id: string, name: string }>(db, 'SELECT id, name FROM organisations', 'id', organisationIds)
    .map((o) => [o.id, allLanguages(o.name)]))
  const words = taxonomyWords(db)
  const insert = db.$client.prepare('INSERT INTO offer_search (offer_id, name, labels, organisation, description) VALUES (?, ?, ?, ?, ?)')
  return offers.map((o) => {
    const codes = [...careTypeLine(o.care_type, words), ...o.roles.map((c) => `role:${c}`), ...o.target_groups.map((c) => `tg:${c}`)]
    const labels = codes.map((c) => words.get(c)!).map((w) => [allLanguages(w.label), ...w.synonyms].join(' ')).join(' | ')
    // An organisation that went missing (a raw import with foreign keys off) leaves the organisation text empty.
    return Number(insert.run(o.id, allLanguages(o.name), labels, organisationNames.get(o.organisation_id) ?? '', allLanguages(o.description)).lastInsertRowid)
  })
}

/** Rows of a query, all of them or those whose `column` is one of `ids` (in chunks: SQLite caps bound parameters). */
function select<T> (db: Db, sql: string, column: string, ids: string[] | undefined): T[] {
  if (ids === undefined) return db.$client.prepare(sql).all() as T[]
  const rows: T[] = []
  for (let i = 0; i < ids.length; i += 500) {
    const part = ids.slice(i, i + 500)
    rows.push(...db.$client.prepare(`${sql} WHERE ${column} IN (${part.map(() => '?').join(', ')})`).all(...part) as T[])
  }
  return rows
}

/**
 * The rows of these offers, found in FTS5's content table (`offer_search_content`: id is the rowid, c0 the first column,
 * offer_id) by its index on c0 (migration 0007), then deleted by rowid.
 */
function removeRows (db: Db, ids: Set<string>): number[] {
  const remove = db.$client.prepare('DELETE FROM offer_search WHERE rowid = ?')
  const rows = db.$client.prepare('SELECT id FROM offer_search_content WHERE c0 IN (SELECT value FROM json_each(?))').pluck().all(JSON.stringify([...ids])) as number[]
  for (const rowid of rows) remove.run(rowid)
  return rows
}

/** A care type and its ancestors, as keys of taxonomyWords. */
function careTypeLine (code: string, words: Map<string, Labelled>): string[] {
  const line: string[] = []
  for (let c: string | null = code; c !== null; c = words.get(`ct:${c}`)!.parent) line.push(`ct:${c}`)
  return line
}

/** Care types (ct:), roles (role:) and target groups (tg:) with their labels and synonyms. */
function taxonomyWords (db: Db): Map<string, Labelled> {
  const words = new Map<string, Labelled>()
  const add = (prefix: string, sql: string) => {
    for (const t of db.$client.prepare(sql).all() as Array<{ code: string, label: string, synonyms: string, parent: string | null }>) {
      words.set(`${prefix}:${t.code}`, { label: JSON.parse(t.label), synonyms: JSON.parse(t.synonyms), parent: t.parent })
    }
  }
  add('ct', 'SELECT code, label, synonyms, parent_code AS parent FROM care_types')
  add('role', 'SELECT code, label, synonyms, NULL AS parent FROM roles')
  add('tg', 'SELECT code, label, synonyms, NULL AS parent FROM target_groups')
  return words
}

/** The text in every language it has, each once. */
function allLanguages (text: Localized | string): string {
  if (typeof text === 'string') return allLanguages(JSON.parse(text) as Localized)
  return [...new Set([text.nl, text.fr, text.en].filter(Boolean))].join(' | ')
}
