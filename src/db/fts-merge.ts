// Merges the full-text index (`offer_search`) between requests. FTS5 merged its segments inside the write that filled
// a level, and a merge that takes in a large segment rewrites it: at 50,000 offers 100 to 600 ms inside a curator's
// PATCH, every few writes, while every search waited. Migration 0008 turns that off; after a write of search rows the
// segments are merged here, a few pages per step, each step a transaction of its own with requests answered between
// (and a pause after each).
import type Database from 'better-sqlite3'
import type { Db } from './client.js'
import { prepared } from './statements.js'

/** Pages a step writes at most: about 6 ms at 50,000 offers on these machines. */
const STEP_PAGES = 64
/**
 * The pause after a step, as a multiple of the step's time: merging takes at most a fifth of the thread. Steps run
 * back to back took most of it under load, and a directory's first merges (what FTS5 had left unmerged) at 200,000
 * offers cut searches to a sixth of their throughput for the seconds they lasted.
 */
const PAUSE_PER_STEP = 4
/** While another connection holds the write lock, a step waits this long and tries again (it never waits on the lock). */
const RETRY_MS = 100

const pending = new WeakSet<Database.Database>()

/** Merges the index's segments soon, a step at a time, until FTS5 finds nothing to merge. */
export function mergeBetweenRequests (db: Db): void {
  if (pending.has(db.$client)) return
  pending.add(db.$client)
  setImmediate(step, db).unref()
}

/** Whether merging is under way on this connection. */
export const mergePending = (db: Db): boolean => pending.has(db.$client)

function step (db: Db): void {
  const client = db.$client
  if (!client.open) {
    pending.delete(client)
    return
  }
  // FTS5's own test for work done: fewer than two changes means it found nothing to merge.
  const before = totalChanges(db)
  const started = performance.now()
  const timeout = client.pragma('busy_timeout', { simple: true }) as number
  client.pragma('busy_timeout = 0')
  try {
    prepared(db, `INSERT INTO offer_search (offer_search, rank) VALUES ('merge', ${STEP_PAGES})`).run()
  } catch (err) {
    // Anything else is the file's or the disk's failure: the merge ends, and the next write meets it and reports it.
    if ((err as { code?: string }).code === 'SQLITE_BUSY') setTimeout(step, RETRY_MS, db).unref()
    else pending.delete(client)
    return
  } finally {
    client.pragma(`busy_timeout = ${timeout}`)
  }
  if (totalChanges(db) - before < 2) pending.delete(client)
  else setTimeout(step, PAUSE_PER_STEP * (performance.now() - started), db).unref()
}

const totalChanges = (db: Db) => prepared(db, 'SELECT total_changes()').pluck().get() as number
