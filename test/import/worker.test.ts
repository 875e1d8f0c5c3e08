// An import into a database file is read, checked and written by a worker thread: the server answers meanwhile, writes
// wait with a 503 while the rows are written, and the rows land all together or not at all.
import { writeFileSync } from 'node:fs'
import t, { type Test } from 'tap'
import { type App, buildApp } from '../../src/app.js'
import { openDb } from '../../src/db/client.js'
import { checkContract, setup, testConfig } from '../helpers/app.js'
import { call, keyFor, OWN } from '../helpers/curation.js'
import { databaseImage } from '../helpers/database.js'
import { tempDir } from '../helpers/server.js'

const HEADER = 'slug;organisation_id;name_nl;description_nl;care_type;from_month;to_month;languages;modes;service_area;cost_type;contact_name'
const csvOf = (rows: number, prefix = 'werk') => [HEADER, ...Array.from({ length: rows }, (_, i) =>
  `${prefix}-${i};consultatiebureau-seefhoek;Aanbod ${i};Beschrijving van aanbod ${i};lotgenotengroep;0;12;nl|fr;group;11002;free;Onthaal`)].join('\n')

/** The app on a database file (WAL), as the service runs it: only a file can be opened by a second thread. */
async function fileApp (t: Test) {
  const file = `${tempDir(t)}/directory.db`
  writeFileSync(file, databaseImage())
  const db = openDb(file)
  // Generous deadlines: on a loaded machine a request may wait long behind the import's checks.
  const app = await buildApp({ config: testConfig({ BODY_TIMEOUT_MS: '60000', REQUEST_TIMEOUT_MS: '60000' }), db }, {}, checkContract(t))
  t.teardown(async () => { await app.close(); db.$client.close() })
  const count = (sql: string) => db.$client.prepare(sql).pluck().get() as number
  return { app, db, count, admin: keyFor(db, 'admin', [], 'Importer') }
}

const importing = (app: App, key: string, csv: string, query = 'dry_run=false&publish=true') =>
  app.inject({ method: 'POST', url: `/v1/admin/import?${query}`, headers: { 'x-api-key': key, 'content-type': 'text/csv' }, payload: csv })

t.test('a real import lands every row; meanwhile /health answers and a curator write gets 503 with Retry-After, then goes through', async (t) => {
  const { app, db, count, admin } = await fileApp(t)
  const editor = keyFor(db, 'editor', [OWN.organisation], 'Editor')
  const fresh = keyFor(db, 'editor', [OWN.organisation], 'First used during the import')
  const offersBefore = count('SELECT count(*) FROM offers')
  let finished = false
  const pending = importing(app, admin, csvOf(3000)).then((res) => { finished = true; return res })

  // The rows are checked first (other writes still go through then); once they are being written, writes are refused.
  const rename = { name: { nl: 'Nieuwe naam' } }
  let refused
  for (let tries = 0; ; tries++) {
    const stored = await call(app, editor, 'GET', `/v1/admin/offers/${OWN.offer}`)
    t.equal(stored.status, 200, 'reads go on')
    const res = await call(app, editor, 'PATCH', `/v1/admin/offers/${OWN.offer}`, rename, { 'if-match': stored.headers.etag as string })
    if (res.status !== 200) { refused = res; break }
    t.notOk(finished, 'a write before the rows are written goes through, and the import was not over yet')
    rename.name.nl = `Nieuwe naam ${tries}`
  }
  t.equal(refused.status, 503)
  t.equal(refused.headers['retry-after'], '5')
  t.match(refused.body, { status: 503, detail: 'An import of 3000 offers is being written; nothing else can be written until it is done: try again in a few seconds' })
  t.equal((await call(app, fresh, 'GET', `/v1/admin/offers/${OWN.offer}`)).status, 200, 'a key used for the first time reads')
  const health = await app.inject('/health')
  t.equal(health.statusCode, 200)
  t.notOk(finished, '/health was answered while the rows were being written')
  const second = await importing(app, admin, csvOf(2, 'tweede'))
  t.equal(second.statusCode, 503, 'a second import waits its turn')
  t.notOk(finished)

  const res = await pending
  t.equal(res.statusCode, 201)
  t.match(res.json(), { rows: 3000, created: 3000 })
  t.equal(count('SELECT count(*) FROM offers') - offersBefore, 3000)
  t.equal(count("SELECT count(*) FROM offers WHERE slug LIKE 'werk-%' AND status = 'published'"), 3000)
  t.equal(count("SELECT count(*) FROM revisions WHERE action = 'import' AND key_label = 'Importer'"), 3000)
  t.equal(count("SELECT count(*) FROM offer_search WHERE offer_id IN (SELECT id FROM offers WHERE slug LIKE 'werk-%')"), 3000)
  t.equal(count("SELECT count(*) FROM change_feed WHERE entity_kind = 'offer' AND reason = 'published'"), 3000)
  const search = await app.inject('/v1/offers?q=Aanbod')
  t.ok(search.json().total_items >= 3000, 'the search index picked the import up from the feed')

  const lastUsed = () => db.$client.prepare("SELECT last_used_at FROM api_keys WHERE label = 'First used during the import'").pluck().get()
  t.equal(lastUsed(), null, 'its last use waits for a later one')
  await call(app, fresh, 'GET', `/v1/admin/offers/${OWN.offer}`)
  t.not(lastUsed(), null)

  // The refused write was not lost halfway: sent again, it goes through.
  const stored = await call(app, editor, 'GET', `/v1/admin/offers/${OWN.offer}`)
  const again = await call(app, editor, 'PATCH', `/v1/admin/offers/${OWN.offer}`, rename, { 'if-match': stored.headers.etag as string })
  t.equal(again.status, 200)
  t.equal(again.body.name.nl, rename.name.nl)
  t.ok(count("SELECT count(*) FROM revisions WHERE action = 'update'") > 0)
  t.equal((await importing(app, admin, csvOf(2, 'tweede'))).statusCode, 201, 'the next import goes through')
})

t.test('a row the write refuses, in a big import, leaves nothing written', async (t) => {
  const { app, db, count, admin } = await fileApp(t)
  // What the checks cannot see beforehand: the database refuses the last row while the worker writes.
  db.$client.exec("CREATE TRIGGER refuse_last BEFORE INSERT ON offers WHEN NEW.slug = 'werk-1999' BEGIN SELECT RAISE(ABORT, 'refused'); END")
  const before = ['offers', 'revisions', 'offer_search', 'change_feed', 'audit_log'].map((table) => count(`SELECT count(*) FROM ${table}`))
  const res = await importing(app, admin, csvOf(2000))
  t.equal(res.statusCode, 409)
  t.match(res.json(), { status: 409, detail: 'The change conflicts with stored data' })
  t.strictSame(['offers', 'revisions', 'offer_search', 'change_feed', 'audit_log'].map((table) => count(`SELECT count(*) FROM ${table}`)), before)

  // A row the checks find keeps the whole file out too (nothing is asked to be written).
  const csv = csvOf(2000).replace('werk-1500;consultatiebureau-seefhoek', 'werk-1500;geen-organisatie')
  const checked = await importing(app, admin, csv)
  t.equal(checked.statusCode, 422)
  t.match(checked.json().report, { rows: 2000, invalid: 1, created: 0, problems: [{ row: 1501, field: 'organisation_id' }] })
  t.equal(count('SELECT count(*) FROM offers'), before[0])

})

t.test('the worker thread answers as this thread does for a database in memory: reports, unreadable files, too many rows', async (t) => {
  const { app: fileBacked, admin } = await fileApp(t)
  const memory = await setup(t)
  const memoryAdmin = keyFor(memory.db, 'admin')
  const json = JSON.stringify([{ slug: 'json-0' }, { slug: 'json-1', organisation_id: OWN.organisation, name: { nl: 'Aanbod' } }])
  const files: Array<[string, string, string]> = [
    ['text/csv', csvOf(20).replace('werk-7;consultatiebureau-seefhoek', 'werk-7;geen-organisatie'), 'dry_run=true&publish=true'],
    ['text/csv', csvOf(20).replace('werk-7;consultatiebureau-seefhoek', 'werk-7;geen-organisatie'), 'dry_run=false'],
    ['application/json', json, 'dry_run=true'],
    ['text/csv', `${HEADER}\nx;"Half`, 'dry_run=true'],
    ['application/json', '[{"slug": ', 'dry_run=false'],
    ['text/csv', csvOf(10001), 'dry_run=true']
  ]
  // What differs by nature: the request's id.
  const answer = (res: Awaited<ReturnType<typeof importing>>) => ({ status: res.statusCode, type: res.headers['content-type'], body: { ...res.json(), request_id: undefined } })
  for (const [type, body, query] of files) {
    const send = (app: App, key: string) => app.inject({ method: 'POST', url: `/v1/admin/import?${query}`, headers: { 'x-api-key': key, 'content-type': type }, payload: body })
    const inWorker = answer(await send(fileBacked, admin))
    t.strictSame(inWorker, answer(await send(memory.app, memoryAdmin)), `${type} ${query}: ${inWorker.status}`)
  }
})

t.test('a database in memory is written in this thread, the same way: all rows or none', async (t) => {
  const { app, db } = await setup(t)
  const admin = keyFor(db, 'admin')
  const count = () => db.$client.prepare("SELECT count(*) FROM offers WHERE slug LIKE 'werk-%'").pluck().get()
  db.$client.exec("CREATE TRIGGER refuse_last BEFORE INSERT ON offers WHEN NEW.slug = 'werk-299' BEGIN SELECT RAISE(ABORT, 'refused'); END")
  const refused = await importing(app, admin, csvOf(300))
  t.equal(refused.statusCode, 409)
  t.equal(count(), 0)
  db.$client.exec('DROP TRIGGER refuse_last')
  const written = await importing(app, admin, csvOf(300))
  t.equal(written.statusCode, 201)
  t.equal(count(), 300)
})
