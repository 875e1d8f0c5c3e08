// GET /v1/offers/{id or slug}: one published offer, fully nested, in the asked language.
import t from 'tap'
import { emitOffers } from '../../src/changes/feed.js'
import { sampleId } from '../../src/datasets/sample.js'
import { OfferDetail } from '../../src/offers/public-schemas.js'
import { setup, withinOneMinute } from '../helpers/app.js'

t.test('one offer in full', async (t) => {
  const { app, db } = await setup(t)

  t.test('by slug and by id, the same offer', async (t) => {
    const bySlug = await app.inject('/v1/offers/mbu-de-wiege')
    t.equal(bySlug.statusCode, 200)
    t.equal(bySlug.headers['content-type'], 'application/json; charset=utf-8')
    t.equal(bySlug.headers['content-language'], 'nl')
    t.equal(bySlug.headers['access-control-allow-origin'], '*')
    t.equal(bySlug.headers['cache-control'], 'public, max-age=60')
    const offer = OfferDetail.parse(bySlug.json())
    const byId = await app.inject(`/v1/offers/${sampleId('offer', 'mbu-de-wiege')}`)
    t.strictSame(byId.json(), bySlug.json())
    t.match(offer, {
      id: sampleId('offer', 'mbu-de-wiege'),
      slug: 'mbu-de-wiege',
      name: 'Moeder-Baby-Eenheid De Wiege',
      is_reference: false,
      organisation: { slug: 'pc-dijleland', kind: String },
      care_type: { code: 'mbu_residentieel', label: 'Moeder-baby-eenheid (opname)', category: { code: 'ggz', label: 'Geestelijke gezondheidszorg' } },
      from_month: 0,
      to_month: 12,
      phases: [{ code: 'bevalling' }, { code: 'kraamperiode' }, { code: 'baby' }],
      modes: [{ code: 'group', label: 'In groep' }, { code: 'individual' }, { code: 'couple_family' }, { code: 'day' }, { code: 'residential' }],
      remote_only: false,
      service_area: [{ code: 'BE-BRU', level: 'gewest', name: 'Brussels Hoofdstedelijk Gewest' }, { code: 'BE-VLG', level: 'gewest', name: 'Vlaams Gewest' }],
      locations: [{ postcode: '3070', municipality: 'Kortenberg', street: String }],
      cost: { type: 'riziv_reimbursed', label: 'Terugbetaald (RIZIV)' },
      referral: { type: 'required', by: [{ code: 'huisarts', label: 'Huisarts' }, { code: 'psychiater' }] },
      crisis: { available_24_7: false, urgent_intake: true },
      baby_welcome: true,
      waiting_time: { code: '6_12w', label: '6 tot 12 weken' },
      accessibility: { interpreter_on_request: null },
      contacts: [],
      last_verified: '2026-11-07T10:00:00.000Z'
    })
    t.equal(offer.roles.length, 4)
  })

  t.test('labels and texts in the asked language', async (t) => {
    const fr = await app.inject('/v1/offers/mbu-de-wiege?lang=fr')
    t.equal(fr.headers['content-language'], 'fr')
    t.match(fr.json(), { name: 'Unité mère-bébé De Wiege', care_type: { label: 'Unité mère-bébé (hospitalisation)' }, cost: { label: 'Remboursé (INAMI)' } })
    const en = await app.inject({ url: '/v1/offers/cb-seefhoek', headers: { 'accept-language': 'en' } })
    t.match(en.json(), { name: 'Seefhoek child health clinic', cost: { note: 'Free (Kind en Gezin).' } })
  })

  t.test('contacts, opening hours and accessibility when an offer has them', async (t) => {
    const id = sampleId('offer', 'cb-seefhoek')
    // The sample's own contacts and hours make way for these.
    db.$client.prepare('DELETE FROM contacts WHERE offer_id = ?').run(id)
    db.$client.prepare('DELETE FROM opening_hours WHERE offer_id = ?').run(id)
    db.$client.prepare('INSERT INTO contacts (id, offer_id, name, title, email, phone, sort_order) VALUES (?, ?, ?, ?, ?, ?, 0)')
      .run('c1', id, 'An Peeters', JSON.stringify({ nl: 'Verpleegkundige', fr: 'Infirmière' }), 'an@example.org', null)
    db.$client.prepare('INSERT INTO contacts (id, offer_id, name, title, email, phone, sort_order) VALUES (?, ?, NULL, NULL, NULL, ?, 1)')
      .run('c2', id, '+32 3 000 00 02')
    db.$client.prepare('INSERT INTO opening_hours (offer_id, weekday, opens, closes, note) VALUES (?, 2, \'09:00\', \'12:00\', ?)')
      .run(id, JSON.stringify({ nl: 'Op afspraak' }))
    const location = (await app.inject('/v1/offers/cb-seefhoek')).json().locations[0].id
    db.$client.prepare('INSERT INTO opening_hours (offer_id, location_id, weekday, opens, closes) VALUES (?, ?, 4, \'13:00\', \'16:00\')').run(id, location)
    db.$client.prepare('UPDATE offers SET interpreter_on_request = 1 WHERE id = ?').run(id)
    const offer = (await app.inject('/v1/offers/cb-seefhoek?lang=fr')).json()
    t.strictSame(offer.contacts, [
      { name: 'An Peeters', title: 'Infirmière', email: 'an@example.org', phone: null },
      { name: null, title: null, email: null, phone: '+32 3 000 00 02' }
    ])
    t.strictSame(offer.opening_hours, [
      { weekday: 2, opens: '09:00', closes: '12:00', location_id: null, note: 'Op afspraak' },
      { weekday: 4, opens: '13:00', closes: '16:00', location_id: location, note: null }
    ])
    t.equal(offer.accessibility.interpreter_on_request, true)
  })

  t.test('an offer of a whole category has no category above it', async (t) => {
    db.$client.prepare('UPDATE offers SET care_type = \'ggz\' WHERE slug = \'dichtbij-ouder-baby\'').run()
    const offer = (await app.inject('/v1/offers/dichtbij-ouder-baby')).json()
    t.strictSame(offer.care_type, { code: 'ggz', label: 'Geestelijke gezondheidszorg', category: null })
  })

  t.test('unknown: 404 as problem+json', async (t) => {
    for (const id of ['no-such-offer', '00000000-0000-4000-8000-000000000000']) {
      const res = await app.inject(`/v1/offers/${id}`)
      t.equal(res.statusCode, 404)
      t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
    }
    t.equal((await app.inject('/v1/offers/mbu-de-wiege?lang=de')).statusCode, 400)
  })

  t.test('a repeated request is answered from the response cache until the directory changes', async (t) => {
    const url = '/v1/offers/papa-in-zicht?lang=en'
    const first = await app.inject(url)
    const id = sampleId('offer', 'papa-in-zicht')
    // Written behind the service's back: no change in the feed, so the remembered answer still stands.
    db.$client.prepare('UPDATE offers SET waiting_time = \'gt_3m\' WHERE id = ?').run(id)
    const again = await app.inject(url)
    t.equal(again.body, first.body, 'the same bytes')
    t.equal(again.headers['content-language'], 'en')
    t.equal(again.headers['content-type'], 'application/json; charset=utf-8')
    t.equal(again.headers.etag, first.headers.etag)
    t.not(first.json().waiting_time?.code, 'gt_3m')
    // Any change of the public directory moves the feed, and with it the answer.
    emitOffers(db, [id], 'updated', new Date().toISOString())
    const changed = await app.inject(url)
    t.strictSame(changed.json().waiting_time, { code: 'gt_3m', label: 'More than 3 months' })
    t.not(changed.headers.etag, first.headers.etag)
  })

  t.test('304 when the client has the current version', async (t) => {
    await withinOneMinute()
    const first = await app.inject('/v1/offers/mbu-de-wiege')
    const again = await app.inject({ url: '/v1/offers/mbu-de-wiege', headers: { 'if-none-match': first.headers.etag as string } })
    t.equal(again.statusCode, 304)
  })
})
