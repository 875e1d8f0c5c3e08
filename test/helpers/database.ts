// Test databases: each a private in-memory copy of one built per process by the real migrations and loaders.
import Database from 'better-sqlite3'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import { type Db, openDb } from '../../src/db/client.js'
import { loadReference } from '../../src/db/reference.js'
import { loadSample } from '../../src/datasets/sample.js'
import * as schema from '../../src/db/schema.js'

/** Settings openDb gives its connection; they live in the connection, not in the database, so each copy is given them again. */
export const CONNECTION_PRAGMAS = ['foreign_keys', 'secure_delete', 'synchronous', 'busy_timeout'] as const

type Image = { bytes: Buffer, pragmas: Array<[string, unknown]> }
const images = new Map<boolean, Image>()

/** Migrations and reference data (and the sample) cost a second or more; the copy of their result costs a few milliseconds. */
function image (sample: boolean): Image {
  let built = images.get(sample)
  if (built === undefined) {
    const db = openDb(':memory:')
    loadReference(db)
    if (sample) loadSample(db)
    built = {
      bytes: db.$client.serialize(),
      pragmas: CONNECTION_PRAGMAS.map((name) => [name, db.$client.pragma(name, { simple: true })])
    }
    db.$client.close()
    images.set(sample, built)
  }
  return built
}

/** The bytes of a database file with the migrations, the reference data and (unless `sample` is false) the sample data. */
export function databaseImage ({ sample = true }: { sample?: boolean } = {}): Buffer {
  return image(sample).bytes
}

/** A fresh in-memory database, as openDb(':memory:') + loadReference (+ loadSample) would give, of its own. */
export function testDatabase ({ sample = true }: { sample?: boolean } = {}): Db {
  const { bytes, pragmas } = image(sample)
  const sqlite = new Database(bytes)
  for (const [name, value] of pragmas) sqlite.pragma(`${name} = ${String(value)}`)
  return drizzle({ client: sqlite, schema, casing: 'snake_case' })
}
