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
  sqlite.pragma('foreign_keys = ON')
  // Deleted content is overwritten with zeros, not left in free pages where a copy of the file would still hold it.
  sqlite.pragma('secure_delete = ON')
  if (path !== ':memory:') sqlite.pragma('journal_mode = WAL')
  sqlite.pragma(`synchronous = ${synchronous}`)
  const db = drizzle({ client: sqlite, schema, casing: 'snake_case' })
  migrate(db, { migrationsFolder: MIGRATIONS_DIR })
  return db
}

/** Runs `fn` in one synchronous transaction (better-sqlite3 transactions cannot await). */
export function inTransaction<T> (db: Db, fn: () => T): T {
  return db.$client.transaction(fn).immediate()
}
