// 5,000 rows import in one transaction (the time is reported, not asserted).
import t from 'tap'
import type { App } from '../../src/app.js'
import type { Db } from '../../src/db/client.js'
import { setup } from '../helpers/app.js'
import { keyFor } from '../helpers/curation.js'

const count = (db: Db, sql: string) => (db.$client.prepare(sql).get() as { n: number }).n
const HEADER = 'slug;organisation_id;name_nl;description_nl;care_type;from_month;to_month;languages;modes;service_area;cost_type;roles;target_groups'
const row = (i: number) => `bulk-${i};consultatiebureau-seefhoek;Aanbod ${i};Beschrijving van aanbod ${i};lotgenotengroep;0;12;nl|fr;group;11002|BE-VAN;free;verpleegkundige|vroedvrouw;kwetsbare_gezinnen`

async function send (app: App, key: string, body: string, query: string) {
  const res = await app.inject({ method: 'POST', url: `/v1/admin/import?${query}`, headers: { 'x-api-key': key, 'content-type': 'text/csv' }, payload: body })
  return { status: res.statusCode, body: res.json() }
}

t.test('5,000 rows in one transaction', async (t) => {
  const { app, db } = await setup(t)
  const admin = keyFor(db, 'admin')
  const csv = [HEADER, ...Array.from({ length: 5000 }, (_, i) => row(i))].join('\n')
  const dryStart = process.hrtime.bigint()
  const finished: string[] = []
  const importing = send(app, admin, csv, 'dry_run=true').then((r) => { finished.push('import'); return r })
  // The file is read and checked between turns of the event loop: other requests are answered meanwhile.
  const healthStart = process.hrtime.bigint()
  const health = await app.inject('/health')
  const healthMs = Number(process.hrtime.bigint() - healthStart) / 1e6
  finished.push('health')
  const dry = await importing
  const dryMs = Number(process.hrtime.bigint() - dryStart) / 1e6
  t.equal(health.statusCode, 200)
  t.strictSame(finished, ['health', 'import'], '/health is answered while the import is still being checked')
  t.match(dry.body, { rows: 5000, valid: 5000, created: 0 })
  const start = process.hrtime.bigint()
  const res = await send(app, admin, csv, 'dry_run=false&publish=true')
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  t.equal(res.status, 201)
  t.equal(res.body.created, 5000)
  t.equal(count(db, "SELECT count(*) AS n FROM offers WHERE slug LIKE 'bulk-%' AND status = 'published'"), 5000)
  t.equal(count(db, "SELECT count(*) AS n FROM revisions WHERE action = 'import'"), 5000)
  t.equal(count(db, "SELECT count(*) AS n FROM change_feed WHERE reason = 'published' AND entity_kind = 'offer' AND action = 'upsert'"), 5000)
  t.equal(count(db, "SELECT count(*) AS n FROM offer_search WHERE name LIKE 'Aanbod %'"), 5000)
  t.comment(`5,000-row CSV (${(csv.length / 1024).toFixed(0)} KiB): dry run ${Math.round(dryMs)} ms (/health during it ${Math.round(healthMs)} ms); import with publish in one transaction ${Math.round(ms)} ms`)
})
