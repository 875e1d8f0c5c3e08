// The editorial workflow: create as draft, completeness on publish, transitions, PATCH semantics, search text and feed in step.
import t from 'tap'
import type { Db } from '../../src/db/client.js'
import { setup } from '../helpers/app.js'
import { call, keyFor, locationBody, offerBody, organisationBody, OWN } from '../helpers/curation.js'

const feed = (db: Db, id: string) =>
  db.$client.prepare('SELECT action, reason, data FROM change_feed WHERE entity_id = ? ORDER BY seq').all(id) as Array<{ action: string, reason: string, data: string | null }>
const searchRow = (db: Db, id: string) => db.$client.prepare('SELECT name, organisation FROM offer_search WHERE offer_id = ?').get(id)

t.test('from draft to the public directory', async (t) => {
  const { app, db } = await setup(t)
  const admin = keyFor(db, 'admin', [], 'Lead curator')
  const org = await call(app, admin, 'POST', '/v1/admin/organisations', organisationBody())
  t.equal(org.status, 201)
  t.equal(org.headers.etag, '"1"')
  t.match(org.body, { status: 'draft', version: 1, published_at: null, verified_at: null, slug: 'test-organisation', description: null })
  const location = await call(app, admin, 'POST', '/v1/admin/locations', locationBody(org.body.id))
  t.equal(location.status, 201)
  t.equal(location.body.municipality_code, '44021', 'taken from the postcode')
  const offer = await call(app, admin, 'POST', '/v1/admin/offers', offerBody(org.body.id, { location_ids: [location.body.id], contacts: [{ name: 'Onthaal', phone: '+32 9 123 45 67' }] }))
  t.equal(offer.status, 201)
  t.match(offer.body, { status: 'draft', version: 1, roles: [], is_reference: false, contacts: [{ name: 'Onthaal', phone: '+32 9 123 45 67' }] })
  t.strictSame(feed(db, offer.body.id), [], 'a draft is not in the feed')
  t.strictSame(searchRow(db, offer.body.id), { name: 'Testaanbod | Test offer', organisation: 'Testorganisatie' })

  const early = await call(app, admin, 'POST', `/v1/admin/offers/${offer.body.id}/publish`)
  t.equal(early.status, 422)
  t.equal(early.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.strictSame(early.body.errors, [
    { in: 'entry', path: '/organisation_id', message: 'publish the organisation first' },
    { in: 'entry', path: '/location_ids/0', message: 'publish this location first' }
  ])
  t.equal((await call(app, admin, 'POST', `/v1/admin/locations/${location.body.id}/publish`)).status, 422, 'a location waits for its organisation too')
  t.equal((await call(app, admin, 'POST', `/v1/admin/organisations/${org.body.id}/publish`)).status, 200)
  t.equal((await call(app, admin, 'POST', `/v1/admin/locations/${location.body.id}/publish`)).status, 200)
  const published = await call(app, admin, 'POST', `/v1/admin/offers/${offer.body.id}/publish`, undefined, { 'if-match': '"1"' })
  t.equal(published.status, 200)
  t.equal(published.headers.etag, '"2"')
  t.match(published.body, { status: 'published', version: 2 })
  t.not(published.body.published_at, null)
  const [upsert] = feed(db, offer.body.id)
  t.match(upsert, { action: 'upsert', reason: 'published' })
  t.match(JSON.parse(upsert!.data!), { id: offer.body.id, last_verified: null, locations: [{ id: location.body.id, street: 'Teststraat 1' }] })
  t.notOk('internal_note' in JSON.parse(upsert!.data!))

  const verified = await call(app, admin, 'POST', `/v1/admin/offers/${offer.body.id}/verify`)
  t.equal(verified.status, 200)
  t.equal(verified.body.verified_by, 'Lead curator')
  t.equal(JSON.parse(feed(db, offer.body.id)[1]!.data!).last_verified, verified.body.verified_at, 'the public sees last_verified')

  t.equal((await call(app, admin, 'POST', `/v1/admin/offers/${offer.body.id}/unpublish`)).body.status, 'draft')
  t.equal((await call(app, admin, 'POST', `/v1/admin/offers/${offer.body.id}/publish`)).body.status, 'published')
  t.equal((await call(app, admin, 'POST', `/v1/admin/offers/${offer.body.id}/archive`)).body.status, 'archived')
  t.equal((await call(app, admin, 'POST', `/v1/admin/offers/${offer.body.id}/draft`)).body.status, 'draft')
  t.strictSame(feed(db, offer.body.id).map((f) => `${f.action} ${f.reason}`), ['upsert published', 'upsert updated', 'delete unpublished', 'upsert published', 'delete archived'])

  t.equal((await call(app, admin, 'POST', `/v1/admin/offers/${offer.body.id}/publish`)).status, 200)
  t.equal((await call(app, admin, 'POST', `/v1/admin/organisations/${org.body.id}/unpublish`)).status, 200)
  t.strictSame(feed(db, offer.body.id).at(-1), { action: 'delete', reason: 'unpublished', data: null }, 'offers leave with their organisation')
  t.strictSame(feed(db, org.body.id).map((f) => `${f.action} ${f.reason}`), ['upsert published', 'delete unpublished'])
})

t.test('transitions that do not fit the status', async (t) => {
  const { app, db } = await setup(t)
  const admin = keyFor(db, 'admin')
  const cases: Array<[string, string]> = [
    ['publish', 'Cannot publish: the offer is published'],
    ['draft', 'Cannot draft: the offer is published']
  ]
  for (const [transition, detail] of cases) {
    const res = await call(app, admin, 'POST', `/v1/admin/offers/${OWN.offer}/${transition}`)
    t.equal(res.status, 409)
    t.equal(res.body.detail, detail)
  }
  await call(app, admin, 'POST', `/v1/admin/offers/${OWN.offer}/archive`)
  const publish = await call(app, admin, 'POST', `/v1/admin/offers/${OWN.offer}/publish`)
  t.equal(publish.body.detail, 'Cannot publish: the offer is archived; bring it back to draft first')
  t.equal((await call(app, admin, 'POST', `/v1/admin/offers/${OWN.offer}/unpublish`)).status, 409)
  t.equal((await call(app, admin, 'POST', `/v1/admin/offers/${OWN.offer}/archive`)).status, 409)
  t.equal((await call(app, admin, 'GET', `/v1/admin/offers/${OWN.offer}`)).headers.etag, '"2"', 'failed transitions change nothing')
})

t.test('an offer must be complete to be published, and stay so', async (t) => {
  const { app, db } = await setup(t)
  const admin = keyFor(db, 'admin')
  const bare = await call(app, admin, 'POST', '/v1/admin/offers', offerBody(OWN.organisation, { from_month: null, to_month: null, languages: [], modes: [], service_area: [] }))
  t.equal(bare.status, 201)
  const res = await call(app, admin, 'POST', `/v1/admin/offers/${bare.body.id}/publish`)
  t.equal(res.status, 422)
  t.strictSame(res.body.errors.map((e: { path: string }) => e.path), ['/from_month', '/service_area', '/languages', '/modes'])
  const patched = await call(app, admin, 'PATCH', `/v1/admin/offers/${bare.body.id}`, { to_month: 6, languages: ['nl', 'fr'], modes: ['home'], service_area: ['BE-VLG'] }, { 'if-match': '"1"' })
  t.equal(patched.status, 200)
  t.equal((await call(app, admin, 'POST', `/v1/admin/offers/${bare.body.id}/publish`)).status, 200)

  const emptied = await call(app, admin, 'PATCH', `/v1/admin/offers/${bare.body.id}`, { languages: [] }, { 'if-match': '"3"' })
  t.equal(emptied.status, 422, 'a published offer keeps its required content')
  t.strictSame(emptied.body.errors, [{ in: 'entry', path: '/languages', message: 'name at least one language the offer is given in' }])
  t.strictSame((await call(app, admin, 'GET', `/v1/admin/offers/${bare.body.id}`)).body.languages, ['fr', 'nl'], 'nothing written')
})

t.test('PATCH merges into the stored entry, then checks the whole', async (t) => {
  const { app, db } = await setup(t)
  const admin = keyFor(db, 'admin')
  const before = (await call(app, admin, 'GET', `/v1/admin/offers/${OWN.offer}`)).body
  const renamed = await call(app, admin, 'PATCH', `/v1/admin/offers/${OWN.offer}`, { name: { nl: 'Consultatiebureau Seefhoek-Noord' } }, { 'if-match': '"1"' })
  t.equal(renamed.status, 200)
  const { name: _a, version: _b, updated_at: _c, ...restAfter } = renamed.body
  const { name: _d, version: _e, updated_at: _f, ...restBefore } = before
  t.strictSame(restAfter, restBefore, 'only the name changed')
  t.strictSame(renamed.body.name, { nl: 'Consultatiebureau Seefhoek-Noord' }, 'a text is replaced whole')
  t.match(searchRow(db, OWN.offer), { name: 'Consultatiebureau Seefhoek-Noord' })

  const cases: Array<[Record<string, unknown>, number, string[]]> = [
    [{ from_month: 40 }, 400, ['/to_month']],
    [{ name: null }, 400, ['/name']],
    [{ roles: ['astronaut'], care_type: 'nothing' }, 400, ['/care_type', '/roles/0']],
    [{ slug: 'papa-in-zicht' }, 409, ['/slug']],
    [{ location_ids: ['00000000-0000-4000-8000-000000000000'] }, 400, ['/location_ids/0']],
    [{ price_min_eur: 50, price_max_eur: 10 }, 400, ['/price_max_eur']],
    [{ opening_hours: [{ weekday: 1, opens: '09:00', closes: '10:00', location_id: '00000000-0000-4000-8000-000000000000' }] }, 400, ['/opening_hours/0/location_id']],
    [{ nickname: 'x' }, 400, ['/']]
  ]
  for (const [patch, status, paths] of cases) {
    const res = await call(app, admin, 'PATCH', `/v1/admin/offers/${OWN.offer}`, patch, { 'if-match': '"2"' })
    t.equal(res.status, status, JSON.stringify(patch))
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
    t.strictSame(res.body.errors.map((e: { path: string }) => e.path), paths, JSON.stringify(patch))
  }
  t.equal((await call(app, admin, 'GET', `/v1/admin/offers/${OWN.offer}`)).headers.etag, '"2"', 'none of them was written')
})

t.test('contacts keep their ids while they stay the same', async (t) => {
  const { app, db } = await setup(t)
  const admin = keyFor(db, 'admin')
  const contacts = [{ name: 'Onthaal', title: { nl: 'Onthaal' } }, { email: 'info@example.org' }, { email: 'info@example.org' }]
  const first = await call(app, admin, 'PATCH', `/v1/admin/offers/${OWN.offer}`, { contacts }, { 'if-match': '"1"' })
  const ids = first.body.contacts.map((c: { id: string }) => c.id)
  t.equal(new Set(ids).size, 3)
  const second = await call(app, admin, 'PATCH', `/v1/admin/offers/${OWN.offer}`, { cost_note: { nl: 'Gratis' } }, { 'if-match': '"2"' })
  t.strictSame(second.body.contacts.map((c: { id: string }) => c.id), ids)
  const third = await call(app, admin, 'PATCH', `/v1/admin/offers/${OWN.offer}`, { contacts: [contacts[1], { phone: '03 123 45 67' }] }, { 'if-match': '"3"' })
  t.equal(third.body.contacts[0].id, ids[1])
  t.notOk(ids.includes(third.body.contacts[1].id))
  const history = await call(app, admin, 'GET', `/v1/admin/offers/${OWN.offer}/history`)
  t.strictSame(history.body.contents.map((r: { changes: Array<{ field: string }> }) => r.changes.map((c) => c.field)), [['contacts'], ['cost_note'], ['contacts'], history.body.contents[3].changes.map((c: { field: string }) => c.field)])
})

t.test('organisations: renaming one renews its offers\' search text', async (t) => {
  const { app, db } = await setup(t)
  const admin = keyFor(db, 'admin')
  const res = await call(app, admin, 'PATCH', `/v1/admin/organisations/${OWN.organisation}`, { name: { nl: 'Huis van het Kind Seefhoek', fr: 'Maison de l\'enfant' } }, { 'if-match': '"1"' })
  t.equal(res.status, 200)
  t.match(searchRow(db, OWN.offer), { organisation: 'Huis van het Kind Seefhoek | Maison de l\'enfant' })
  t.match(feed(db, OWN.organisation).at(-1), { action: 'upsert', reason: 'updated' })
  t.match(feed(db, OWN.offer).at(-1), { action: 'upsert', reason: 'updated' })
  const dup = await call(app, admin, 'POST', '/v1/admin/organisations', organisationBody({ slug: 'papa-in-zicht' }))
  t.equal(dup.status, 409)
  t.strictSame(dup.body.errors, [{ in: 'body', path: '/slug', message: '\'papa-in-zicht\' cannot be used: choose another slug' }])
  const editor = keyFor(db, 'editor', [OWN.organisation])
  for (const slug of ['papa-in-zicht', 'cb-seefhoek']) {
    const taken = await call(app, editor, 'POST', '/v1/admin/offers', offerBody(OWN.organisation, { slug }))
    t.equal(taken.status, 409)
    t.match(taken.body, { detail: 'The slug cannot be used', errors: [{ in: 'body', path: '/slug', message: `'${slug}' cannot be used: choose another slug` }] },
      'an editor is told the same whether another organisation or its own holds the slug, and no more than an admin')
  }
  const kbo = await call(app, admin, 'POST', '/v1/admin/organisations', organisationBody({ kbo_number: '0123456789' }))
  t.equal(kbo.status, 201)
  const sameKbo = await call(app, admin, 'POST', '/v1/admin/organisations', organisationBody({ slug: 'another', kbo_number: '0123456789' }))
  t.equal(sameKbo.status, 409, 'a unique external id is a conflict too')
})

t.test('locations: municipality from the postcode, organisation checked', async (t) => {
  const { app, db } = await setup(t)
  const admin = keyFor(db, 'admin')
  // One postcode shared by two municipalities (the reference has none, but the model allows it).
  db.$client.prepare("INSERT INTO postcodes VALUES ('9999', 'Grensdorp', '44021', NULL, 51.0, 3.7, 'test'), ('9999', 'Grensdorp-Over', '11002', NULL, 51.0, 3.7, 'test')").run()
  const cases: Array<[Record<string, unknown>, string[]]> = [
    [{ postcode: '1111' }, ['/postcode']],
    [{ postcode: '9000', municipality_code: '11002' }, ['/municipality_code']],
    [{ postcode: '9999' }, ['/municipality_code']],
    [{ organisation_id: '00000000-0000-4000-8000-000000000000' }, ['/organisation_id']],
    [{ latitude: 51 }, ['/longitude']]
  ]
  for (const [over, paths] of cases) {
    const res = await call(app, admin, 'POST', '/v1/admin/locations', locationBody(OWN.organisation, over))
    t.equal(res.status, 400, JSON.stringify(over))
    t.strictSame(res.body.errors.map((e: { path: string }) => e.path), paths)
  }
  const chosen = await call(app, admin, 'POST', '/v1/admin/locations', locationBody(OWN.organisation, { postcode: '9999', municipality_code: '11002' }))
  t.equal(chosen.status, 201)
  t.equal(chosen.body.municipality_code, '11002')
  const moved = await call(app, admin, 'PATCH', `/v1/admin/locations/${chosen.body.id}`, { organisation_id: '1d7563b8-0542-5f7d-8bf8-d92537456fd1' }, { 'if-match': '"1"' })
  t.equal(moved.status, 200, 'a location no offer uses may move')
  const used = await call(app, admin, 'PATCH', `/v1/admin/locations/${OWN.location}`, { organisation_id: '1d7563b8-0542-5f7d-8bf8-d92537456fd1' }, { 'if-match': '"1"' })
  t.equal(used.status, 400)
  t.match(used.body.errors, [{ path: '/organisation_id', message: /offers use this location/ }])
  const renamed = await call(app, admin, 'PATCH', `/v1/admin/locations/${OWN.location}`, { street: 'Seefhoekplein 16' }, { 'if-match': '"1"' })
  t.equal(renamed.status, 200)
  t.match(JSON.parse(feed(db, OWN.offer).at(-1)!.data!).locations, [{ street: 'Seefhoekplein 16' }], 'offers at the location are re-published')
})

t.test('admin lists: filters and paging', async (t) => {
  const { app, db } = await setup(t)
  const admin = keyFor(db, 'admin')
  await call(app, admin, 'POST', `/v1/admin/offers/${OWN.offer}/unpublish`)
  const drafts = await call(app, admin, 'GET', '/v1/admin/offers?status=draft')
  t.strictSame(drafts.body.contents.map((o: { id: string }) => o.id), [OWN.offer])
  const byOrg = await call(app, admin, 'GET', `/v1/admin/locations?organisation_id=${OWN.organisation}`)
  t.strictSame(byOrg.body.contents.map((o: { id: string }) => o.id), [OWN.location])
  const q = await call(app, admin, 'GET', '/v1/admin/organisations?q=seefhoek')
  t.strictSame(q.body.contents.map((o: { id: string }) => o.id), [OWN.organisation])
  const qLocation = await call(app, admin, 'GET', '/v1/admin/locations?q=Consultatiebureau%20Seef')
  t.strictSame(qLocation.body.contents.map((o: { id: string }) => o.id), [OWN.location])
  t.equal((await call(app, admin, 'GET', '/v1/admin/offers?q=100%25')).body.total_items, 0, 'LIKE wildcards are literal')
  const pageTwo = await call(app, admin, 'GET', '/v1/admin/offers?per_page=10&page=4')
  t.match(pageTwo.body, { total_items: 39, total_pages: 4, page_number: 4, size: 9, last_page: true })
  t.equal((await call(app, admin, 'GET', '/v1/admin/offers?per_page=1')).body.contents[0].id, OWN.offer, 'most recently changed first')
})

t.test('stale entries', async (t) => {
  const { app, db } = await setup(t)
  const admin = keyFor(db, 'admin')
  // The sample says when most offers were checked; here nothing is checked yet.
  db.$client.prepare('UPDATE offers SET verified_at = NULL, verified_by = NULL').run()
  const all = await call(app, admin, 'GET', '/v1/admin/stale?per_page=100')
  t.equal(all.body.total_items, 39 + 39 + 34, 'nothing in the sample is verified')
  await call(app, admin, 'POST', `/v1/admin/offers/${OWN.offer}/verify`)
  const offers = await call(app, admin, 'GET', '/v1/admin/stale?kind=offer&per_page=100')
  t.equal(offers.body.total_items, 38)
  t.notOk(offers.body.contents.some((e: { id: string }) => e.id === OWN.offer))
  db.$client.prepare("UPDATE offers SET verified_at = '2020-01-01T00:00:00.000Z', verified_by = 'old check' WHERE id = ?").run(OWN.offer)
  db.$client.prepare('UPDATE locations SET verified_at = ? WHERE id = ?').run(new Date(Date.now() - 30 * 86_400_000).toISOString(), OWN.location)
  const stale = await call(app, admin, 'GET', '/v1/admin/stale?months=12&per_page=100')
  t.equal(stale.body.total_items, 39 + 39 + 34 - 1)
  const lastPage = await call(app, admin, 'GET', '/v1/admin/stale?months=12&per_page=100&page=2')
  t.match(lastPage.body.contents.at(-1), { kind: 'offer', id: OWN.offer, verified_by: 'old check', name: 'Consultatiebureau Seefhoek' }, 'the longest-unverified come after the never-verified')
  const longer = await call(app, admin, 'GET', '/v1/admin/stale?months=120&kind=offer')
  t.equal(longer.body.total_items, 38)
  await call(app, admin, 'POST', `/v1/admin/offers/${OTHER_OFFER}/archive`)
  t.equal((await call(app, admin, 'GET', '/v1/admin/stale?months=120&kind=offer')).body.total_items, 37, 'only published entries')
  t.equal((await call(app, admin, 'GET', '/v1/admin/stale?months=0')).status, 400)
})

const OTHER_OFFER = '170bdbce-d97f-503e-8802-e235e0683633'
