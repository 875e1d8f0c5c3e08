// Every code in an answer carries its label in the answer's language, the code lists are served as taxonomies, and
// every text that fell back to nl says so (text_fallbacks), so a page can set its lang attribute.
import t from 'tap'
import { setup } from '../helpers/app.js'
import { call, keyFor, OWN } from '../helpers/curation.js'

t.test('list items: codes with labels in the answer\'s language', async (t) => {
  const { app } = await setup(t)
  const res = await app.inject('/v1/offers?lang=fr&per_page=100')
  const seefhoek = res.json().contents.find((o: { slug: string }) => o.slug === 'cb-seefhoek')
  t.match(seefhoek, {
    languages: [{ code: 'nl', label: 'Néerlandais' }],
    modes: [{ code: 'onsite', label: 'Sur place' }, { code: 'individual', label: 'Individuel' }],
    cost_type: { code: 'free', label: 'Gratuit' },
    referral_type: { code: 'none', label: 'Sans orientation' }
  })
  const waiting = res.json().contents.filter((o: { waiting_time: unknown }) => o.waiting_time !== null)
  t.ok(waiting.length > 0)
  t.ok(waiting.every((o: { waiting_time: { code: string, label: string } }) => /semaines|mois|attente/.test(o.waiting_time.label)), 'waiting times in French')
  const organisation = await app.inject('/v1/organisations/consultatiebureau-seefhoek?lang=en')
  t.match(organisation.json().offers[0], { modes: [{ code: 'onsite', label: 'On site' }], cost_type: { label: 'Free' } })
})

t.test('texts that fell back to nl are named', async (t) => {
  const { app, db } = await setup(t)
  const admin = keyFor(db, 'admin')
  const patched = await call(app, admin, 'PATCH', `/v1/admin/offers/${OWN.offer}`, {
    description: { nl: 'Alleen in het Nederlands.' },
    cost_note: { nl: 'Gratis' },
    contacts: [{ name: 'Onthaal', title: { nl: 'Onthaal', en: 'Reception' } }, { title: { nl: 'Vroedvrouw' } }],
    opening_hours: [{ weekday: 2, opens: '09:00', closes: '12:00', note: { nl: 'Zonder afspraak' } }],
    first_step: { nl: 'Bel voor een afspraak' }
  }, { 'if-match': '"1"' })
  t.equal(patched.status, 200)
  const en = (await app.inject('/v1/offers/cb-seefhoek?lang=en')).json()
  t.strictSame(en.text_fallbacks, { description: 'nl', 'organisation.name': 'nl', 'cost.note': 'nl', 'contacts.1.title': 'nl', 'opening_hours.0.note': 'nl', first_step: 'nl' })
  t.equal(en.name, 'Seefhoek child health clinic', 'a translated text is not named')
  t.equal(en.contacts[0].title, 'Reception')
  t.strictSame((await app.inject('/v1/offers/cb-seefhoek?lang=nl')).json().text_fallbacks, {}, 'nothing falls back in nl')
  const item = (await app.inject('/v1/offers?lang=en&q=seefhoek')).json().contents.find((o: { slug: string }) => o.slug === 'cb-seefhoek')
  t.strictSame(item.text_fallbacks, { description: 'nl', 'organisation.name': 'nl', first_step: 'nl' })
  const organisation = (await app.inject('/v1/organisations/consultatiebureau-seefhoek?lang=fr')).json()
  t.equal(organisation.text_fallbacks.name, 'nl')
})

t.test('the code lists are served like the other taxonomies', async (t) => {
  const { app } = await setup(t)
  const lists: Record<string, [number, { code: string, label: string }]> = {
    '/v1/modes?lang=fr': [10, { code: 'onsite', label: 'Sur place' }],
    '/v1/cost-types?lang=en': [5, { code: 'free', label: 'Free' }],
    '/v1/referral-types': [3, { code: 'none', label: 'Geen verwijzing nodig' }],
    '/v1/waiting-times?lang=en': [5, { code: 'none', label: 'No waiting time' }],
    '/v1/accepting-new?lang=en': [3, { code: 'yes', label: 'Taking new families' }],
    '/v1/access-needs?lang=fr': [5, { code: 'wheelchair', label: 'Accessible en fauteuil roulant' }]
  }
  for (const [url, [count, first]] of Object.entries(lists)) {
    const res = await app.inject(url)
    t.equal(res.statusCode, 200, url)
    t.equal(res.json().total_items, count, url)
    t.match(res.json().contents[0], { ...first, labels: { nl: String, fr: String, en: String } }, url)
  }
  t.strictSame((await app.inject('/v1/cost-types?per_page=2&page=2')).json().contents.map((c: { code: string }) => c.code), ['income_related', 'paid'])
  const bad = await app.inject('/v1/modes?per_page=0')
  t.equal(bad.statusCode, 400)
  t.equal(bad.headers['content-type'], 'application/problem+json; charset=utf-8')
  const etag = (await app.inject('/v1/modes')).headers.etag as string
  t.equal((await app.inject({ url: '/v1/modes', headers: { 'if-none-match': etag } })).statusCode, 304, 'cacheable like every public read')
})
