// Opens the SQLite database with the pragmas the service relies on and applies the migrations.
import Database from 'better-sqlite3'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as schema from './schema.js'

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database }

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations', import.meta.url))

export type OpenOptions = {
  busyTimeoutMs?: number
  /** FULL makes every commit durable across power loss; NORMAL only across process crashes. */
  synchronous?: 'FULL' | 'NORMAL'
}

export function openDb (path = ':memory:', { busyTimeoutMs = 5000, synchronous = 'FULL' }: OpenOptions = {}): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const sqlite = new Database(path, { timeout: busyTimeoutMs })
  // Deleted content is overwritten with zeros, not left in free pages where a copy of the file would still hold it.
  sqlite.pragma('secure_delete = ON')
  if (path !== ':memory:') sqlite.pragma('journal_mode = WAL')
  sqlite.pragma(`synchronous = ${synchronous}`)
  const db = drizzle({ client: sqlite, schema, casing: 'snake_case' })
  // Migrations run in one transaction, where PRAGMA foreign_keys cannot change: a table rebuild (CREATE new, copy,
  // DROP old, RENAME) must find the keys off, or dropping the old table cascades deletes into its children.
  // better-sqlite3 turns them on for every new connection, so they are turned off here, outside the transaction.
  sqlite.pragma('foreign_keys = OFF')
  const before = appliedMigrations(sqlite)
  migrate(db, { migrationsFolder: MIGRATIONS_DIR })
  // The check reads every reference (a few hundred ms on a large directory): only after migrations ran.
  const broken = appliedMigrations(sqlite) === before ? [] : sqlite.pragma('foreign_key_check') as unknown[]
  /* c8 ignore next */ // why: only a faulty migration breaks a key; the service must not start on it
  if (broken.length > 0) throw new Error(`The migrations left ${broken.length} broken references: ${JSON.stringify(broken.slice(0, 5))}`)
  sqlite.pragma('foreign_keys = ON')
  return db
}

function appliedMigrations (sqlite: Database.Database): number {
  const table = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE name = '__drizzle_migrations'").get()
  return table === undefined ? 0 : sqlite.prepare('SELECT count(*) FROM __drizzle_migrations').pluck().get() as number
}

/** Runs `fn` in one synchronous transaction (better-sqlite3 transactions cannot await). */
export function inTransaction<T> (db: Db, fn: () => T): T {
  refuseWhileWrittenElsewhere(db)
  return db.$client.transaction(fn).immediate()
}

/** A write refused because another connection of this process is writing (503: the caller tries again later). */
export class WrittenElsewhere extends Error {
  readonly statusCode = 503
}

// Per connection: the search rows written through it, newest last. bm25 reads the whole search table, so the text
// index's word counts follow these writes (src/search/text.ts), a draft's too, which no feed entry announces. A write
// that was rolled back is listed as well: its rows are read again as they are, which is the same.
type SearchRowLog = { version: number, oldest: number, entries: Array<{ version: number, rowids: number[] }>, size: number }
const searchRowLogs = new WeakMap<Database.Database, SearchRowLog>()
/** Rowids the log keeps; past them, a reader that is behind reads the search rows again. */
const LOGGED_ROWIDS = 10_000

export const searchRowsVersion = (db: Db): number => searchRowLogs.get(db.$client)?.version ?? 0

/** Notes a write of these search rows (rowids removed or added); without rowids, of all of them. */
export function searchRowsWritten (db: Db, rowids?: number[]): void {
  let log = searchRowLogs.get(db.$client)
  if (log === undefined) searchRowLogs.set(db.$client, log = { version: 0, oldest: 0, entries: [], size: 0 })
  log.version++
  if (rowids === undefined || rowids.length > LOGGED_ROWIDS) {
    log.entries = []
    log.size = 0
    log.oldest = log.version
    return
  }
  log.entries.push({ version: log.version, rowids })
  for (log.size += rowids.length; log.size > LOGGED_ROWIDS;) {
    const dropped = log.entries.shift()!
    log.size -= dropped.rowids.length
    log.oldest = dropped.version
  }
}

/** The rowids written after `version`, or undefined when the log no longer says (all rows written, or too many). */
export function searchRowsSince (db: Db, version: number): number[] | undefined {
  const log = searchRowLogs.get(db.$client)
  if (log === undefined) return []
  if (version < log.oldest) return undefined
  return log.entries.filter((entry) => entry.version > version).flatMap((entry) => entry.rowids)
}

// Per connection: why another connection of this process is writing now.
const writers = new WeakMap<Database.Database, string>()

/** Whether another connection of this process is writing now (writingElsewhere): a write through this one is refused. */
export const writtenElsewhere = (db: Db): boolean => writers.has(db.$client)

/** Throws WrittenElsewhere (503, saying why) while another connection of this process is writing (writingElsewhere). */
export function refuseWhileWrittenElsewhere (db: Db): void {
  const elsewhere = writers.get(db.$client)
  if (elsewhere !== undefined) throw new WrittenElsewhere(elsewhere)
}

/**
 * Runs `job`, which writes through another connection (a worker thread's), and meanwhile keeps this connection from
 * waiting on it: a transaction here is refused at once (WrittenElsewhere, saying `why`), and any other write fails at
 * once with SQLITE_BUSY rather than hold the event loop for the busy timeout. Reads go on (WAL). One job at a time.
 */
export async function writingElsewhere<T> (db: Db, why: string, job: () => Promise<T>): Promise<T> {
  refuseWhileWrittenElsewhere(db)
  const client = db.$client
  const timeout = client.pragma('busy_timeout', { simple: true }) as number
  writers.set(client, why)
  client.pragma('busy_timeout = 0')
  try {
    return await job()
  } finally {
    client.pragma(`busy_timeout = ${timeout}`)
    writers.delete(client)
  }
}
