// History: who, when, what changed; restore as a new revision; the audit log for admins.
import t from 'tap'
import { setup } from '../helpers/app.js'
import { call, keyFor, OTHER, OWN } from '../helpers/curation.js'

t.test('every change is a revision; restore brings content back as a new one', async (t) => {
  const { app, db } = await setup(t)
  const admin = keyFor(db, 'admin', [], 'Lead curator')
  const editor = keyFor(db, 'editor', [OWN.organisation], 'Seefhoek team')
  const url = `/v1/admin/offers/${OWN.offer}`
  await call(app, editor, 'PATCH', url, { name: { nl: 'Seefhoek' }, waiting_time: 'lt_2w' }, { 'if-match': '"1"' })
  await call(app, admin, 'POST', `${url}/unpublish`)
  const history = await call(app, editor, 'GET', `${url}/history`)
  t.equal(history.status, 200)
  t.equal(history.headers['cache-control'], 'no-store')
  t.match(history.body, { total_items: 3, page_number: 1 })
  const [unpublish, update, create] = history.body.contents
  t.match(unpublish, { revision: 3, action: 'unpublish', key_label: 'Lead curator', changes: [{ field: 'status', before: 'published', after: 'draft' }] })
  t.match(update, { revision: 2, action: 'update', key_label: 'Seefhoek team' })
  t.strictSame(update.changes, [
    { field: 'name', before: { nl: 'Consultatiebureau Seefhoek', en: 'Seefhoek child health clinic' }, after: { nl: 'Seefhoek' } },
    { field: 'waiting_time', before: null, after: 'lt_2w' }
  ])
  t.match(create, { revision: 1, action: 'create', key_id: null, key_label: 'sample data' })
  t.match(new Date(update.at).toISOString(), update.at)
  const paged = await call(app, editor, 'GET', `${url}/history?per_page=1&page=2`)
  t.strictSame(paged.body.contents.map((r: { revision: number }) => r.revision), [2])

  const restored = await call(app, editor, 'POST', `${url}/history/1/restore`, undefined, { 'if-match': '"3"' })
  t.equal(restored.status, 200)
  t.equal(restored.headers.etag, '"4"')
  t.match(restored.body, { version: 4, status: 'draft', name: { nl: 'Consultatiebureau Seefhoek' }, waiting_time: null })
  const latest = (await call(app, editor, 'GET', `${url}/history?per_page=1`)).body.contents[0]
  t.match(latest, { revision: 4, action: 'restore', key_label: 'Seefhoek team' })
  t.strictSame(latest.changes.map((c: { field: string }) => c.field), ['name', 'waiting_time'], 'the workflow status stays as it is')

  t.equal((await call(app, editor, 'POST', `${url}/history/99/restore`)).status, 404)
  t.equal((await call(app, editor, 'POST', `${url}/history/0/restore`)).status, 400)
})

t.test('a restore must give a valid, and when published complete, entry', async (t) => {
  const { app, db } = await setup(t)
  const admin = keyFor(db, 'admin')
  const url = `/v1/admin/offers/${OWN.offer}`
  await call(app, admin, 'POST', `${url}/unpublish`)
  await call(app, admin, 'PATCH', url, { languages: [] }, { 'if-match': '"2"' })
  await call(app, admin, 'PATCH', url, { languages: ['nl'] }, { 'if-match': '"3"' })
  await call(app, admin, 'POST', `${url}/publish`)
  const incomplete = await call(app, admin, 'POST', `${url}/history/3/restore`)
  t.equal(incomplete.status, 422)
  t.strictSame(incomplete.body.errors.map((e: { path: string }) => e.path), ['/languages'])
  // A revision that names a code the reference no longer has cannot come back as it was.
  db.$client.prepare("UPDATE revisions SET snapshot = json_set(snapshot, '$.care_type', 'gone') WHERE entity_id = ? AND revision = 1").run(OWN.offer)
  const unknown = await call(app, admin, 'POST', `${url}/history/1/restore`)
  t.equal(unknown.status, 400)
  t.strictSame(unknown.body.errors, [{ in: 'body', path: '/care_type', message: 'unknown care type \'gone\'' }])
  db.$client.prepare("UPDATE revisions SET snapshot = json_set(snapshot, '$.slug', 'Not A Slug') WHERE entity_id = ? AND revision = 1").run(OWN.offer)
  const invalid = await call(app, admin, 'POST', `${url}/history/1/restore`)
  t.equal(invalid.status, 400)
  t.match(invalid.body.errors, [{ in: 'revision', path: '/slug' }])
})

t.test('the audit log', async (t) => {
  const { app, db } = await setup(t)
  const admin = keyFor(db, 'admin', [], 'Lead curator')
  const adminId = (db.$client.prepare("SELECT id FROM api_keys WHERE label = 'Lead curator'").get() as { id: string }).id
  await call(app, admin, 'POST', `/v1/admin/offers/${OWN.offer}/verify`)
  await call(app, admin, 'POST', `/v1/admin/organisations/${OTHER.organisation}/verify`)
  await call(app, admin, 'POST', `/v1/admin/offers/${OTHER.offer}/archive`)
  const all = await call(app, admin, 'GET', '/v1/admin/audit?per_page=3')
  t.equal(all.status, 200)
  t.strictSame(all.body.contents.map((a: { action: string, entity_id: string }) => [a.action, a.entity_id]), [
    ['archive', OTHER.offer], ['verify', OTHER.organisation], ['verify', OWN.offer]
  ])
  t.strictSame(Object.keys(all.body.contents[0]).sort(), ['action', 'at', 'entity_id', 'entity_kind', 'id', 'key_id', 'key_label', 'revision'], 'no entry content')
  const mine = await call(app, admin, 'GET', `/v1/admin/audit?key_id=${adminId}`)
  t.equal(mine.body.total_items, 3)
  const verifies = await call(app, admin, 'GET', '/v1/admin/audit?action=verify&entity_kind=offer')
  t.strictSame(verifies.body.contents.map((a: { entity_id: string, revision: number }) => [a.entity_id, a.revision]), [[OWN.offer, 2]])
  const one = await call(app, admin, 'GET', `/v1/admin/audit?entity_id=${OTHER.offer}`)
  t.strictSame(one.body.contents.map((a: { action: string }) => a.action), ['archive', 'create'])
  t.equal((await call(app, admin, 'GET', '/v1/admin/audit?entity_kind=planet')).status, 400)
})
