// Reads and writes offers as whole records: the offer row plus its links, contacts and opening hours.
import type { Statement } from 'better-sqlite3'
import { eq, getTableColumns, getTableName } from 'drizzle-orm'
import { randomUUID } from 'node:crypto'
import type { Db } from '../db/client.js'
import { selectRows } from '../db/statements.js'
import {
  contacts, offer_languages, offer_locations, offer_modes, offer_referrers, offer_roles, offer_service_areas,
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

/** Inserts or replaces the offer with this id; call inside a transaction. */
export function writeOffer (db: Db, id: string, input: OfferInput, meta: EntryMeta): void {
  const { roles: _r, referral_by: _rb, target_groups: _t, languages: _l, modes: _m, service_area: _s, location_ids: _li,
    contacts: contactList, opening_hours: hours, ...columns } = input
  const q = writeQueries(db)
  q.upsert.run({ ...columns, ...meta, id })
  for (const link of LINKS) {
    q.remove[link.field].run(id)
    for (const value of new Set(input[link.field] as string[])) q.insert[link.field].run(id, value)
  }
  q.removeContacts.run(id)
  contactList.forEach((c, i) => q.insertContact.run({
    id: 'id' in c && typeof c.id === 'string' ? c.id : randomUUID(),
    offer_id: id, name: c.name ?? null, title: c.title ?? null, email: c.email ?? null, phone: c.phone ?? null, sort_order: i
  }))
  q.removeHours.run(id)
  for (const h of hours) {
    q.insertHours.run({ offer_id: id, weekday: h.weekday, opens: h.opens, closes: h.closes, location_id: h.location_id ?? null, note: h.note ?? null })
  }
}

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
    upsert: insertStatement(db, offers, { upsert: true }),
    remove: Object.fromEntries(LINKS.map((l) => [l.field, byOffer(getTableName(l.table))])) as Record<typeof LINKS[number]['field'], Statement>,
    insert: Object.fromEntries(LINKS.map((l) => [l.field, db.$client.prepare(`INSERT INTO ${getTableName(l.table)} (offer_id, ${l.column}) VALUES (?, ?)`)])) as
      Record<typeof LINKS[number]['field'], Statement>,
    removeContacts: byOffer('contacts'),
    insertContact: insertStatement(db, contacts),
    removeHours: byOffer('opening_hours'),
    insertHours: insertStatement(db, opening_hours, { except: ['id'] })
  }
}

/** A prepared INSERT (or upsert on id) that maps values as drizzle does: JSON and booleans encoded, null kept null. */
function insertStatement (db: Db, table: typeof offers | typeof contacts | typeof opening_hours, { upsert = false, except = [] as string[] } = {}) {
  const columns = Object.entries(getTableColumns(table)).filter(([key]) => !except.includes(key))
  const keys = columns.map(([key]) => key)
  const update = upsert ? ` ON CONFLICT (id) DO UPDATE SET ${keys.filter((k) => k !== 'id').map((k) => `${k} = excluded.${k}`).join(', ')}` : ''
  const statement = db.$client.prepare(`INSERT INTO ${getTableName(table)} (${keys.join(', ')}) VALUES (${keys.map(() => '?').join(', ')})${update}`)
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
  for (const h of selectByOffer(db, opening_hours, wanted).sort((a, b) => a.weekday - b.weekday || a.opens.localeCompare(b.opens))) {
    byId.get(h.offer_id)?.opening_hours.push(withoutNulls({ weekday: h.weekday, opens: h.opens, closes: h.closes, location_id: h.location_id, note: h.note }))
  }
  for (const record of byId.values()) {
    for (const link of LINKS) (record[link.field] as string[]).sort()
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

function fromRow (row: OfferRow): OfferRecord {
  return {
    ...row,
    roles: [], referral_by: [], target_groups: [], languages: [], modes: [], service_area: [], location_ids: [],
    contacts: [], opening_hours: []
  } as OfferRecord
}

function selectByOffer<T extends typeof contacts | typeof opening_hours | typeof LINKS[number]['table']> (db: Db, table: T, ids: string[] | undefined) {
  return selectRows(db, table, 'offer_id', ids) as Array<T['$inferSelect']>
}

function withoutNulls<T extends Record<string, unknown>> (o: T): any {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null))
}
