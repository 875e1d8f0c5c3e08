// Reads and writes offers as whole records: the offer row plus its links, contacts and opening hours.
import { eq, getTableName } from 'drizzle-orm'
import { randomUUID } from 'node:crypto'
import type { Db } from '../db/client.js'
import {
  contacts, offer_languages, offer_locations, offer_modes, offer_referrers, offer_roles, offer_service_areas,
  offer_target_groups, offers, opening_hours
} from '../db/schema.js'
import { prepared, selectRows, upsertRow } from '../db/statements.js'
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
  upsertRow(db, offers, 'id', { ...columns, ...meta, id })
  // Prepared statements rather than the query builder: building a query cost more than running it when many offers load at once.
  for (const link of LINKS) {
    prepared(db, `DELETE FROM ${getTableName(link.table)} WHERE offer_id = ?`).run(id)
    const insert = prepared(db, `INSERT INTO ${getTableName(link.table)} (offer_id, ${link.column}) VALUES (?, ?)`)
    for (const value of new Set(input[link.field] as string[])) insert.run(id, value)
  }
  prepared(db, 'DELETE FROM contacts WHERE offer_id = ?').run(id)
  const insertContact = prepared(db, 'INSERT INTO contacts (id, offer_id, name, title, email, phone, sort_order) VALUES (?, ?, ?, ?, ?, ?, ?)')
  contactList.forEach((c, i) => {
    insertContact.run('id' in c && typeof c.id === 'string' ? c.id : randomUUID(), id, c.name ?? null, json(c.title), c.email ?? null, c.phone ?? null, i)
  })
  prepared(db, 'DELETE FROM opening_hours WHERE offer_id = ?').run(id)
  const insertHours = prepared(db, 'INSERT INTO opening_hours (offer_id, weekday, opens, closes, location_id, note) VALUES (?, ?, ?, ?, ?, ?)')
  for (const h of hours) insertHours.run(id, h.weekday, h.opens, h.closes, h.location_id ?? null, json(h.note))
}

const json = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value))

/** Loads whole records; with no ids, every offer (in chunks, so 50,000 offers stay one pass per table). */
export function loadOfferRecords (db: Db, ids?: string[]): OfferRecord[] {
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
