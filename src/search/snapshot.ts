// The search index saved next to the database file, so a restart with the same data reads it back (about 0.25 s for
// 50,000 offers) instead of building it (1.3-1.9 s): `npm run bench` is ready in 1.4 s from a snapshot, 2.6-4.1 s
// building (docs/performance.md). A snapshot is used only when everything its build read is
// the same: the feed's last change (which moves with every change of the public directory and differs between a
// database and a restored, diverged copy), the applied migrations, the search reference, the code of this folder
// and the Node version. Anything else, or a body that does not match its checksum, means a fresh build: the file is
// never trusted over the database.
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { deserialize, serialize } from 'node:v8'
import type { Db } from '../db/client.js'
import { prepared } from '../db/statements.js'
import { BUILT_FIELDS, type BuiltFields, SearchIndex } from './index.js'
import type { SearchReference } from './reference.js'

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex')

// The code that builds and reads an index: any change to it makes older snapshots unusable.
const here = dirname(fileURLToPath(import.meta.url))
const codeHash = sha256(readdirSync(here, { withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => entry.name).sort()
  .map((file) => sha256(readFileSync(join(here, file)))).join(','))

/** Where the index of this database is kept between runs: next to its file; none for a database in memory. */
export const snapshotFile = (db: Db) => (db.$client.memory ? undefined : `${db.$client.name}.search-index`)

// The reference is read once per process (at start), so its digest is worked out once. From its JSON, not from
// v8.serialize: that writes a number as an integer or a double depending on how the engine happens to store it.
const referenceDigest = new WeakMap<SearchReference, string>()
const plain = (_key: string, value: unknown) =>
  value instanceof Map ? [...value] : ArrayBuffer.isView(value) ? Array.from(value as Uint8Array) : typeof value === 'number' && !Number.isFinite(value) ? String(value) : value

/** What the index built from this database now would depend on, as one digest; read inside the build's transaction. */
export function stateDigest (db: Db, ref: SearchReference): string {
  const lastChange = prepared(db, 'SELECT seq, entity_kind, entity_id, action, at FROM change_feed ORDER BY seq DESC LIMIT 1').raw().get() ?? null
  const migrations = prepared(db, 'SELECT group_concat(hash) FROM __drizzle_migrations').pluck().get()
  let reference = referenceDigest.get(ref)
  if (reference === undefined) referenceDigest.set(ref, reference = sha256(JSON.stringify(ref, plain)))
  return sha256(JSON.stringify([process.version, codeHash, migrations, lastChange, reference]))
}

/** The index in the file when it was saved at this state; undefined (and the reason) when it cannot be used. */
export function readSnapshot (file: string, db: Db, ref: SearchReference, position: number, digest: string):
  { index: SearchIndex } | { index?: undefined, reason: string } {
  let data: Buffer
  try {
    data = readFileSync(file)
  } catch {
    return { reason: 'no snapshot' }
  }
  const newline = data.indexOf(10)
  const [state, checksum] = data.subarray(0, newline).toString().split(' ')
  if (state !== digest) return { reason: 'the snapshot is of another state' }
  const body = data.subarray(newline + 1)
  if (sha256(body) !== checksum) return { reason: 'the snapshot is damaged' }
  try {
    return { index: SearchIndex.restore(db, ref, position, deserialize(body) as BuiltFields) }
  } catch {
    // Not written by writeSnapshot (which only saves what deserialises): a start must not fail on a cache file.
    return { reason: 'the snapshot cannot be read' }
  }
}

/** Saves the index with the digest of the state it was built at; written aside and renamed, so a reader never sees half a file. */
export function writeSnapshot (file: string, index: SearchIndex, digest: string): void {
  const fields = Object.fromEntries(BUILT_FIELDS.map((name) => [name, index[name]]))
  const partial = `${file}.${process.pid}.partial`
  try {
    const body = serialize(fields)
    writeFileSync(partial, Buffer.concat([Buffer.from(`${digest} ${sha256(body)}\n`), body]))
    renameSync(partial, file)
  } finally {
    rmSync(partial, { force: true })
  }
}
