// An existing database gets the migrations it lacks without losing rows: a migration that rebuilds a table (CREATE new,
// copy, DROP old, RENAME) must not cascade the DROP into the rows that refer to the old table.
import Database from 'better-sqlite3'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { MIGRATIONS_DIR, openDb } from '../../src/db/client.js'
import * as schema from '../../src/db/schema.js'
import { loadReference } from '../../src/db/reference.js'
import { tempDir } from '../helpers/server.js'

type Journal = { entries: Array<{ tag: string }> }
const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, 'meta/_journal.json'), 'utf8')) as Journal
// The last migration that rebuilds `offers`: the database is made with the migrations before it.
const rebuild = journal.entries.map((e) => readFileSync(join(MIGRATIONS_DIR, `${e.tag}.sql`), 'utf8').includes('DROP TABLE `offers`')).lastIndexOf(true)

t.test('a migration that rebuilds the offers table keeps their languages, modes and service areas', async (t) => {
  t.ok(rebuild > 0, 'some migration rebuilds offers')
  const dir = tempDir(t)
  const older = join(dir, 'migrations')
  mkdirSync(join(older, 'meta'), { recursive: true })
  const entries = journal.entries.slice(0, rebuild)
  for (const e of entries) copyFileSync(join(MIGRATIONS_DIR, `${e.tag}.sql`), join(older, `${e.tag}.sql`))
  writeFileSync(join(older, 'meta/_journal.json'), JSON.stringify({ ...journal, entries }))

  const file = join(dir, 'directory.db')
  const sqlite = new Database(file)
  const before = drizzle({ client: sqlite, schema, casing: 'snake_case' })
  migrate(before, { migrationsFolder: older })
  loadReference(before)
  const now = '2026-01-01T00:00:00.000Z'
  const careType = sqlite.prepare('SELECT code FROM care_types LIMIT 1').pluck().get() as string
  const region = sqlite.prepare('SELECT code FROM regions LIMIT 1').pluck().get() as string
  sqlite.prepare('INSERT INTO organisations (id, slug, kind, name, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run('o1', 'o1', 'vzw', JSON.stringify({ nl: 'Organisatie' }), 'published', now, now)
  sqlite.prepare('INSERT INTO offers (id, slug, organisation_id, name, description, care_type, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
    .run('a1', 'a1', 'o1', JSON.stringify({ nl: 'Aanbod' }), JSON.stringify({ nl: 'Tekst' }), careType, 'published', now, now)
  sqlite.prepare('INSERT INTO offer_languages (offer_id, language_code) VALUES (?, ?)').run('a1', 'nl')
  sqlite.prepare('INSERT INTO offer_modes (offer_id, mode) VALUES (?, ?)').run('a1', 'group')
  sqlite.prepare('INSERT INTO offer_service_areas (offer_id, region_code) VALUES (?, ?)').run('a1', region)
  sqlite.close()

  const db = openDb(file)
  t.teardown(() => db.$client.close())
  t.equal(db.$client.prepare('SELECT count(*) FROM __drizzle_migrations').pluck().get(), journal.entries.length, 'every migration applied')
  for (const table of ['offer_languages', 'offer_modes', 'offer_service_areas']) {
    t.equal(db.$client.prepare(`SELECT count(*) FROM ${table} WHERE offer_id = 'a1'`).pluck().get(), 1, `${table} kept`)
  }
  t.strictSame(db.$client.pragma('foreign_keys'), [{ foreign_keys: 1 }], 'keys enforced again after the migrations')
})
