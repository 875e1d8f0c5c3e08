// Optimistic concurrency: ETag from the version, 428 without If-Match, 412 when stale, one winner among concurrent writers.
import t from 'tap'
import { setup } from '../helpers/app.js'
import { call, keyFor, OWN } from '../helpers/curation.js'

t.test('If-Match on PATCH', async (t) => {
  const { app, db } = await setup(t)
  const admin = keyFor(db, 'admin')
  const url = `/v1/admin/offers/${OWN.offer}`
  const read = await call(app, admin, 'GET', url)
  t.equal(read.headers.etag, '"1"')
  const missing = await call(app, admin, 'PATCH', url, { internal_note: 'x' })
  t.equal(missing.status, 428)
  t.equal(missing.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.match(missing.body.detail, /needs If-Match/)
  const malformed = await call(app, admin, 'PATCH', url, { internal_note: 'x' }, { 'if-match': '1' })
  t.equal(malformed.status, 400)
  t.strictSame(malformed.body.errors, [{ in: 'headers', path: '/if-match', message: 'an ETag from a read of this entry, like "3"' }])
  const weak = await call(app, admin, 'PATCH', url, { internal_note: 'x' }, { 'if-match': 'W/"1"' })
  t.equal(weak.status, 200, 'a weak tag of the same version is accepted')
  t.equal(weak.headers.etag, '"2"')
  const stale = await call(app, admin, 'PATCH', url, { internal_note: 'y' }, { 'if-match': '"1"' })
  t.equal(stale.status, 412)
  t.equal(stale.body.detail, 'The offer is at version 2, not 1: read it again and reapply the change')
  const transition = await call(app, admin, 'POST', `${url}/unpublish`, undefined, { 'if-match': '"1"' })
  t.equal(transition.status, 412, 'a stale If-Match on a workflow step too')
  t.equal((await call(app, admin, 'GET', url)).body.internal_note, 'x')
})

t.test('twenty concurrent PATCHes with the same ETag: exactly one wins', async (t) => {
  const { app, db } = await setup(t)
  const admin = keyFor(db, 'admin')
  const url = `/v1/admin/offers/${OWN.offer}`
  const revisionsBefore = (db.$client.prepare('SELECT count(*) AS n FROM revisions WHERE entity_id = ?').get(OWN.offer) as { n: number }).n
  const results = await Promise.all(Array.from({ length: 20 }, (_, i) =>
    app.inject({ method: 'PATCH', url, headers: { 'x-api-key': admin, 'if-match': '"1"' }, payload: { internal_note: `writer ${i}` } })))
  const statuses = results.map((r) => r.statusCode).sort()
  t.strictSame(statuses, [200, ...Array(19).fill(412)])
  const winner = results.find((r) => r.statusCode === 200)!.json()
  const stored = (await call(app, admin, 'GET', url)).body
  t.equal(stored.version, 2, 'the version rose by exactly one')
  t.equal(stored.internal_note, winner.internal_note)
  const revisionsAfter = (db.$client.prepare('SELECT count(*) AS n FROM revisions WHERE entity_id = ?').get(OWN.offer) as { n: number }).n
  t.equal(revisionsAfter, revisionsBefore + 1)
  t.comment(`concurrent PATCH outcome: ${statuses.filter((s) => s === 200).length} × 200, ${statuses.filter((s) => s === 412).length} × 412`)
})
