// The search index kept next to the database file: a restart with the same data reads it back and answers exactly as a
// fresh build would; any change of the data, the reference or the file itself means a fresh build, never a stale answer.
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { buildApp, loggerOptions } from '../../src/app.js'
import { feedPosition } from '../../src/core/feed-position.js'
import { type Db, openDb } from '../../src/db/client.js'
import { loadReference } from '../../src/db/reference.js'
import { loadSample } from '../../src/datasets/sample.js'
import { SearchIndex } from '../../src/search/index.js'
import { SearchReference } from '../../src/search/reference.js'
import { offerSearch } from '../../src/search/service.js'
import { readSnapshot, snapshotFile, stateDigest } from '../../src/search/snapshot.js'
import { testConfig } from '../helpers/app.js'
import { call, keyFor } from '../helpers/curation.js'

type Log = Record<string, unknown>

/** Starts the service on the database file as `npm start` would (same file, reference loaded), collecting its log. */
async function start (file: string, env: Record<string, string> = {}) {
  const db = openDb(file)
  loadReference(db)
  const config = testConfig({ LOG_LEVEL: 'info', ...env })
  const logs: Log[] = []
  const app = await buildApp({ config, db }, { logger: { ...(loggerOptions(config) as object), stream: { write: (line: string) => { logs.push(JSON.parse(line)) } } } })
  const stop = async () => { await app.close(); db.$client.close() }
  const opened = logs.find((l) => typeof l.msg === 'string' && l.msg.startsWith('search index'))
  return { app, db, logs, stop, opened: opened as Log }
}

/** A database file with the reference and the sample directory, as a first start leaves it. */
function sampleDatabase (t: Test, prepare?: (db: Db) => void): string {
  const file = join(t.testdir(), 'directory.db')
  const db = openDb(file)
  loadReference(db)
  loadSample(db)
  prepare?.(db)
  db.$client.close()
  return file
}

const URLS = [
  '/v1/offers?per_page=100', '/v1/offers?q=angst&postcode=9000', '/v1/offers?near=51.05,3.72&radius_km=30&sort=distance',
  '/v1/offers?facets=true&phase=zwangerschap,baby&language=fr', '/v1/offers?region=BE-VAN&care_type=ggz&lang=en',
  '/v1/offers/mbu-de-wiege', '/v1/organisations?per_page=100', '/hsds/services?per_page=50'
]

async function answers (app: Awaited<ReturnType<typeof start>>['app']) {
  return Promise.all(URLS.map(async (url) => {
    const res = await app.inject(url)
    return { url, status: res.statusCode, body: res.body }
  }))
}

t.test('a restart with the same data reads the index from its snapshot and answers exactly as a fresh build', async (t) => {
  const file = sampleDatabase(t)

  const first = await start(file)
  t.match(first.opened, { msg: 'search index built', reason: 'no snapshot', offers: 39 })
  t.ok(statSync(`${file}.search-index`).size > 10_000, 'saved next to the database file')
  const built = await answers(first.app)
  t.ok(built.every((a) => a.status === 200))
  await first.stop()

  const second = await start(file)
  t.teardown(second.stop)
  t.match(second.opened, { msg: 'search index read from its snapshot', offers: 39 })
  t.strictSame(await answers(second.app), built, 'every answer as before (ETags name the process too, so they change)')
  // Field by field (classes included): nothing the build makes is missing from the snapshot.
  const { db } = second
  const { ref } = offerSearch(db)
  const [restored, fresh] = db.$client.transaction(() => [
    readSnapshot(snapshotFile(db)!, db, ref, feedPosition(db), stateDigest(db, ref)).index,
    new SearchIndex(db, ref, feedPosition(db))
  ])()
  t.strictSame(restored, fresh, 'the restored index equals a fresh build')
})

t.test('a change made after the snapshot was saved: the next start builds again and shows it', async (t) => {
  let admin = ''
  const file = sampleDatabase(t, (db) => { admin = keyFor(db, 'admin') })
  await (await start(file)).stop()

  // Archived while the index in memory is still the old one: at close there is nothing new to save.
  const first = await start(file)
  t.match(first.opened, { msg: 'search index read from its snapshot' })
  const offer = (await first.app.inject('/v1/offers/mbu-de-wiege')).json()
  t.equal((await call(first.app, admin, 'POST', `/v1/admin/offers/${offer.id}/archive`)).status, 200)
  await first.stop()

  const second = await start(file)
  t.match(second.opened, { msg: 'search index built', reason: 'the snapshot is of another state' })
  t.equal((await second.app.inject('/v1/offers/mbu-de-wiege')).statusCode, 404, 'the archived offer is gone')
  t.equal((await second.app.inject('/v1/offers?per_page=100')).json().total_items, 38)
  // Another change, searched after: the index at close is newer than the file, and is saved for the next start.
  const other = (await second.app.inject('/v1/offers/papa-in-zicht')).json()
  t.equal((await call(second.app, admin, 'POST', `/v1/admin/offers/${other.id}/archive`)).status, 200)
  t.equal((await second.app.inject('/v1/offers?per_page=100')).json().total_items, 37)
  await second.stop()

  const third = await start(file)
  t.teardown(third.stop)
  t.match(third.opened, { msg: 'search index read from its snapshot', offers: 37 })
  t.equal((await third.app.inject('/v1/offers/papa-in-zicht')).statusCode, 404)
})

t.test('the reference is part of the state: a renamed region means a fresh build', async (t) => {
  const file = sampleDatabase(t)
  await (await start(file)).stop()
  const db = openDb(file)
  db.$client.prepare('UPDATE regions SET name_nl = ? WHERE code = ?').run('Gent (hernoemd)', '44021')
  db.$client.close()
  const restarted = await start(file)
  t.teardown(restarted.stop)
  t.match(restarted.opened, { msg: 'search index built', reason: 'the snapshot is of another state' })
})

t.test('a damaged snapshot is not used, and is replaced', async (t) => {
  const file = sampleDatabase(t)
  const first = await start(file)
  const built = await answers(first.app)
  await first.stop()

  const snapshot = readFileSync(`${file}.search-index`)
  snapshot[snapshot.length - 100]! ^= 0xff
  writeFileSync(`${file}.search-index`, snapshot)
  const second = await start(file)
  t.match(second.opened, { msg: 'search index built', reason: 'the snapshot is damaged' })
  t.strictSame(await answers(second.app), built)
  await second.stop()

  // The right state and checksum over a body that is no snapshot: written by something else.
  const probe = openDb(file)
  const digest = probe.$client.transaction(() => stateDigest(probe, new SearchReference(probe)))()
  probe.$client.close()
  const garbage = Buffer.from('not a serialised index')
  writeFileSync(`${file}.search-index`, Buffer.concat([Buffer.from(`${digest} ${createHash('sha256').update(garbage).digest('hex')}\n`), garbage]))
  const unreadable = await start(file)
  t.match(unreadable.opened, { msg: 'search index built', reason: 'the snapshot cannot be read' })
  t.strictSame(await answers(unreadable.app), built)
  await unreadable.stop()

  writeFileSync(`${file}.search-index`, 'not a snapshot at all')
  const third = await start(file)
  t.match(third.opened, { reason: 'the snapshot is of another state' })
  await third.stop()
  const fourth = await start(file)
  t.teardown(fourth.stop)
  t.match(fourth.opened, { msg: 'search index read from its snapshot' }, 'the file was written again')
})

t.test('a snapshot that cannot be saved costs the next start time, nothing else; SEARCH_SNAPSHOT=false keeps none', async (t) => {
  const file = sampleDatabase(t)
  // A directory where the file should be: it can be neither read nor replaced.
  mkdirSync(`${file}.search-index`)
  const blocked = await start(file)
  t.match(blocked.opened, { msg: 'search index built', reason: 'no snapshot' })
  t.match(blocked.logs.find((l) => l.level === 40), { msg: 'the search index snapshot could not be saved', file: `${file}.search-index` })
  t.equal((await blocked.app.inject('/v1/offers?per_page=1')).json().total_items, 39, 'the service answers')
  await blocked.stop()
  rmSync(`${file}.search-index`, { recursive: true })

  const off = await start(file, { SEARCH_SNAPSHOT: 'false' })
  t.match(off.opened, { msg: 'search index built', offers: 39, reason: 'no snapshot is kept' })
  await off.stop()
  t.throws(() => statSync(`${file}.search-index`), { code: 'ENOENT' }, 'nothing saved')
})

t.test('a second app on the same database shares its index', async (t) => {
  const file = join(t.testdir(), 'directory.db')
  const db = openDb(file)
  loadReference(db)
  loadSample(db)
  const config = testConfig()
  const one = await buildApp({ config, db })
  const two = await buildApp({ config, db })
  t.teardown(async () => { await two.close(); await one.close(); db.$client.close() })
  t.equal((await two.inject('/v1/offers?per_page=1')).json().total_items, 39)
})

t.test('an empty directory (no change yet) is kept too', async (t) => {
  const file = join(t.testdir(), 'directory.db')
  await (await start(file)).stop()
  const restarted = await start(file)
  t.teardown(restarted.stop)
  t.match(restarted.opened, { msg: 'search index read from its snapshot', offers: 0 })
  t.equal((await restarted.app.inject('/v1/offers')).json().total_items, 0)
})
