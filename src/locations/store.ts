// Reads and writes locations as whole records.
import { eq, inArray } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import { locations } from '../db/schema.js'
import type { EntryMeta } from '../offers/store.js'
import type { LocationRecord } from './schemas.js'

export function writeLocation (db: Db, id: string, input: Omit<LocationRecord, keyof EntryMeta | 'id'>, meta: EntryMeta): void {
  const row = { ...input, ...meta, id }
  db.insert(locations).values(row).onConflictDoUpdate({ target: locations.id, set: row }).run()
}

export function loadLocationRecords (db: Db, ids?: string[]): LocationRecord[] {
  if (ids === undefined) return db.select().from(locations).all()
  if (ids.length === 0) return []
  return db.select().from(locations).where(inArray(locations.id, ids)).all()
}

export function getLocationRecord (db: Db, id: string): LocationRecord | undefined {
  return db.select().from(locations).where(eq(locations.id, id)).get()
}
