// Server-managed fields cannot be written: every field, every write operation, every kind; nothing changes in the database.
import t from 'tap'
import { SERVER_FIELDS } from '../../src/curation/workflow.js'
import { setup } from '../helpers/app.js'
import { call, keyFor, locationBody, offerBody, organisationBody, OWN } from '../helpers/curation.js'

const VALUES: Record<typeof SERVER_FIELDS[number], unknown> = {
  id: '00000000-0000-4000-8000-000000000001', status: 'published', version: 99, created_at: '2000-01-01T00:00:00.000Z',
  updated_at: '2000-01-01T00:00:00.000Z', published_at: '2000-01-01T00:00:00.000Z', verified_at: '2000-01-01T00:00:00.000Z', verified_by: 'me'
}

t.test('create and PATCH refuse every server-managed field, naming it', async (t) => {
  const { app, db } = await setup(t)
  const admin = keyFor(db, 'admin')
  const snapshot = () => JSON.stringify(['offers', 'organisations', 'locations', 'revisions'].map((table) => db.$client.prepare(`SELECT * FROM ${table} ORDER BY 1`).all()))
  const before = snapshot()
  const kinds = [
    { kind: 'offers', body: offerBody(OWN.organisation), id: OWN.offer },
    { kind: 'organisations', body: organisationBody(), id: OWN.organisation },
    { kind: 'locations', body: locationBody(OWN.organisation), id: OWN.location }
  ]
  for (const { kind, body, id } of kinds) {
    for (const field of SERVER_FIELDS) {
      for (const [method, url, payload] of [['POST', `/v1/admin/${kind}`, { ...body, [field]: VALUES[field] }], ['PATCH', `/v1/admin/${kind}/${id}`, { [field]: VALUES[field] }]] as const) {
        const res = await call(app, admin, method, url, payload, { 'if-match': '"1"' })
        t.equal(res.status, 400, `${method} ${kind} ${field}`)
        t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
        t.equal(res.body.detail, 'The body sets fields that only the server sets')
        t.strictSame(res.body.errors, [{
          in: 'body', path: `/${field}`,
          message: `${field} is set by the server and cannot be written${field === 'status' ? ' (use publish, unpublish, archive or draft)' : ''}`
        }])
      }
    }
    const all = await call(app, admin, 'POST', `/v1/admin/${kind}`, { ...body, ...VALUES })
    t.strictSame(all.body.errors.map((e: { path: string }) => e.path), SERVER_FIELDS.map((f) => `/${f}`), 'all of them at once')
  }
  t.equal(snapshot(), before, 'nothing was written')

  const imported = await call(app, admin, 'POST', '/v1/admin/import?dry_run=true', [{ ...offerBody(OWN.organisation), status: 'published', version: 3 }])
  t.equal(imported.status, 200)
  t.strictSame(imported.body.problems.slice(0, 2), [
    { row: 1, field: '/status', message: 'status is set by the server and cannot be written (use publish, unpublish, archive or draft)' },
    { row: 1, field: '/version', message: 'version is set by the server and cannot be written' }
  ], 'import rows too')
})
