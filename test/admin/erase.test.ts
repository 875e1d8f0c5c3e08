// GDPR erasure: the entry, its history and its feed content go; the audit log keeps only that it was erased.
import t from 'tap'
import type { Db } from '../../src/db/client.js'
import { setup } from '../helpers/app.js'
import { call, keyFor, OTHER, OWN } from '../helpers/curation.js'

const rows = (db: Db, sql: string, ...params: unknown[]) => db.$client.prepare(sql).all(...params)
const everywhere = (db: Db, text: string) =>
  ['offers', 'organisations', 'locations', 'contacts', 'revisions', 'change_feed', 'offer_search', 'audit_log']
    .filter((table) => JSON.stringify(rows(db, `SELECT * FROM ${table}`)).includes(text))

t.test('erasing an offer', async (t) => {
  const { app, db } = await setup(t)
  const admin = keyFor(db, 'admin', [], 'Privacy officer')
  const url = `/v1/admin/offers/${OWN.offer}`
  await call(app, admin, 'PATCH', url, { contacts: [{ name: 'Marie Peeters', email: 'marie.peeters@example.org' }] }, { 'if-match': '"1"' })
  t.strictSame(everywhere(db, 'Marie Peeters').sort(), ['change_feed', 'contacts', 'revisions'])

  const refused = await call(app, admin, 'DELETE', url)
  t.equal(refused.status, 400, 'erasure is confirmed with erase=true')
  t.match(refused.body.errors, [{ in: 'querystring', path: '/erase' }])
  const erased = await call(app, admin, 'DELETE', `${url}?erase=true`)
  t.equal(erased.status, 204)
  t.equal(erased.body, null)
  t.equal(erased.headers['cache-control'], 'no-store')
  t.equal((await call(app, admin, 'GET', url)).status, 404)
  t.strictSame(everywhere(db, 'Marie Peeters'), [], 'no trace of the person')
  t.strictSame(everywhere(db, 'Seefhoekplein 14').sort(), ['locations', 'revisions'], 'the location (another entry) stays')
  t.strictSame(rows(db, 'SELECT action, reason, data FROM change_feed WHERE entity_id = ?', OWN.offer), [{ action: 'delete', reason: 'erased', data: null }])
  t.strictSame(rows(db, 'SELECT * FROM revisions WHERE entity_id = ?', OWN.offer), [])
  t.strictSame(rows(db, 'SELECT * FROM offer_search WHERE offer_id = ?', OWN.offer), [])
  const audit = await call(app, admin, 'GET', `/v1/admin/audit?entity_id=${OWN.offer}`)
  t.strictSame(audit.body.contents.map((a: { action: string, key_label: string, revision: number | null }) => [a.action, a.key_label, a.revision]), [
    ['erase', 'Privacy officer', null], ['update', 'Privacy officer', 2], ['create', 'sample data', 1]
  ])
  t.equal((await call(app, admin, 'DELETE', `${url}?erase=true`)).status, 404)
})

t.test('erasing an organisation: refused while it has entries, unless cascade=true', async (t) => {
  const { app, db } = await setup(t)
  const admin = keyFor(db, 'admin')
  const editor = keyFor(db, 'editor', [OWN.organisation, OTHER.organisation])
  const url = `/v1/admin/organisations/${OWN.organisation}`
  const refused = await call(app, admin, 'DELETE', `${url}?erase=true`)
  t.equal(refused.status, 409)
  t.equal(refused.body.detail, 'The organisation still has 1 offer(s) and 1 location(s): erase those first, or erase everything with cascade=true')
  t.equal((await call(app, admin, 'DELETE', `${url}?erase=true&cascade=false`)).status, 409)
  const erased = await call(app, admin, 'DELETE', `${url}?erase=true&cascade=true`)
  t.equal(erased.status, 204)
  for (const id of [OWN.organisation, OWN.offer, OWN.location]) {
    t.strictSame(rows(db, 'SELECT * FROM revisions WHERE entity_id = ?', id), [])
    t.strictSame(rows(db, 'SELECT action FROM audit_log WHERE entity_id = ? ORDER BY id DESC LIMIT 1', id), [{ action: 'erase' }])
  }
  t.strictSame(rows(db, 'SELECT entity_kind, action, reason FROM change_feed WHERE entity_id IN (?, ?)', OWN.organisation, OWN.offer).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))), [
    { entity_kind: 'offer', action: 'delete', reason: 'erased' }, { entity_kind: 'organisation', action: 'delete', reason: 'erased' }
  ])
  t.strictSame(everywhere(db, 'Seefhoekplein'), [], 'the address is gone too')
  t.strictSame(rows(db, 'SELECT organisation_id FROM api_key_organisations'), [{ organisation_id: OTHER.organisation }], 'keys lose the erased organisation')
  t.equal((await call(app, editor, 'GET', '/v1/admin/organisations')).body.total_items, 1)

  const empty = await call(app, admin, 'POST', '/v1/admin/organisations', { slug: 'empty', kind: 'individual', name: { nl: 'Lege praktijk' } })
  t.equal((await call(app, admin, 'DELETE', `/v1/admin/organisations/${empty.body.id}?erase=true`)).status, 204, 'an organisation without entries goes without cascade')
})

t.test('erasing a location takes it out of its offers, and out of their feed entries', async (t) => {
  const { app, db } = await setup(t)
  const admin = keyFor(db, 'admin', [], 'Privacy officer')
  await call(app, admin, 'PATCH', `/v1/admin/offers/${OWN.offer}`, { opening_hours: [{ weekday: 1, opens: '09:00', closes: '12:00', location_id: OWN.location }, { weekday: 2, opens: '09:00', closes: '12:00' }] }, { 'if-match': '"1"' })
  t.ok(everywhere(db, 'Seefhoekplein 14').includes('change_feed'))
  const erased = await call(app, admin, 'DELETE', `/v1/admin/locations/${OWN.location}?erase=true`)
  t.equal(erased.status, 204)
  t.strictSame(everywhere(db, 'Seefhoekplein 14'), [], 'the address is nowhere')
  const offer = (await call(app, admin, 'GET', `/v1/admin/offers/${OWN.offer}`)).body
  t.match(offer, { version: 3, location_ids: [], opening_hours: [{ weekday: 2 }] })
  t.equal(offer.opening_hours.length, 1)
  const latest = (await call(app, admin, 'GET', `/v1/admin/offers/${OWN.offer}/history?per_page=1`)).body.contents[0]
  t.match(latest, { revision: 3, action: 'update', key_label: 'Privacy officer' })
  t.strictSame(latest.changes, [], 'the revision says who changed the offer and when; what it held of the erased location is gone')
  t.strictSame(rows(db, 'SELECT action, reason FROM change_feed WHERE entity_id = ? ORDER BY seq', OWN.offer), [
    { action: 'delete', reason: 'erased' }, { action: 'upsert', reason: 'updated' }
  ], 'a mirror drops the old entries and takes the current one')
})
