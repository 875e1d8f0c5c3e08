// Reads and writes offers as whole records: the offer row plus its links, contacts and opening hours.
import type { Statement } from 'better-sqlite3'
import { eq, getTableColumns, getTableName } from 'drizzle-orm'
import { randomUUID } from 'node:crypto'
import type { Db } from '../db/client.js'
import { selectRows } from '../db/statements.js'
import {
  contacts, hours_exceptions, offer_languages, offer_locations, offer_modes, offer_referrers, offer_roles, offer_service_areas,
  offer_target_groups, offers, opening_hours
} from '../db/schema.js'
import type { OfferInput, OfferRecord } from './schemas.js'

export type EntryMeta = Pick<OfferRecord, 'status' | 'version' | 'created_at' | 'updated_at' | 'published_at' | 'verified_at' | 'verified_by'>

type OfferRow = typeof offers.$inferSelect

const LINKS = [
  { field: 'roles', table: offer_roles, column: 'role_code' },
  { field: 'referral_by', table: offer_referrers, column: 'role_code' },
  { field: 'target_groups', table: offer_target_groups, column: 'target_group_code' },
  { field: 'languages', table: offer_languages, column: 'language_code' },
  { field: 'modes', table: offer_modes, column: 'mode' },
  { field: 'service_area', table: offer_service_areas, column: 'region_code' },
  { field: 'location_ids', table: offer_locations, column: 'location_id' }
] as const

/**
 * Inserts or replaces the offer with this id; call inside a transaction. Returns the record as loadOfferRecords will
 * read it back, so that a bulk load can build revisions and feed entries without reading every offer again.
 */
export function writeOffer (db: Db, id: string, input: OfferInput, meta: EntryMeta): OfferRecord {
  const q = writeQueries(db)
  const source: Record<string, unknown> = { ...input, ...meta, id }
  const row: Record<string, unknown> = {}
  for (const column of OFFER_COLUMNS) row[column] = source[column] ?? null
  // A new offer has nothing to replace: a bulk load of new offers saves the upsert's conflict check and nine deletes each.
  if (q.exists.get(id) === undefined) q.insert.run(row)
  else {
    q.upsert.run(row)
    for (const remove of q.remove) remove.run(id)
  }
  const record = fromRow(row as OfferRow)
  for (const link of LINKS) {
    for (const value of new Set(input[link.field] as string[])) {
      q.link[link.field].run(id, value)
      ;(record[link.field] as string[]).push(value)
    }
  }
  sortLinks(record)
  input.contacts.forEach((c, i) => {
    const contact = { id: 'id' in c && typeof c.id === 'string' ? c.id : randomUUID(), name: c.name ?? null, title: c.title ?? null, email: c.email ?? null, phone: c.phone ?? null }
    q.insertContact.run({ ...contact, offer_id: id, sort_order: i })
    record.contacts.push(withoutNulls(contact))
  })
  for (const h of input.opening_hours) {
    const hours = { weekday: h.weekday, opens: h.opens, closes: h.closes, location_id: h.location_id ?? null, note: h.note ?? null }
    q.insertHours.run({ ...hours, offer_id: id })
    record.opening_hours.push(withoutNulls(hours))
  }
  record.opening_hours.sort(byTime)
  for (const e of input.hours_exceptions) {
    const exception = { from: e.from, to: e.to, closed: e.closed, opens: e.opens ?? null, closes: e.closes ?? null, note: e.note ?? null }
    q.insertException.run({ ...exception, offer_id: id })
    record.hours_exceptions.push(withoutNulls(exception))
  }
  record.hours_exceptions.sort(byPeriod)
  return record
}

const OFFER_COLUMNS = Object.keys(getTableColumns(offers))

/** The statements of writeOffer, prepared once per database: an import writes thousands of offers in one transaction. */
const prepared = new WeakMap<Db, ReturnType<typeof prepareWrites>>()
function writeQueries (db: Db) {
  let q = prepared.get(db)
  if (!q) { q = prepareWrites(db); prepared.set(db, q) }
  return q
}

function prepareWrites (db: Db) {
  const byOffer = (table: string) => db.$client.prepare(`DELETE FROM ${table} WHERE offer_id = ?`)
  return {
    exists: db.$client.prepare('SELECT 1 FROM offers WHERE id = ?'),
    insert: insertStatement(db, offers),
    upsert: insertStatement(db, offers, { upsert: true }),
    remove: [...LINKS.map((l) => getTableName(l.table)), 'contacts', 'opening_hours', 'hours_exceptions'].map(byOffer),
    link: Object.fromEntries(LINKS.map((l) => [l.field, db.$client.prepare(`INSERT INTO ${getTableName(l.table)} (offer_id, ${l.column}) VALUES (?, ?)`)])) as
      Record<typeof LINKS[number]['field'], Statement>,
    insertContact: insertStatement(db, contacts),
    insertHours: insertStatement(db, opening_hours, { except: ['id'] }),
    insertException: insertStatement(db, hours_exceptions, { except: ['id'] })
  }
}

/** A prepared INSERT (or upsert on id) that maps values as drizzle does: JSON and booleans encoded, null kept null. */
function insertStatement (db: Db, table: typeof offers | typeof contacts | typeof opening_hours | typeof hours_exceptions, { upsert = false, except = [] as string[] } = {}) {
  const columns = Object.entries(getTableColumns(table)).filter(([key]) => !except.includes(key))
  const keys = columns.map(([key]) => key)
  const update = upsert ? ` ON CONFLICT (id) DO UPDATE SET ${keys.filter((k) => k !== 'id').map((k) => `${k} = excluded.${k}`).join(', ')}` : ''
  const statement = db.$client.prepare(`INSERT INTO ${getTableName(table)} (${keys.map((k) => `"${k}"`).join(', ')}) VALUES (${keys.map(() => '?').join(', ')})${update}`)
  return {
    run: (row: Record<string, unknown>) => statement.run(columns.map(([key, column]) => {
      const value = row[key] ?? null
      return value === null ? null : column.mapToDriverValue(value)
    }))
  }
}

/** Loads whole records; with no ids, every offer (in chunks, so 50,000 offers stay one pass per table). */
export function loadOfferRecords (db: Db, ids?: string[]): OfferRecord[] {
  // Plain statements mapped by the schema: the query builder costs more than the reads over 50,000 offers.
  const rows: OfferRow[] = selectRows(db, offers, 'id', ids)
  if (rows.length === 0) return []
  const byId = new Map<string, OfferRecord>()
  for (const row of rows) byId.set(row.id, fromRow(row))
  const wanted = ids === undefined ? undefined : rows.map((r) => r.id)
  for (const link of LINKS) {
    const linkRows = selectByOffer(db, link.table, wanted) as Array<Record<string, string>>
    for (const l of linkRows) (byId.get(l.offer_id!)?.[link.field] as string[] | undefined)?.push(l[link.column]!)
  }
  for (const c of selectByOffer(db, contacts, wanted).sort((a, b) => a.sort_order - b.sort_order)) {
    byId.get(c.offer_id)?.contacts.push(withoutNulls({ id: c.id, name: c.name, title: c.title, email: c.email, phone: c.phone }))
  }
  for (const h of selectByOffer(db, opening_hours, wanted)) {
    byId.get(h.offer_id)?.opening_hours.push(withoutNulls({ weekday: h.weekday, opens: h.opens, closes: h.closes, location_id: h.location_id, note: h.note }))
  }
  for (const e of selectByOffer(db, hours_exceptions, wanted)) {
    byId.get(e.offer_id)?.hours_exceptions.push(withoutNulls({ from: e.from, to: e.to, closed: e.closed, opens: e.opens, closes: e.closes, note: e.note }))
  }
  for (const record of byId.values()) {
    sortLinks(record)
    record.opening_hours.sort(byTime)
    record.hours_exceptions.sort(byPeriod)
  }
  return rows.map((r) => byId.get(r.id)!)
}

export function getOfferRecord (db: Db, id: string): OfferRecord | undefined {
  return loadOfferRecords(db, [id])[0]
}

export function findOfferId (db: Db, idOrSlug: string): string | undefined {
  const column = /^[0-9a-f-]{36}$/i.test(idOrSlug) ? offers.id : offers.slug
  return db.select({ id: offers.id }).from(offers).where(eq(column, idOrSlug)).get()?.id
}

export function deleteOffer (db: Db, id: string): void {
  db.delete(offers).where(eq(offers.id, id)).run()
}

// Object.assign, not an object spread: on the V8 of Node 20 every object made by spreading another is promoted to the
// old generation, garbage there until a full collection, and records are loaded for every detail page and feed read.
function fromRow (row: OfferRow): OfferRecord {
  return Object.assign({}, row, {
    roles: [], referral_by: [], target_groups: [], languages: [], modes: [], service_area: [], location_ids: [],
    contacts: [], opening_hours: [], hours_exceptions: []
  }) as OfferRecord
}

/** Links in code order, however they were given. */
function sortLinks (record: OfferRecord): void {
  for (const link of LINKS) (record[link.field] as string[]).sort()
}

/** Opening hours by weekday, then time. */
function byTime (a: { weekday: number, opens: string }, b: { weekday: number, opens: string }): number {
  return a.weekday - b.weekday || a.opens.localeCompare(b.opens)
}

/** Exceptions by start date, then end date (both YYYY-MM-DD, so the joined text sorts as the pair). */
function byPeriod (a: { from: string, to: string }, b: { from: string, to: string }): number {
  return `${a.from}${a.to}`.localeCompare(`${b.from}${b.to}`)
}

function selectByOffer<T extends typeof contacts | typeof opening_hours | typeof hours_exceptions | typeof LINKS[number]['table']> (db: Db, table: T, ids: string[] | undefined) {
  return selectRows(db, table, 'offer_id', ids) as Array<T['$inferSelect']>
}

function withoutNulls<T extends Record<string, unknown>> (o: T): any {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null))
}
