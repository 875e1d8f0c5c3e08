// Corrections from the field: anyone reports without a key, a honeypot and a budget per address keep robots out,
// curators work the queue (editors their organisations'), and the reporter's e-mail goes once a report is handled.
import t from 'tap'
import type { App } from '../../src/app.js'
import type { Db } from '../../src/db/client.js'
import { clearReporterEmails } from '../../src/reports/store.js'
import { setup } from '../helpers/app.js'
import { call, keyFor, OTHER, OWN } from '../helpers/curation.js'

const report = (app: App, offer: string, payload: unknown, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: `/v1/offers/${offer}/reports`, payload: payload as object, headers })
const stored = (db: Db) => db.$client.prepare('SELECT offer_id, reason, text, reporter_email, status FROM reports ORDER BY created_at, rowid').all()

t.test('anyone reports a correction about a published offer, by id or slug; it is never public', async (t) => {
  const { app, db } = await setup(t)
  const first = await report(app, 'cb-seefhoek', { reason: 'phone_wrong', text: 'Het nummer is 09 876 54 32 geworden.', email: 'melder@example.org' })
  t.equal(first.statusCode, 202)
  t.strictSame(first.json(), { status: 'received', message: 'Thank you: a curator will look at it. Reports are never shown publicly.' })
  t.equal(first.headers['access-control-allow-origin'], '*')
  t.equal(first.headers['cache-control'], 'no-store')
  t.equal(first.headers.etag, undefined, 'not a cacheable public read')
  t.equal((await report(app, OTHER.offer, { reason: 'closed' })).statusCode, 202)
  t.strictSame(stored(db), [
    { offer_id: OWN.offer, reason: 'phone_wrong', text: 'Het nummer is 09 876 54 32 geworden.', reporter_email: 'melder@example.org', status: 'open' },
    { offer_id: OTHER.offer, reason: 'closed', text: null, reporter_email: null, status: 'open' }
  ])
  const detail = await app.inject({ url: '/v1/offers/cb-seefhoek' })
  t.notMatch(detail.body, /melder|876 54 32|report/i, 'the offer shows nothing of it')
  const preflight = await app.inject({
    method: 'OPTIONS', url: '/v1/offers/cb-seefhoek/reports',
    headers: { origin: 'https://site.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' }
  })
  t.equal(preflight.statusCode, 204)
  t.equal(preflight.headers['access-control-allow-origin'], '*')
  t.match(preflight.headers['access-control-allow-methods'], /POST/)
})

t.test('what a report may not be', async (t) => {
  const { app, db } = await setup(t)
  const admin = keyFor(db, 'admin')
  await call(app, admin, 'POST', `/v1/admin/offers/${OTHER.offer}/unpublish`)
  const cases: Array<[string, string, unknown, number, RegExp]> = [
    ['unknown offer', 'no-such-offer', { reason: 'closed' }, 404, /offer no-such-offer not found/],
    ['unpublished offer', 'papa-in-zicht', { reason: 'closed' }, 404, /not found/],
    ['unknown reason', 'cb-seefhoek', { reason: 'rude' }, 400, /body/],
    ['other with blank text', 'cb-seefhoek', { reason: 'other', text: '  ' }, 400, /say what is wrong/],
    ['other without text', 'cb-seefhoek', { reason: 'other' }, 400, /say what is wrong/],
    ['text too long', 'cb-seefhoek', { reason: 'moved', text: 'x'.repeat(2001) }, 400, /2000/],
    ['bad e-mail', 'cb-seefhoek', { reason: 'moved', email: 'nope' }, 400, /email/i],
    ['unknown field', 'cb-seefhoek', { reason: 'moved', name: 'Jan' }, 400, /name/],
    ['no body', 'cb-seefhoek', undefined, 400, /body/]
  ]
  for (const [name, offer, payload, status, detail] of cases) {
    const res = await report(app, offer, payload, payload === undefined ? { 'content-type': 'application/json' } : {})
    t.equal(res.statusCode, status, name)
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8', name)
    t.match(res.body, detail, name)
  }
  t.strictSame(stored(db), [])
})

t.test('a robot that fills the honeypot is answered the same, and nothing is stored', async (t) => {
  const { app, db } = await setup(t)
  const res = await report(app, 'cb-seefhoek', { reason: 'other', text: 'buy now', website: 'https://spam.example' })
  t.equal(res.statusCode, 202)
  t.equal(res.json().status, 'received')
  t.strictSame(stored(db), [])
  t.equal((await report(app, 'cb-seefhoek', { reason: 'moved', website: '' })).statusCode, 202, 'an empty honeypot is a person')
  t.equal(stored(db).length, 1)
})

t.test('reports per address per hour are limited', async (t) => {
  const { app, db } = await setup(t, { env: { REPORTS_PER_HOUR: '2' } })
  const from = (ip: string) => ({ 'x-forwarded-for': ip })
  t.equal((await app.inject({ method: 'POST', url: '/v1/offers/cb-seefhoek/reports', payload: { reason: 'moved' }, remoteAddress: '192.0.2.1' })).statusCode, 202)
  t.equal((await app.inject({ method: 'POST', url: '/v1/offers/cb-seefhoek/reports', payload: { reason: 'moved', website: 'x' }, remoteAddress: '192.0.2.1' })).statusCode, 202)
  const third = await app.inject({ method: 'POST', url: '/v1/offers/cb-seefhoek/reports', payload: { reason: 'moved' }, remoteAddress: '192.0.2.1', headers: from('198.51.100.9') })
  t.equal(third.statusCode, 429, 'the honeypot counted too; X-Forwarded-For is not believed without TRUST_PROXY')
  t.match(third.json().detail, /^More than 2 reports per hour from this address; retry in \d+ s$/)
  t.ok(Number(third.headers['retry-after']) > 3500)
  t.equal((await app.inject({ method: 'POST', url: '/v1/offers/cb-seefhoek/reports', payload: { reason: 'moved' }, remoteAddress: '192.0.2.2' })).statusCode, 202, 'another address has its own budget')
  t.equal(stored(db).length, 2)
})

t.test('the curators\' queue: editors see their organisations\', handling forgets the e-mail and is audited', async (t) => {
  const { app, db } = await setup(t)
  const admin = keyFor(db, 'admin', [], 'Curator Ann')
  const editor = keyFor(db, 'editor', [OWN.organisation], 'Seefhoek editor')
  const partner = keyFor(db, 'partner')
  await report(app, 'cb-seefhoek', { reason: 'phone_wrong', email: 'melder@example.org' })
  await report(app, 'papa-in-zicht', { reason: 'moved', text: 'Nu in de Kerkstraat' })
  await report(app, 'cb-seefhoek', { reason: 'other', text: 'Open op zaterdag?' })

  const all = await call(app, admin, 'GET', '/v1/admin/reports')
  t.equal(all.status, 200)
  t.equal(all.headers['cache-control'], 'no-store')
  t.strictSame(all.body.contents.map((r: { offer: { slug: string }, reason: string }) => [r.offer.slug, r.reason]),
    [['cb-seefhoek', 'phone_wrong'], ['papa-in-zicht', 'moved'], ['cb-seefhoek', 'other']], 'oldest first')
  t.match(all.body.contents[0], { offer: { id: OWN.offer, organisation_id: OWN.organisation }, reporter_email: 'melder@example.org', status: 'open', handled_at: null, note: null })
  const own = await call(app, editor, 'GET', '/v1/admin/reports')
  t.strictSame(own.body.contents.map((r: { offer: { slug: string } }) => r.offer.slug), ['cb-seefhoek', 'cb-seefhoek'])
  t.equal((await call(app, admin, 'GET', '/v1/admin/reports?offer=papa-in-zicht')).body.total_items, 1)
  t.equal((await call(app, admin, 'GET', `/v1/admin/reports?offer=${OWN.offer}`)).body.total_items, 2)
  t.equal((await call(app, partner, 'GET', '/v1/admin/reports')).status, 403)
  t.equal((await call(app, undefined, 'GET', '/v1/admin/reports')).status, 401)

  const [phone, moved, other] = all.body.contents as Array<{ id: string }>
  const resolved = await call(app, editor, 'POST', `/v1/admin/reports/${phone!.id}/resolve`, { note: 'Nummer aangepast' })
  t.equal(resolved.status, 200)
  t.match(resolved.body, { status: 'resolved', reporter_email: null, handled_by: 'Seefhoek editor', note: 'Nummer aangepast' })
  t.match(resolved.body.handled_at, /^\d{4}-\d\d-\d\dT/)
  t.strictSame(db.$client.prepare('SELECT reporter_email FROM reports WHERE id = ?').get(phone!.id), { reporter_email: null }, 'the e-mail is gone from the table')
  const again = await call(app, admin, 'POST', `/v1/admin/reports/${phone!.id}/reject`)
  t.equal(again.status, 409)
  t.equal(again.body.detail, 'The report was already resolved')
  t.equal((await call(app, editor, 'POST', `/v1/admin/reports/${moved!.id}/reject`, {})).status, 404, 'not an editor\'s organisation')
  t.equal((await call(app, admin, 'POST', '/v1/admin/reports/00000000-0000-4000-8000-000000000000/resolve', {})).status, 404)
  const rejected = await app.inject({ method: 'POST', url: `/v1/admin/reports/${other!.id}/reject`, headers: { 'x-api-key': admin, 'content-type': 'application/json' } })
  t.equal(rejected.statusCode, 200, 'no body is fine')
  t.match(rejected.json(), { status: 'rejected', note: null, handled_by: 'Curator Ann' })
  t.equal((await call(app, admin, 'POST', `/v1/admin/reports/${moved!.id}/resolve`, { note: 'x'.repeat(2001) })).status, 400)

  t.strictSame((await call(app, admin, 'GET', '/v1/admin/reports')).body.contents.map((r: { id: string }) => r.id), [moved!.id])
  t.equal((await call(app, admin, 'GET', '/v1/admin/reports?status=resolved')).body.contents[0].id, phone!.id)
  const audit = await call(app, admin, 'GET', '/v1/admin/audit?entity_kind=report')
  t.strictSame(audit.body.contents.map((a: { action: string, key_label: string, entity_id: string }) => [a.action, a.key_label, a.entity_id]),
    [['reject', 'Curator Ann', other!.id], ['resolve', 'Seefhoek editor', phone!.id]])
})

t.test('the stale report counts open reports, and lists a reported offer whatever its date', async (t) => {
  const { app, db } = await setup(t)
  const admin = keyFor(db, 'admin')
  await call(app, admin, 'POST', `/v1/admin/offers/${OWN.offer}/verify`)
  const staleIds = async () => (await call(app, admin, 'GET', '/v1/admin/stale?kind=offer&per_page=100')).body.contents as Array<{ id: string, open_reports: number }>
  t.notOk((await staleIds()).some((e) => e.id === OWN.offer), 'verified today: not stale')
  await report(app, 'cb-seefhoek', { reason: 'closed' })
  await report(app, 'cb-seefhoek', { reason: 'moved' })
  await report(app, 'papa-in-zicht', { reason: 'moved' })
  const listed = await staleIds()
  t.equal(listed.find((e) => e.id === OWN.offer)?.open_reports, 2)
  t.equal(listed.find((e) => e.id === OTHER.offer)?.open_reports, 1)
  t.ok(listed.filter((e) => e.id !== OWN.offer && e.id !== OTHER.offer).every((e) => e.open_reports === 0))
  const organisations = (await call(app, admin, 'GET', '/v1/admin/stale?kind=organisation')).body.contents as Array<{ open_reports: number }>
  t.ok(organisations.length > 0 && organisations.every((e) => e.open_reports === 0))
  for (const r of (await call(app, admin, 'GET', `/v1/admin/reports?offer=${OWN.offer}`)).body.contents) await call(app, admin, 'POST', `/v1/admin/reports/${r.id}/resolve`)
  t.notOk((await staleIds()).some((e) => e.id === OWN.offer), 'handled: off the list again')
})

t.test('erasure: an erased offer takes its reports along; reporters\' e-mail can be cleared by offer', async (t) => {
  const { app, db } = await setup(t)
  const admin = keyFor(db, 'admin')
  await report(app, 'cb-seefhoek', { reason: 'closed', email: 'a@example.org' })
  await report(app, 'papa-in-zicht', { reason: 'closed', email: 'b@example.org' })
  await report(app, 'papa-in-zicht', { reason: 'moved', email: 'c@example.org' })
  t.equal(clearReporterEmails(db, [OTHER.offer]), 2)
  t.equal(clearReporterEmails(db, [OTHER.offer]), 0)
  t.strictSame(stored(db).map((r: any) => r.reporter_email), ['a@example.org', null, null])
  t.equal((await call(app, admin, 'DELETE', `/v1/admin/offers/${OWN.offer}?erase=true`)).status, 204)
  t.strictSame(stored(db).map((r: any) => r.offer_id), [OTHER.offer, OTHER.offer])
})
