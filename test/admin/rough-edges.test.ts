// What a new admin runs into: empty JSON bodies on workflow steps, foreign ETags in If-Match, slugs on admin routes.
import t from 'tap'
import { setup } from '../helpers/app.js'
import { call, keyFor, OWN } from '../helpers/curation.js'

t.test('a workflow step accepts Content-Type: application/json with no body', async (t) => {
  const { app, db } = await setup(t)
  const admin = keyFor(db, 'admin')
  const post = (step: string) => app.inject({
    method: 'POST', url: `/v1/admin/offers/${OWN.offer}/${step}`, headers: { 'x-api-key': admin, 'content-type': 'application/json' }
  })
  const statuses: Record<string, [number, string]> = {}
  for (const step of ['verify', 'unpublish', 'publish', 'archive', 'draft']) {
    const res = await post(step)
    statuses[step] = [res.statusCode, res.json().status]
  }
  t.strictSame(statuses, {
    verify: [200, 'published'], unpublish: [200, 'draft'], publish: [200, 'published'], archive: [200, 'archived'], draft: [200, 'draft']
  })
  const create = await app.inject({ method: 'POST', url: '/v1/admin/offers', headers: { 'x-api-key': admin, 'content-type': 'application/json' } })
  t.equal(create.statusCode, 400, 'a route that needs a body still says so')
  t.equal(create.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.match(create.json(), { errors: [{ in: 'body' }] })
  const broken = await app.inject({ method: 'POST', url: `/v1/admin/offers/${OWN.offer}/verify`, headers: { 'x-api-key': admin, 'content-type': 'application/json' }, payload: '{' })
  t.equal(broken.statusCode, 400, 'a body that is not JSON is still refused')
})

t.test('If-Match: a well-formed tag that matches nothing is 412; * and lists', async (t) => {
  const { app, db } = await setup(t)
  const admin = keyFor(db, 'admin')
  const url = `/v1/admin/offers/${OWN.offer}`
  const foreign = await call(app, admin, 'PATCH', url, { internal_note: 'x' }, { 'if-match': '"stale-0"' })
  t.equal(foreign.status, 412)
  t.equal(foreign.body.detail, 'The offer is at version 1, not the one If-Match names: read it again and reapply the change')
  t.equal((await call(app, admin, 'POST', `${url}/verify`, undefined, { 'if-match': 'W/"abc"' })).status, 412)
  t.equal((await call(app, admin, 'POST', `${url}/verify`, undefined, { 'if-match': '"1", "x"' })).status, 200, 'a list with the current version')
  t.equal((await call(app, admin, 'PATCH', url, { internal_note: 'y' }, { 'if-match': '"7", "2", "9"' })).status, 200, 'the current version anywhere in the list')
  t.equal((await call(app, admin, 'PATCH', url, { internal_note: 'z' }, { 'if-match': '"7", "8"' })).status, 412, 'a list of other versions')
  const any = await call(app, admin, 'PATCH', url, { internal_note: 'w' }, { 'if-match': '*' })
  t.equal(any.status, 200, '* matches whatever version is current')
  t.equal(any.headers.etag, '"4"')
  for (const bad of ['1', '"unclosed', '"a" "b"', 'W/ "1"']) {
    const res = await call(app, admin, 'PATCH', url, { internal_note: 'v' }, { 'if-match': bad })
    t.equal(res.status, 400, `malformed: ${bad}`)
  }
})

t.test('admin routes take slugs as well as ids', async (t) => {
  const { app, db } = await setup(t)
  const admin = keyFor(db, 'admin')
  const bySlug = await call(app, admin, 'GET', '/v1/admin/offers/cb-seefhoek')
  t.equal(bySlug.status, 200)
  t.equal(bySlug.body.id, OWN.offer)
  const patched = await call(app, admin, 'PATCH', '/v1/admin/offers/cb-seefhoek', { internal_note: 'via slug' }, { 'if-match': '"1"' })
  t.equal(patched.status, 200)
  t.equal((await call(app, admin, 'GET', `/v1/admin/offers/${OWN.offer}`)).body.internal_note, 'via slug')
  t.equal((await call(app, admin, 'POST', '/v1/admin/offers/cb-seefhoek/verify')).status, 200)
  t.equal((await call(app, admin, 'GET', '/v1/admin/offers/cb-seefhoek/history')).body.total_items, 3)
  t.equal((await call(app, admin, 'GET', '/v1/admin/organisations/consultatiebureau-seefhoek')).body.id, OWN.organisation)
  const unknown = await call(app, admin, 'GET', '/v1/admin/offers/no-such-offer')
  t.equal(unknown.status, 404)
  t.equal(unknown.body.detail, 'offer no-such-offer not found')
  t.equal((await call(app, admin, 'GET', '/v1/admin/locations/cb-seefhoek')).status, 404, 'locations have no slug')
  t.equal((await call(app, admin, 'GET', '/v1/admin/offers/not%20a%20slug')).status, 400)
  const editor = keyFor(db, 'editor', [OWN.organisation])
  t.equal((await call(app, editor, 'GET', '/v1/admin/offers/papa-in-zicht')).status, 404, 'an editor learns nothing of other organisations by slug either')
})
