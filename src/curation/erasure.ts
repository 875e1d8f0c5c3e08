// What an erasure leaves behind on disk and in memory: its log (ids and time, in the database and in a file beside it),
// the WAL and the index snapshot emptied of the erased content.
import { appendFileSync, closeSync, existsSync, fsyncSync, openSync, readFileSync } from 'node:fs'
import type { FastifyBaseLogger } from 'fastify'
import { type Db, inTransaction } from '../db/client.js'
import { mergeBetweenRequests, mergeWholeNow } from '../db/fts-merge.js'
import { erasure_log } from '../db/schema.js'
import type { Curated } from '../entries/entity.js'
import { locationEntity } from '../entries/location.js'
import { eraseOfferContact, offerEntity } from '../entries/offer.js'
import { organisationEntity } from '../entries/organisation.js'
import { type Erasure, eraseEntry, logErasures } from '../entries/write.js'
import type { OfferRecord } from '../offers/schemas.js'
import { offerSearch } from '../search/service.js'

/**
 * Beside the database: the erasures, one JSON line each. A restore puts an older file at DATABASE_PATH and keeps this
 * one, so the start can erase again what was erased after that backup was made. None for a database in memory.
 */
export const erasureLogFile = (db: Db) => (db.$client.memory ? undefined : `${db.$client.name}.erasures`)

/**
 * After an erasure has committed: the log file gets its lines; the full-text index is merged into one segment, between
 * requests (a deleted row's terms, of every version written, stay in the segments that hold them until merged); the WAL
 * is checkpointed and truncated (it held the pages as they were before); and the index snapshot, which holds the names
 * of every published entry, is removed. The index is rebuilt at the next search, as after any change, and saved again
 * when the service stops.
 */
export async function afterErasure (db: Db, erasures: Erasure[], log: FastifyBaseLogger): Promise<void> {
  appendToFile(db, erasures)
  /* c8 ignore next 3 */ // why: a merge step fails only when the file or the disk does
  if (!await mergeBetweenRequests(db, { whole: true })) {
    log.error('the full-text index could not be merged after an erasure: terms of the erased text stay in the database file until it is')
  }
  truncateWal(db, log)
  offerSearch(db).forgetSnapshot(log)
}

function truncateWal (db: Db, log: FastifyBaseLogger): void {
  const [result] = db.$client.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>
  // A reader in another process (a backup being taken) can hold the older pages for a moment; the next checkpoint takes them.
  /* c8 ignore next */ // why: needs a second process reading at that very moment
  if (result !== undefined && result.busy !== 0) log.warn('the WAL could not be truncated after an erasure: a reader holds it; the next checkpoint will')
}

const ENTITIES: Record<Exclude<Erasure['entity_kind'], 'contact'>, Curated> = { organisation: organisationEntity, location: locationEntity, offer: offerEntity }
const REPLAYER = { key_id: null, label: 'erasure log' }
const keyOf = (e: Pick<Erasure, 'entity_kind' | 'entity_id'>) => `${e.entity_kind}:${e.entity_id}`

/**
 * Before the service listens: what the file beside the database lists and the database does not know (an older
 * backup was restored) is erased again, in the order it was first erased; what the database lists and the file lacks
 * (the service stopped between the commit and the file) is added to the file. Returns the erasures made again.
 */
export function replayErasures (db: Db, log: FastifyBaseLogger): Erasure[] {
  const listed = readErasureLog(db)
  const known = db.select().from(erasure_log).all()
  const knownKeys = new Set(known.map(keyOf))
  const missing = listed.filter((e) => !knownKeys.has(keyOf(e)))
  for (const erasure of missing) replay(db, erasure)
  const listedKeys = new Set(listed.map(keyOf))
  appendToFile(db, known.filter((e) => !listedKeys.has(keyOf(e))))
  if (missing.length > 0) {
    mergeWholeNow(db)
    truncateWal(db, log)
    offerSearch(db).forgetSnapshot(log)
    log.info({ replayed: missing.length }, 'erasures made after this database was backed up were made again')
  }
  return missing
}

/** One erasure again, as it was first made; recorded even when this copy no longer (or never) had the entry. */
function replay (db: Db, erasure: Erasure): void {
  inTransaction(db, () => {
    if (erasure.entity_kind === 'contact') {
      const offer = offerEntity.load(db, [erasure.parent_id ?? ''])[0] as unknown as OfferRecord | undefined
      if (offer !== undefined) eraseOfferContact(db, offer, erasure.entity_id, REPLAYER, erasure.at)
    } else {
      const c = ENTITIES[erasure.entity_kind]
      const entry = c.load(db, [erasure.entity_id])[0]
      if (entry !== undefined) eraseEntry(db, c, entry, { cascade: true, actor: REPLAYER, at: erasure.at })
    }
    logErasures(db, [erasure])
  })
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
