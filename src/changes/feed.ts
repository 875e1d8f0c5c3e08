// Appends to the public change feed whatever a curated change did to the public directory.
import { and, eq, inArray } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import { prepared } from '../db/statements.js'
import { change_feed } from '../db/schema.js'
import { loadLocationRecords } from '../locations/store.js'
import { publicOfferRecord, publicOrganisationRecord } from '../offers/public-record.js'
import type { OfferRecord } from '../offers/schemas.js'
import { loadOfferRecords } from '../offers/store.js'
import { getOrganisationRecord } from '../organisations/store.js'

export type FeedReason = 'created' | 'updated' | 'published' | 'unpublished' | 'archived' | 'erased' | 'restored'

// The position as read in the current turn of the event loop, per connection.
const turnPositions = new WeakMap<Db['$client'], number>()

/**
 * The feed's position: it moves with every change of the public directory, so caches key on it. Asked on every
 * public read (ETag, rate limit, search index), and a read costs 10-15 µs on a busy server: it is read once per turn
 * of the event loop. A change through this connection moves it at once; one from another process shows from the next
 * turn on. Inside a transaction it is read each time (it may count appends that are not committed yet).
 */
export function feedPosition (db: Db): number {
  const client = db.$client
  if (client.inTransaction) return readPosition(db)
  let position = turnPositions.get(client)
  if (position === undefined) {
    turnPositions.set(client, position = readPosition(db))
    setImmediate(() => turnPositions.delete(client))
  }
  return position
}

function readPosition (db: Db): number {
  return (prepared(db, 'SELECT seq FROM change_feed ORDER BY seq DESC LIMIT 1').pluck().get() as number | undefined) ?? 0
}

/** Records the current public state of these offers: an upsert when visible, a tombstone when they stopped being. */
export function emitOffers (db: Db, ids: string[], reason: FeedReason, at: string): void {
  if (ids.length === 0) return
  emitOfferRecords(db, ids, new Map(loadOfferRecords(db, ids).map((r) => [r.id, r])), reason, at)
}

/** emitOffers with the stored records in hand (a bulk load that has just written them); an id without one is gone. */
export function emitOfferRecords (db: Db, ids: string[], records: ReadonlyMap<string, OfferRecord>, reason: FeedReason, at: string): void {
  const organisations = new Map<string, boolean>()
  const locationIds = [...new Set([...records.values()].flatMap((r) => r.location_ids))]
  const locationsById = new Map(loadLocationRecords(db, locationIds).map((l) => [l.id, l]))
  for (const id of ids) {
    const record = records.get(id)
    let visible = record?.status === 'published'
    if (record && visible) {
      if (!organisations.has(record.organisation_id)) {
        organisations.set(record.organisation_id, getOrganisationRecord(db, record.organisation_id)?.status === 'published')
      }
      visible = organisations.get(record.organisation_id)!
    }
    if (record && visible) append(db, 'offer', id, 'upsert', reason, at, publicOfferRecord(record, locationsById))
    else tombstone(db, 'offer', id, reason, at)
  }
}

/** Records an organisation's public state, and that of its offers, which are visible only while it is published. */
export function emitOrganisation (db: Db, id: string, reason: FeedReason, at: string): void {
  const record = getOrganisationRecord(db, id)
  if (record?.status === 'published') append(db, 'organisation', id, 'upsert', reason, at, publicOrganisationRecord(record))
  else tombstone(db, 'organisation', id, reason, at)
  emitOffers(db, prepared(db, 'SELECT id FROM offers WHERE organisation_id = ?').pluck().all(id) as string[], reason, at)
}

/** A location shows inside its offers; re-emit the offers that use it. */
export function emitLocation (db: Db, id: string, reason: FeedReason, at: string): void {
  emitOffers(db, prepared(db, 'SELECT offer_id FROM offer_locations WHERE location_id = ?').pluck().all(id) as string[], reason, at)
}

/** Erasure: the feed must not keep the erased content either; a tombstone replaces every earlier entry. */
export function eraseFromFeed (db: Db, kind: 'offer' | 'organisation', ids: string[], at: string): void {
  if (ids.length === 0) return
  db.delete(change_feed).where(and(eq(change_feed.entity_kind, kind), inArray(change_feed.entity_id, ids))).run()
  for (const id of ids) append(db, kind, id, 'delete', 'erased', at, null)
}

function tombstone (db: Db, kind: 'offer' | 'organisation', id: string, reason: FeedReason, at: string): void {
  // An entry that was never public needs no tombstone, and one already deleted needs no second one.
  const last = prepared(db, 'SELECT action FROM change_feed WHERE entity_kind = ? AND entity_id = ? ORDER BY seq DESC LIMIT 1').pluck().get(kind, id)
  if (last === 'upsert') append(db, kind, id, 'delete', reason, at, null)
}

function append (db: Db, kind: 'offer' | 'organisation', id: string, action: 'upsert' | 'delete', reason: FeedReason, at: string, data: Record<string, unknown> | null): void {
  turnPositions.delete(db.$client)
  // A prepared statement: the query builder costs more than the insert when thousands of offers load at once.
  prepared(db, 'INSERT INTO change_feed (entity_kind, entity_id, action, reason, at, data) VALUES (?, ?, ?, ?, ?, ?)')
    .run(kind, id, action, reason, at, data === null ? null : JSON.stringify(data))
}
