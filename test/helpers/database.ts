// Test databases: each a private in-memory copy of one built by the real migrations and loaders, kept across processes.
import Database from 'better-sqlite3'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import { createHash } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
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
// others read it. Its name is a hash of everything that could change it (src/, migrations/, seed/) and of the hour
// (the loaders stamp entries with the time they ran), so a stored image is never stale.
const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const CACHE = `${ROOT}node_modules/.cache/`
const SOURCES = ['src', 'migrations', 'seed']
let sourcesHash: string | undefined

function imageFile (sample: boolean): string {
  if (sourcesHash === undefined) {
    const hash = createHash('sha256')
    for (const folder of SOURCES) {
      for (const name of readdirSync(`${ROOT}${folder}`, { recursive: true, encoding: 'utf8' }).sort()) {
        const path = `${ROOT}${folder}/${name}`
        if (statSync(path).isFile()) hash.update(`${folder}/${name}\0`).update(readFileSync(path))
      }
    }
    sourcesHash = hash.digest('hex').slice(0, 16)
  }
  return `${CACHE}test-database-${sourcesHash}-${new Date().toISOString().slice(0, 13)}-${sample ? 'sample' : 'reference'}`
}

function stored (sample: boolean): Image | undefined {
  const file = imageFile(sample)
  try {
    return { pragmas: JSON.parse(readFileSync(`${file}.json`, 'utf8')) as Image['pragmas'], bytes: readFileSync(`${file}.db`) }
  } catch {
    return undefined
  }
}

/** Written aside and renamed, the settings last, so a process running beside this one reads a whole image or none. */
function store (sample: boolean, { bytes, pragmas }: Image): void {
  const file = imageFile(sample)
  mkdirSync(CACHE, { recursive: true })
  for (const [suffix, content] of [['.db', bytes], ['.json', JSON.stringify(pragmas)]] as const) {
    writeFileSync(`${file}${suffix}.${process.pid}`, content)
    renameSync(`${file}${suffix}.${process.pid}`, `${file}${suffix}`)
  }
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
