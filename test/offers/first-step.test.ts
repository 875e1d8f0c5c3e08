// The first step with an offer: the contact to use, who takes new families, access needs, alerts and the hours that
// answer "open now?" (Europe/Brussels, across daylight-saving changes, public holidays and dated exceptions).
import t from 'tap'
import { sampleId } from '../../src/datasets/sample.js'
import { offerSearch } from '../../src/search/service.js'
import { offerSummariesJson } from '../../src/search/render.js'
import { setup } from '../helpers/app.js'
import { call, keyFor, OTHER, OWN } from '../helpers/curation.js'

type Item = { id: string, slug: string, [key: string]: unknown }

async function patchOffer (app: Parameters<typeof call>[0], key: string, id: string, body: Record<string, unknown>) {
  const current = await call(app, key, 'GET', `/v1/admin/offers/${id}`)
  return call(app, key, 'PATCH', `/v1/admin/offers/${id}`, body, { 'if-match': current.headers.etag as string })
}

const ids = (res: { json: () => { contents: Item[] } }) => res.json().contents.map((o) => o.id)

t.test('first step, contact to use and who takes new families', async (t) => {
  const { app, db } = await setup(t)
  const admin = keyFor(db, 'admin')
  const patched = await patchOffer(app, admin, OWN.offer, {
    contacts: [{ title: { nl: 'Onthaal' }, phone: '+32 3 000 00 01' }, { name: 'Intake', phone: '+32 3 000 00 02', email: 'intake@example.org' }],
    first_step: { nl: 'Bel voor een intakegesprek', en: 'Call for an intake talk' },
    first_step_contact_index: 1,
    website: 'https://example.org/seefhoek',
    accepting_new: 'waiting_list', accepting_new_wait_weeks: 6, accepting_new_confirmed_at: '2026-11-30'
  })
  t.equal(patched.status, 200)
  t.equal((await patchOffer(app, admin, OTHER.offer, { first_step: null, first_step_contact_index: null, accepting_new: null, accepting_new_wait_weeks: null, accepting_new_confirmed_at: null })).status, 200)
  t.match(patched.body, { first_step_contact_index: 1, accepting_new: 'waiting_list', accepting_new_wait_weeks: 6 }, 'the admin record holds it')

  const list = (await app.inject('/v1/offers?lang=fr&per_page=100')).json().contents as Item[]
  const item = list.find((o) => o.id === OWN.offer)!
  t.strictSame(item.contact, { name: 'Intake', phone: '+32 3 000 00 02', email: 'intake@example.org', website: 'https://example.org/seefhoek' })
  t.equal(item.first_step, 'Bel voor een intakegesprek')
  t.equal((item.text_fallbacks as Record<string, string>).first_step, 'nl', 'no French text: the fallback is named')
  t.strictSame(item.accepting_new, { code: 'waiting_list', label: 'Liste d\'attente', wait_weeks: 6, confirmed_at: '2026-11-30' })
  t.equal(item.temporarily_closed, false)
  const other = list.find((o) => o.id === OTHER.offer)!
  t.equal(other.accepting_new, null, 'not known is null, never "no"')
  t.equal(other.first_step, null)

  const detail = (await app.inject(`/v1/offers/${OWN.offer}?lang=en`)).json()
  t.match(detail, { first_step: 'Call for an intake talk', first_step_contact_index: 1, contact: { name: 'Intake' }, accepting_new: { code: 'waiting_list', label: 'Waiting list' } })

  const accepting = await app.inject('/v1/offers?accepting_new=true&per_page=100')
  t.ok(ids(accepting).includes(OWN.offer), 'a waiting list takes new families')
  t.notOk(ids(accepting).includes(OTHER.offer), 'not known is left out')
  t.equal((await patchOffer(app, admin, OWN.offer, { accepting_new: 'no' })).status, 200)
  t.notOk(ids(await app.inject('/v1/offers?accepting_new=true&per_page=100')).includes(OWN.offer), '"no" is left out')
  t.ok(ids(await app.inject('/v1/offers?accepting_new=false&per_page=100')).includes(OWN.offer), 'false is no filter')

  t.equal((await patchOffer(app, admin, OWN.offer, { first_step_contact_index: 0, accepting_new: 'yes' })).status, 200)
  t.strictSame((await app.inject(`/v1/offers/${OWN.offer}`)).json().contact, { name: null, phone: '+32 3 000 00 01', email: null, website: 'https://example.org/seefhoek' }, 'a named contact without a name')
  // Without a named contact: the offer's first contact that can be reached; without any, the organisation's.
  t.equal((await patchOffer(app, admin, OWN.offer, { first_step_contact_index: null })).status, 200)
  const own = (await app.inject(`/v1/offers/${OWN.offer}`)).json()
  t.strictSame(own.contact, { name: null, phone: '+32 3 000 00 01', email: null, website: 'https://example.org/seefhoek' })
  t.equal((await patchOffer(app, admin, OWN.offer, { contacts: [], website: null, phone: '+32 3 000 00 09' })).status, 200)
  t.strictSame((await app.inject(`/v1/offers/${OWN.offer}`)).json().contact, { name: null, phone: '+32 3 000 00 09', email: null, website: null })

  const bad = await patchOffer(app, admin, OWN.offer, { first_step_contact_index: 3, accepting_new: 'maybe', accepting_new_confirmed_at: '2026-02-30' })
  t.equal(bad.status, 400)
  t.match(bad.body.errors.map((e: { path: string }) => e.path).sort(), ['/accepting_new', '/accepting_new_confirmed_at'])
  const noContact = await patchOffer(app, admin, OWN.offer, { first_step_contact_index: 0 })
  t.equal(noContact.status, 400, 'the first-step contact must be one of the contacts')
  t.match(noContact.body.errors, [{ path: '/first_step_contact_index' }])
})

t.test('the contact falls back to the organisation, and is null when nothing is known', async (t) => {
  const { app, db } = await setup(t)
  const admin = keyFor(db, 'admin')
  t.equal((await patchOffer(app, admin, OWN.offer, { contacts: [{ email: 'only@example.org' }], first_step_contact_index: null, website: null, email: null, phone: null })).status, 200)
  t.strictSame((await app.inject(`/v1/offers/${OWN.offer}`)).json().contact, { name: null, phone: null, email: 'only@example.org', website: null }, 'a contact with an e-mail only')
  t.equal((await patchOffer(app, admin, OWN.offer, { contacts: [] })).status, 200)
  const organisation = (await call(app, admin, 'GET', `/v1/admin/organisations/${OWN.organisation}`)).body
  const detail = (await app.inject(`/v1/offers/${OWN.offer}`)).json()
  t.strictSame(detail.contact, { name: organisation.name.nl, phone: organisation.phone, email: organisation.email, website: organisation.website })
  const org = await call(app, admin, 'PATCH', `/v1/admin/organisations/${OWN.organisation}`, { phone: null, email: null, website: null }, { 'if-match': `"${organisation.version}"` })
  t.equal(org.status, 200)
  t.equal((await app.inject(`/v1/offers/${OWN.offer}`)).json().contact, null)
})

t.test('access needs: on the offer and at its published locations; all must hold', async (t) => {
  const { app, db } = await setup(t)
  const admin = keyFor(db, 'admin')
  const mine = (url: string) => app.inject(`${url}&organisation=${OWN.organisation}`).then(ids)
  t.strictSame(await mine('/v1/offers?access=interpreter'), [], 'not known counts as no')
  t.equal((await patchOffer(app, admin, OWN.offer, { interpreter_on_request: true, anonymous_possible: true, no_residence_papers_ok: false })).status, 200)
  t.strictSame(await mine('/v1/offers?access=interpreter,anonymous'), [OWN.offer])
  t.strictSame(await mine('/v1/offers?access=no_residence_papers'), [], '"no" is left out')
  t.equal((await patchOffer(app, admin, OWN.offer, { no_residence_papers_ok: true })).status, 200)
  t.strictSame(await mine('/v1/offers?access=no_residence_papers,anonymous'), [OWN.offer], '"yes" is found')
  t.strictSame(await mine('/v1/offers?access=interpreter,wheelchair'), [], 'every need must hold')
  const location = await call(app, admin, 'GET', `/v1/admin/locations/${OWN.location}`)
  const placed = await call(app, admin, 'PATCH', `/v1/admin/locations/${OWN.location}`, { wheelchair_accessible: true, pram_accessible: true }, { 'if-match': location.headers.etag as string })
  t.equal(placed.status, 200)
  t.strictSame(await mine('/v1/offers?access=interpreter,wheelchair,pram'), [OWN.offer], 'the location says so')
  const unknown = await app.inject('/v1/offers?access=wheelchair,stairs')
  t.equal(unknown.statusCode, 404)
  t.match(unknown.json().errors, [{ in: 'querystring', path: '/access', message: 'unknown access need \'stairs\'' }])
  t.equal((await app.inject('/v1/offers?access=Wheelchair')).statusCode, 400)
  const needs = (await app.inject('/v1/access-needs?lang=en')).json()
  t.strictSame(needs.contents.map((c: { code: string }) => c.code), ['wheelchair', 'pram', 'interpreter', 'no_residence_papers', 'anonymous'])
})

t.test('open at a moment: weekly hours in Brussels time, daylight saving, public holidays, exceptions', async (t) => {
  const { app, db } = await setup(t)
  const admin = keyFor(db, 'admin')
  const weekdays = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '09:00', closes: '12:00' }))
  t.equal((await patchOffer(app, admin, OWN.offer, {
    opening_hours: weekdays,
    hours_exceptions: [
      { from: '2026-12-21', to: '2026-12-23', closed: true, note: { nl: 'Kerstverlof' } },
      { from: '2026-12-28', to: '2026-12-31', closed: false, opens: '13:00', closes: '15:00' }
    ]
  })).status, 200)
  // A helpline with the same hours that keeps them on public holidays.
  t.equal((await patchOffer(app, admin, OTHER.offer, { opening_hours: weekdays, hours_exceptions: [], open_on_holidays: true })).status, 200)
  const openAt = async (moment: string) => {
    const res = await app.inject(`/v1/offers?per_page=100&open_at=${encodeURIComponent(moment)}`)
    t.equal(res.statusCode, 200, moment)
    const found = ids(res)
    return [found.includes(OWN.offer), found.includes(OTHER.offer)]
  }
  t.strictSame(await openAt('2026-12-07T10:00:00+01:00'), [true, true], 'a Monday morning in winter')
  t.strictSame(await openAt('2026-12-07T12:00:00+01:00'), [false, false], 'closed from 12:00')
  t.strictSame(await openAt('2026-12-07T10:30:00Z'), [true, true], '10:30 UTC is 11:30 in Brussels in winter')
  t.strictSame(await openAt('2026-03-30T07:30:00Z'), [true, true], 'the Monday after the change to summer time: 07:30 UTC is 09:30')
  t.strictSame(await openAt('2026-03-27T07:30:00Z'), [false, false], 'the Friday before it: 07:30 UTC is 08:30, not yet open')
  t.strictSame(await openAt('2026-10-26T10:30:00Z'), [true, true], 'the Monday after the change to winter time: 10:30 UTC is 11:30')
  t.strictSame(await openAt('2026-10-23T10:30:00Z'), [false, false], 'the Friday before it: 10:30 UTC is 12:30')
  t.strictSame(await openAt('2026-04-06T10:00:00+02:00'), [false, true], 'Easter Monday: closed, but the helpline keeps its hours')
  t.strictSame(await openAt('2026-12-21T10:00:00+01:00'), [false, true], 'a closed exception')
  t.strictSame(await openAt('2026-12-28T10:00:00+01:00'), [false, true], 'an exception with other hours: not the usual ones')
  t.strictSame(await openAt('2026-12-28T14:00:00+01:00'), [true, false], 'but its own')
  t.equal((await app.inject('/v1/offers?open_at=tomorrow')).statusCode, 400)

  const detail = (await app.inject(`/v1/offers/${OWN.offer}?lang=en`)).json()
  t.strictSame(detail.hours_exceptions, [
    { from: '2026-12-21', to: '2026-12-23', closed: true, opens: null, closes: null, note: 'Kerstverlof' },
    { from: '2026-12-28', to: '2026-12-31', closed: false, opens: '13:00', closes: '15:00', note: null }
  ])
  t.equal(detail.text_fallbacks['hours_exceptions.0.note'], 'nl')
  const service = (await app.inject(`/hsds/services/${OWN.offer}`)).json()
  t.match(service.schedules.filter((s: { valid_from?: string }) => s.valid_from !== undefined), [
    { valid_from: '2026-12-21', valid_to: '2026-12-23', byday: 'MO,TU,WE,TH,FR,SA,SU', notes: 'closed', description: 'Kerstverlof' },
    { valid_from: '2026-12-28', valid_to: '2026-12-31', opens_at: '13:00', closes_at: '15:00', notes: 'other hours' }
  ], 'HSDS: an exception is a schedule valid over its period')
  t.match(detail, { always_open: false, open_on_holidays: false, temporarily_closed: false })
  t.type(detail.open_now, 'boolean', 'with hours, open_now is known')

  for (const [body, message] of [
    [{ from: '2026-12-24', to: '2026-12-20', closed: true }, 'a period that ends before it starts'],
    [{ from: '2026-12-24', to: '2026-12-24', closed: true, opens: '09:00', closes: '10:00' }, 'a closed day with hours'],
    [{ from: '2026-12-24', to: '2026-12-24', closed: false, opens: '10:00' }, 'other hours without an end'],
    [{ from: '2026-12-24', to: '2026-12-24', closed: false, opens: '10:00', closes: '09:00' }, 'other hours that end before they start']
  ] as const) t.equal((await patchOffer(app, admin, OWN.offer, { hours_exceptions: [body] })).status, 400, message)
})

t.test('open now, next open, temporarily closed and alerts on items and details', async (t) => {
  const { app, db } = await setup(t)
  const admin = keyFor(db, 'admin')
  // Open one minute a day at 03:00: closed at almost any moment a test runs, and next open within a day.
  const early = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '03:00', closes: '03:01' }))
  t.equal((await patchOffer(app, admin, OWN.offer, { opening_hours: early, alert: { nl: 'Verhuisd naar de Seefhoekstraat', en: 'Moved' }, alert_until: '2099-12-31' })).status, 200)
  t.equal((await patchOffer(app, admin, OTHER.offer, { always_open: true, alert: { nl: 'Oude melding' }, alert_until: '2020-01-01' })).status, 200)
  const NO_HOURS = sampleId('offer', 'na-de-storm')
  t.equal((await patchOffer(app, admin, NO_HOURS, { opening_hours: [], hours_exceptions: [] })).status, 200)
  const list = async (query = '') => (await app.inject(`/v1/offers?per_page=100&lang=en${query}`)).json().contents as Item[]
  const items = await list()
  const mine = items.find((o) => o.id === OWN.offer)!
  if (mine.open_now === false) {
    t.match(mine.next_open, /T03:00:00\+0[12]:00$/, 'next open at 03:00 Brussels time, with its offset')
    t.ok(Date.parse(mine.next_open as string) - Date.now() <= 86_400_000 + 3_600_000, 'within a day')
  } else t.equal(mine.next_open, null, 'open in its one minute: no next opening')
  t.strictSame(mine.alert, { text: 'Moved', until: '2099-12-31' })
  const helpline = items.find((o) => o.id === OTHER.offer)!
  t.match(helpline, { open_now: true, next_open: null, alert: null }, 'around the clock; an alert past its day is gone')
  t.match(items.find((o) => o.id === NO_HOURS), { open_now: null, next_open: null }, 'an offer without hours: not known, not closed')
  t.match((await app.inject(`/v1/offers/${NO_HOURS}`)).json(), { open_now: null, next_open: null }, 'on the detail too')
  t.equal((await patchOffer(app, admin, NO_HOURS, { hours_exceptions: [{ from: '2099-12-24', to: '2099-12-24', closed: true }] })).status, 200)
  t.match((await app.inject(`/v1/offers/${NO_HOURS}`)).json(), { open_now: null, next_open: null }, 'a closed day alone says nothing of the other days')

  const openNow = await list('&open_now=true')
  t.ok(openNow.some((o) => o.id === OTHER.offer), 'open_now=true finds the 24/7 line')
  t.notOk(openNow.some((o) => o.open_now !== true), 'and only what is open now')

  t.equal((await patchOffer(app, admin, OTHER.offer, { temporarily_closed: true })).status, 200)
  const closed = (await list()).find((o) => o.id === OTHER.offer)!
  t.match(closed, { temporarily_closed: true, open_now: false, next_open: null }, 'still listed, shown as closed')
  t.notOk((await list('&open_now=true')).some((o) => o.id === OTHER.offer), 'never open now')
  const detail = (await app.inject(`/v1/offers/${OTHER.offer}`)).json()
  t.match(detail, { temporarily_closed: true, always_open: true, open_now: false, alert: null })
  t.match((await app.inject(`/hsds/services/${OTHER.offer}`)).json(), { status: 'temporarily closed' }, 'HSDS says so too')
  t.match((await app.inject(`/hsds/services/${OWN.offer}?lang=en`)).json(), { alert: 'Moved' }, 'and carries the current alert')
  const withAlert = (await app.inject(`/v1/offers/${OWN.offer}?lang=fr`)).json()
  t.strictSame(withAlert.alert, { text: 'Verhuisd naar de Seefhoekstraat', until: '2099-12-31' })
  t.equal(withAlert.text_fallbacks['alert.text'], 'nl')
  t.equal((await patchOffer(app, admin, OWN.offer, { alert_until: '2026-02-30' })).status, 400, 'not a date')
})

t.test('a rendered summary drops its alert once the alert\'s day has passed', async (t) => {
  const { app, db } = await setup(t)
  const admin = keyFor(db, 'admin')
  t.equal((await patchOffer(app, admin, OWN.offer, { alert: { nl: 'Gesloten wegens werken' }, alert_until: '2026-12-24' })).status, 200)
  const index = offerSearch(db).current()
  const i = index.ordinalById.get(OWN.offer)!
  const before = JSON.parse(offerSummariesJson(index, [i], 'nl', '2026-12-24')[0]!.toString())
  t.strictSame(before.alert, { text: 'Gesloten wegens werken', until: '2026-12-24' }, 'shown through its last day')
  t.equal(offerSummariesJson(index, [i], 'nl', '2026-12-24')[0]!, offerSummariesJson(index, [i], 'nl', '2026-12-24')[0]!, 'kept while it is shown')
  t.equal(JSON.parse(offerSummariesJson(index, [i], 'nl', '2026-12-25')[0]!.toString()).alert, null, 'rendered again without it the day after')
})
