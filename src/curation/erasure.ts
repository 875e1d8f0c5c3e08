// What an erasure leaves behind on disk and in memory: its log (ids and time, in the database and in a file beside it),
// the WAL and the index snapshot emptied of the erased content.
import { appendFileSync, closeSync, existsSync, fsyncSync, openSync, readFileSync } from 'node:fs'
import type { FastifyBaseLogger } from 'fastify'
import type { Db } from '../db/client.js'
import type { Erasure } from '../entries/write.js'
import { offerSearch } from '../search/service.js'

/**
 * Beside the database: the erasures, one JSON line each. A restore puts an older file at DATABASE_PATH and keeps this
 * one, so the start can erase again what was erased after that backup was made. None for a database in memory.
 */
export const erasureLogFile = (db: Db) => (db.$client.memory ? undefined : `${db.$client.name}.erasures`)

/**
 * After an erasure has committed: the log file gets its lines, the WAL is checkpointed and truncated (it held the pages
 * as they were before), and the index snapshot, which holds the names of every published entry, is removed; the index
 * is rebuilt at the next search, as after any change, and saved again when the service stops.
 */
export function afterErasure (db: Db, erasures: Erasure[], log: FastifyBaseLogger): void {
  appendToFile(db, erasures)
  const [result] = db.$client.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>
  // A reader in another process (a backup being taken) can hold the older pages for a moment; the next checkpoint takes them.
  if (result !== undefined && result.busy !== 0) log.warn('the WAL could not be truncated after an erasure: a reader holds it; the next checkpoint will')
  offerSearch(db).forgetSnapshot(log)
}

function appendToFile (db: Db, erasures: Erasure[]): void {
  const file = erasureLogFile(db)
  if (file === undefined || erasures.length === 0) return
  const fd = openSync(file, 'a')
  try {
    appendFileSync(fd, erasures.map((e) => `${JSON.stringify({ at: e.at, entity_kind: e.entity_kind, entity_id: e.entity_id, parent_id: e.parent_id ?? null })}\n`).join(''))
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

/** The erasures in the file beside the database (lines that cannot be read are skipped: a torn last line). */
export function readErasureLog (db: Db): Erasure[] {
  const file = erasureLogFile(db)
  if (file === undefined || !existsSync(file)) return []
  return readFileSync(file, 'utf8').split('\n').flatMap((line) => {
    try {
      const e = JSON.parse(line) as Erasure
      return typeof e.entity_id === 'string' && typeof e.entity_kind === 'string' ? [e] : []
    } catch {
      return []
    }
  })
}
