// Merges the full-text index (`offer_search`) between requests. FTS5 merged its segments inside the write that filled
// a level, and a merge that takes in a large segment rewrites it: at 50,000 offers 100 to 600 ms inside a curator's
// PATCH, every few writes, while every search waited. Migration 0008 turns that off; after a write of search rows the
// segments are merged here, a few pages per step, each step a transaction of its own with requests answered between
// (and a pause after each).
//
// A deleted row's terms stay in the segments that hold them until those are merged (FTS5's secure-delete, which took
// them out at once, cost 10 to 55 ms per curation write: migration 0009). Merging the whole index into one segment
// leaves none behind: an erasure waits for that before it answers, and a bulk load asks for it so that its large
// segments are not taken into a later curator's merges.
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

/** Per connection, while merging: whether the whole index is to become one segment, and who waits for the end. */
type Merging = { whole: boolean, waiting: Array<(merged: boolean) => void> }
const merging = new WeakMap<Database.Database, Merging>()

/**
 * Merges the index's segments soon, a step at a time: what FTS5 finds worth merging, or with `whole` every segment
 * into one. Resolves when merging ends: true when it found nothing more to merge, false when a step failed (the next
 * write meets the failure and reports it) or the connection closed.
 */
export function mergeBetweenRequests (db: Db, { whole = false } = {}): Promise<boolean> {
  return new Promise((resolve) => {
    const running = merging.get(db.$client)
    if (running !== undefined) {
      running.whole ||= whole
      running.waiting.push(resolve)
      return
    }
    merging.set(db.$client, { whole, waiting: [resolve] })
    // The steps keep the process alive, so that what awaits the merge hears its end; closing the database ends it.
    setImmediate(step, db)
  })
}

/** Whether merging is under way on this connection. */
export const mergePending = (db: Db): boolean => merging.has(db.$client)

/** The whole index merged into one segment at once: for a command-line load, with no requests to answer meanwhile. */
export function mergeWholeNow (db: Db): void {
  db.$client.prepare("INSERT INTO offer_search (offer_search) VALUES ('optimize')").run()
}

function step (db: Db): void {
  const client = db.$client
  const state = merging.get(client)!
  if (!client.open) return end(client, state, false)
  // FTS5's own test for work done: fewer than two changes means it found nothing to merge. A negative page count
  // merges every segment, whatever its level.
  const before = totalChanges(db)
  const started = performance.now()
  const timeout = client.pragma('busy_timeout', { simple: true }) as number
  client.pragma('busy_timeout = 0')
  try {
    prepared(db, `INSERT INTO offer_search (offer_search, rank) VALUES ('merge', ${state.whole ? -STEP_PAGES : STEP_PAGES})`).run()
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_BUSY') setTimeout(step, RETRY_MS, db)
    else end(client, state, false)
    return
  } finally {
    client.pragma(`busy_timeout = ${timeout}`)
  }
  if (totalChanges(db) - before < 2) end(client, state, true)
  else setTimeout(step, PAUSE_PER_STEP * (performance.now() - started), db)
}

function end (client: Database.Database, state: Merging, merged: boolean): void {
  merging.delete(client)
  for (const resolve of state.waiting) resolve(merged)
}

const totalChanges = (db: Db) => prepared(db, 'SELECT total_changes()').pluck().get() as number
