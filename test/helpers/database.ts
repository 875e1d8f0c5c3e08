// Test databases: each a private in-memory copy of one built by the real migrations and loaders, kept across processes.
import Database from 'better-sqlite3'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import { readFileSync } from 'node:fs'
import { type Db, openDb } from '../../src/db/client.js'
import { loadReference } from '../../src/db/reference.js'
import { loadSample } from '../../src/datasets/sample.js'
import * as schema from '../../src/db/schema.js'
import { CACHE_DIR, contentHash, writeShared } from './cache.js'

/** Settings openDb gives its connection; they live in the connection, not in the database, so each copy is given them again. */
export const CONNECTION_PRAGMAS = ['foreign_keys', 'secure_delete', 'synchronous', 'busy_timeout'] as const

type Image = { bytes: Buffer, pragmas: Array<[string, unknown]> }
const images = new Map<boolean, Image>()

/** Migrations and reference data (and the sample) cost a second or more; the copy of their result costs a few milliseconds. */
function image (sample: boolean): Image {
  let built = images.get(sample) ?? stored(sample)
  if (built === undefined) {
    const db = openDb(':memory:')
    loadReference(db)
    if (sample) loadSample(db)
    built = {
      bytes: db.$client.serialize(),
      pragmas: CONNECTION_PRAGMAS.map((name) => [name, db.$client.pragma(name, { simple: true })])
    }
    db.$client.close()
    store(sample, built)
  }
  images.set(sample, built)
  return built
}

// The image is also kept as a file, so that of some 70 test processes one builds it (about 0.9 s of CPU each) and the
// others read it. Its name holds a hash of what could change it (src/, migrations/, seed/) and the hour (the loaders
// stamp entries with the time they ran).
const imageFile = (sample: boolean) =>
  `${CACHE_DIR}test-database-${contentHash(['src', 'migrations', 'seed'])}-${new Date().toISOString().slice(0, 13)}-${sample ? 'sample' : 'reference'}`

function stored (sample: boolean): Image | undefined {
  const file = imageFile(sample)
  try {
    return { pragmas: JSON.parse(readFileSync(`${file}.json`, 'utf8')) as Image['pragmas'], bytes: readFileSync(`${file}.db`) }
  } catch {
    return undefined
  }
}

/** The settings last: a reader that finds them finds the whole image. */
function store (sample: boolean, { bytes, pragmas }: Image): void {
  writeShared(`${imageFile(sample)}.db`, bytes)
  writeShared(`${imageFile(sample)}.json`, JSON.stringify(pragmas))
}

/** The bytes of a database file with the migrations, the reference data and (unless `sample` is false) the sample data. */
export function databaseImage ({ sample = true }: { sample?: boolean } = {}): Buffer {
  return image(sample).bytes
}

/** A fresh in-memory database, as openDb(':memory:') + loadReference (+ loadSample) would give, of its own. */
export function testDatabase ({ sample = true }: { sample?: boolean } = {}): Db {
  const { bytes, pragmas } = image(sample)
  return connect(bytes, pragmas)
}

/** A copy of the database as it is now, in a connection of its own: nothing a connection keeps is shared with `db`. */
export function copyOf (db: Db): Db {
  const bytes = db.$client.serialize()
  // A file in WAL mode says so in its header (bytes 18 and 19 are 2): in memory there is no WAL to open.
  bytes[18] = bytes[19] = 1
  return connect(bytes, CONNECTION_PRAGMAS.map((name) => [name, db.$client.pragma(name, { simple: true })]))
}

function connect (bytes: Buffer, pragmas: Array<[string, unknown]>): Db {
  const sqlite = new Database(bytes)
  for (const [name, value] of pragmas) sqlite.pragma(`${name} = ${String(value)}`)
  return drizzle({ client: sqlite, schema, casing: 'snake_case' })
}
