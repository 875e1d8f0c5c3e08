// Reads the change feed after a position.
import { asc, count, gt } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import { change_feed } from '../db/schema.js'

export function listChanges (db: Db, after: number, limit: number) {
  return db.select().from(change_feed).where(gt(change_feed.seq, after)).orderBy(asc(change_feed.seq)).limit(limit).all()
}

export function countChanges (db: Db, after: number): number {
  return db.select({ n: count() }).from(change_feed).where(gt(change_feed.seq, after)).get()!.n
}
