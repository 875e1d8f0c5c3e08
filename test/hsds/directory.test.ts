import t from 'tap'
import { hsdsId } from '../../src/hsds/taxonomy.js'
import { setup } from '../helpers/app.js'
import { call, keyFor, locationBody, offerBody, organisationBody, OWN } from '../helpers/curation.js'
import { hsdsErrors } from '../helpers/hsds.js'

type Item = { id: string, name: string, [field: string]: unknown }
type Page = { total_items: number, total_pages: number, page_number: number, first_page: boolean, last_page: boolean, contents: Item[] }

const term = (taxonomy: string, code: string) => hsdsId('term', taxonomy, code)
const taxonomy = (name: string) => hsdsId('taxonomy', name)
const km = (a: { latitude: number, longitude: number }, b: { latitude: number, longitude: number }) => {
  const rad = (d: number) => d * Math.PI / 180
  const h = Math.sin(rad(b.latitude - a.latitude) / 2) ** 2 + Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(rad(b.longitude - a.longitude) / 2) ** 2
  return 2 * 6371.0088 * Math.asin(Math.sqrt(h))
}

t.test('HSDS facade: services, service_at_locations and organizations', async (t) => {
  const { app, db } = await setup(t)
  const get = async (url: string) => {
    const res = await app.inject({ method: 'GET', url })
    t.equal(res.statusCode, 200, url)
    return res.json() as Page
  }
  const status = async (url: string) => (await app.inject({ method: 'GET', url })).statusCode
  /** Every item of every page of a list, checking that each page says where it is. */
  const all = async (url: string) => {
    const items: Item[] = []
    for (let n = 1; ; n++) {
      const body = await get(`${url}${url.includes('?') ? '&' : '?'}per_page=100&page=${n}`)
      t.equal(body.page_number, n)
      items.push(...body.contents)
      if (body.last_page) return items
    }
  }
  const ids = (items: Array<{ id: string }>) => items.map((i) => i.id)
  /** Ids of /v1/offers for a query: the facade must find exactly what the directory's own search finds. */
  const v1 = async (query: string) => ids((await get(`/v1/offers?per_page=100&${query}`)).contents)
  const sorted = (list: string[]) => [...list].sort()

  const published = await v1('')
  const services = await all('/hsds/services')

  t.test('services: every published offer; first, middle and last page are valid HSDS', async (t) => {
    t.equal(services.length, published.length)
    t.strictSame(sorted(ids(services)), sorted(published))
    const first = await get('/hsds/services?per_page=5')
    t.equal(first.total_items, published.length)
    for (const n of [1, Math.ceil(first.total_pages / 2), first.total_pages]) {
      const body = await get(`/hsds/services?per_page=5&page=${n}`)
      t.equal(body.first_page, n === 1)
      t.equal(body.last_page, n === first.total_pages)
      t.ok(body.contents.length > 0)
      for (const service of body.contents) t.strictSame(hsdsErrors('service_list', service), [], service.name)
    }
    const names = services.map((s) => s.name)
    t.strictSame(names, [...names].sort((a, b) => a.localeCompare(b, 'nl', { sensitivity: 'base' })), 'without search, by name')
  })

  t.test('full=true nests every service fully; minimal=true gives id and last_modified', async (t) => {
    const full = await get('/hsds/services?full=true&per_page=100')
    t.equal(full.contents.length, published.length)
    for (const service of full.contents) t.strictSame(hsdsErrors('service', service), [], service.name)
    const minimal = await get('/hsds/services?minimal=true&per_page=3')
    t.strictSame(minimal.contents.map((s) => Object.keys(s).sort()), [['id', 'last_modified'], ['id', 'last_modified'], ['id', 'last_modified']])
  })

  t.test('one service: fully nested, its taxonomies as attributes, assured_date the last verification', async (t) => {
    for (const id of ids(services)) {
      const service = (await app.inject(`/hsds/services/${id}`)).json()
      t.strictSame(hsdsErrors('service', service), [], service.name)
    }
    const detail = (await app.inject(`/v1/offers/${OWN.offer}`)).json()
    const service = (await app.inject(`/hsds/services/${OWN.offer}`)).json()
    t.equal(service.name, detail.name)
    t.equal(service.organization.id, detail.organisation.id)
    t.equal(service.assured_date, detail.last_verified?.slice(0, 10))
    t.equal(service.last_modified, detail.updated_at)
    const values = (name: string) => service.attributes.filter((a: { taxonomy_term: { taxonomy: string } }) => a.taxonomy_term.taxonomy === name).map((a: { value: string }) => a.value)
    t.strictSame(values('care_type'), [detail.care_type.code])
    t.strictSame(values('phase'), detail.phases.map((p: { code: string }) => p.code))
    t.strictSame(values('region'), detail.service_area.map((r: { code: string }) => r.code))
    t.strictSame(sorted(service.languages.map((l: { code: string }) => l.code)), sorted(detail.languages.map((l: { code: string }) => l.code)))
    t.strictSame(service.service_at_locations.map((s: { location_id: string }) => s.location_id), detail.locations.map((l: { id: string }) => l.id))
    t.equal(await status('/hsds/services/00000000-0000-4000-8000-000000000000'), 404)
    t.equal(await status('/hsds/services/not-a-uuid'), 400)
  })

  t.test('search and every filter find what GET /v1/offers finds, through the same search', async (t) => {
    const text = ids((await get('/hsds/services?search=vroedvrouw&per_page=100')).contents)
    t.ok(text.length > 0)
    t.strictSame(text, await v1('q=vroedvrouw'), 'same offers, same (relevance) order')
    t.strictSame(sorted(ids(await all(`/hsds/services?taxonomy_term_id=${term('care_type', 'ggz')}`))), sorted(await v1('care_type=ggz')), 'a category includes its care types')
    t.strictSame(sorted(ids(await all(`/hsds/services?taxonomy_term_id=${term('region', '44021')}`))), sorted(await v1('region=44021')), 'a region: the hierarchy and remote offers')
    t.strictSame(sorted(ids(await all(`/hsds/services?taxonomy_term_id=${term('phase', 'zwangerschap')}`))), sorted(await v1('phase=zwangerschap')))
    t.strictSame(sorted(ids(await all(`/hsds/services?taxonomy_term_id=${term('role', 'vroedvrouw')}`))), sorted(await v1('role=vroedvrouw')))
    t.strictSame(sorted(ids(await all(`/hsds/services?taxonomy_term_id=${term('mode', 'home')}`))), sorted(await v1('mode=home')))
    t.strictSame(sorted(ids(await all(`/hsds/services?taxonomy_term_id=${term('target_group', 'vaders_meeouders')}`))), sorted(await v1('target_group=vaders_meeouders')))
    for (const name of ['phase', 'care_type', 'role', 'mode', 'region']) {
      const any = await all(`/hsds/services?taxonomy_id=${taxonomy(name)}`)
      t.ok(any.length > published.length / 2, `${name}: a taxonomy that nearly every offer carries keeps nearly all (${any.length})`)
      t.ok(ids(any).every((id) => published.includes(id)))
    }
    const withGroups = await all(`/hsds/services?taxonomy_id=${taxonomy('target_group')}`)
    t.ok(withGroups.length > 0 && withGroups.length < published.length, 'a taxonomy: offers with any of its terms')
    t.strictSame(sorted(ids(withGroups)), sorted(await v1(`target_group=${(await get('/v1/target-groups?per_page=100')).contents.map((g) => (g as unknown as { code: string }).code).join(',')}`)))
    const ggz = await v1('care_type=ggz')
    const both = await all(`/hsds/services?taxonomy_id=${taxonomy('target_group')}&taxonomy_term_id=${term('care_type', 'ggz')}`)
    t.ok(both.length > 0 && both.length < withGroups.length)
    t.strictSame(sorted(ids(both)), sorted(ids(withGroups).filter((id) => ggz.includes(id))), 'a term of another taxonomy narrows further (AND)')
    const own = await all(`/hsds/services?organization_id=${OWN.organisation}`)
    t.ok(own.length > 0)
    t.equal(own.every((s) => s.organization_id === OWN.organisation), true)
    t.strictSame(ids(await all(`/hsds/services?modified_after=${encodeURIComponent('2999-01-01T00:00:00Z')}`)), [])
    t.equal((await all(`/hsds/services?modified_after=${encodeURIComponent('2000-01-01T00:00:00+01:00')}`)).length, published.length)
    const latest = [...services].sort((a, b) => String(b.last_modified).localeCompare(String(a.last_modified)))[0]!
    t.ok(ids(await all(`/hsds/services?modified_after=${encodeURIComponent(String(latest.last_modified))}`)).includes(latest.id), 'on or after')
    t.strictSame(sorted(ids(await all('/hsds/services?minimum_age=2&maximum_age=2'))), sorted(await v1('age_months=24')), 'an age is a point range, as age_months')
    const pregnancy = ids(await all('/hsds/services?minimum_age=-0.75&maximum_age=0'))
    t.ok(pregnancy.length > 0 && pregnancy.length < published.length)
    t.strictSame(ids(await all('/hsds/services?minimum_age=3&maximum_age=1')), [], 'an empty age range finds nothing')
    const older = await all('/hsds/services?minimum_age=4')
    const unborn = await all('/hsds/services?maximum_age=-0.5')
    t.ok(older.length > 0 && unborn.length > 0 && older.length < published.length && unborn.length < published.length, 'either end may stay open')
    t.strictSame(sorted(pregnancy), sorted(await v1('phase=zwangerschap')), 'the months of pregnancy are the zwangerschap phase')
  })

  t.test('a wrong parameter is a 400, an unknown id a 404 naming it', async (t) => {
    const unknown = await app.inject(`/hsds/services?taxonomy_term_id=${hsdsId('nothing')}&organization_id=${hsdsId('nobody')}`)
    t.equal(unknown.statusCode, 404)
    t.strictSame(unknown.json().errors.map((e: { path: string }) => e.path), ['/taxonomy_term_id', '/organization_id'])
    t.equal((await app.inject(`/hsds/services?taxonomy_id=${hsdsId('nothing')}`)).json().errors[0].path, '/taxonomy_id')
    t.equal(await status('/hsds/services?search=%22%22'), 200, 'nothing to search for is no filter')
    t.equal(await status(`/hsds/services?search=${'a '.repeat(11)}`), 200, 'read as a question, as q of /v1/offers: a long one too')
    t.equal(await status(`/hsds/services?search=${'a'.repeat(201)}`), 400, 'at most 200 characters')
    t.equal(await status('/hsds/services?modified_after=yesterday'), 400)
    t.equal(await status('/hsds/services?per_page=101'), 400)
  })

  t.test('format=ndjson streams every match, one record per line', async (t) => {
    const res = await app.inject('/hsds/services?format=ndjson&per_page=1')
    t.equal(res.headers['content-type'], 'application/x-ndjson; charset=utf-8')
    const lines = res.body.trimEnd().split('\n').map((l) => JSON.parse(l) as Item)
    t.strictSame(ids(lines), ids(services), 'unpaged, in the list\'s order')
    for (const line of lines) t.strictSame(hsdsErrors('service_list', line), [])
    const none = await app.inject(`/hsds/services?format=ndjson&modified_after=${encodeURIComponent('2999-01-01T00:00:00Z')}`)
    t.equal(none.statusCode, 200)
    t.equal(none.body, '')
  })

  t.test('service_at_locations: each service at each of its places; pages, one by id, postcode and proximity', async (t) => {
    const pairs = await all('/hsds/service_at_locations')
    const places = (await get('/hsds/services?full=true&per_page=100')).contents
      .reduce((n, s) => n + (s.service_at_locations as unknown[]).length, 0)
    t.equal(pairs.length, places)
    const first = await get('/hsds/service_at_locations?per_page=4')
    for (const n of [1, Math.ceil(first.total_pages / 2), first.total_pages]) {
      for (const item of (await get(`/hsds/service_at_locations?per_page=4&page=${n}`)).contents) {
        t.strictSame(hsdsErrors('service_at_location_list', item), [])
      }
    }
    for (const item of (await get('/hsds/service_at_locations?full=true&per_page=100')).contents) {
      t.strictSame(hsdsErrors('service_at_location', item), [])
      t.equal((item.service as { id: string }).id, item.service_id)
    }
    const one = (await app.inject(`/hsds/service_at_locations/${pairs[0]!.id}`)).json()
    t.strictSame(hsdsErrors('service_at_location', one), [])
    t.equal(one.service.id, pairs[0]!.service_id)
    t.equal(await status(`/hsds/service_at_locations/${hsdsId('nothing')}`), 404)

    const covering = await all('/hsds/service_at_locations?postcode=9000')
    const serving = await v1('postcode=9000')
    t.ok(covering.length > 0)
    t.equal(covering.every((p) => serving.includes(p.service_id as string)), true, 'postcode: services whose area covers it')
    const gent = (await app.inject('/v1/postcodes/9000')).json() as { latitude: number, longitude: number }
    const near = await all('/hsds/service_at_locations?postcode=9000&proximity=5000')
    t.ok(near.length > 0 && near.length < pairs.length)
    const distances = near.map((p) => km(gent, p.location as { latitude: number, longitude: number }))
    t.equal(distances.every((d) => d <= 5), true, 'proximity: places within so many metres of the postcode\'s centre')
    t.strictSame(distances, [...distances].sort((a, b) => a - b), 'nearest first')
    const outside = pairs.filter((p) => !ids(near).includes(p.id) && (p.location as { latitude?: number }).latitude !== undefined)
    t.equal(outside.every((p) => km(gent, p.location as { latitude: number, longitude: number }) > 5), true, 'every place that close is found')
    t.strictSame(ids(await all('/hsds/service_at_locations?proximity=5000')), ids(pairs), 'proximity without a postcode means nothing')
    t.equal(await status('/hsds/service_at_locations?postcode=9999'), 404)
    const searched = await all('/hsds/service_at_locations?postcode=9000&proximity=100000&search=zwanger')
    const relevant = await v1('q=zwanger&postcode=9000&radius_km=100')
    t.ok(searched.length > 0)
    t.strictSame([...new Set(searched.map((p) => p.service_id as string))], relevant.filter((id) => searched.some((p) => p.service_id === id)), 'with search: by relevance')
    const stream = await app.inject('/hsds/service_at_locations?format=ndjson')
    t.strictSame(stream.body.trimEnd().split('\n').map((l) => (JSON.parse(l) as Item).id), ids(pairs))
  })

  t.test('organizations: pages, full, full_service, one by id, search', async (t) => {
    const organizations = await all('/hsds/organizations')
    const v1Organisations = (await get('/v1/organisations?per_page=100')).total_items
    t.equal(organizations.length, v1Organisations)
    const first = await get('/hsds/organizations?per_page=5')
    for (const n of [1, Math.ceil(first.total_pages / 2), first.total_pages]) {
      for (const item of (await get(`/hsds/organizations?per_page=5&page=${n}`)).contents) t.strictSame(hsdsErrors('organization_list', item), [])
    }
    for (const item of (await get('/hsds/organizations?full=true&per_page=100')).contents) t.strictSame(hsdsErrors('organization', item), [], item.name)
    const withServices = (await get('/hsds/organizations?full_service=true&per_page=100')).contents
    for (const item of withServices) for (const service of item.services as Item[]) t.strictSame(hsdsErrors('service', service), [], service.name)
    const one = (await app.inject(`/hsds/organizations/${OWN.organisation}`)).json()
    t.strictSame(hsdsErrors('organization', one), [])
    t.strictSame(one.services.map((s: Item) => s.id), ids(await all(`/hsds/services?organization_id=${OWN.organisation}`)))
    t.strictSame(hsdsErrors('service_list', one.services[0]), [])
    const full = (await app.inject(`/hsds/organizations/${OWN.organisation}?full_service=true`)).json()
    t.strictSame(hsdsErrors('service', full.services[0]), [])
    t.equal(await status(`/hsds/organizations/${hsdsId('nobody')}`), 404)
    const found = await get('/hsds/organizations?search=PAPA')
    t.strictSame(found.contents.map((o) => o.name), ['Vaderwerking Papa in Zicht vzw'])
    const stream = await app.inject('/hsds/organizations?format=ndjson')
    t.strictSame(stream.body.trimEnd().split('\n').map((l) => (JSON.parse(l) as Item).id), ids(organizations))
  })

  t.test('the content language follows lang and Accept-Language', async (t) => {
    const fr = await app.inject({ method: 'GET', url: `/hsds/services/${OWN.offer}`, headers: { 'accept-language': 'fr' } })
    t.equal(fr.headers['content-language'], 'fr')
    t.equal(fr.json().name, (await app.inject(`/v1/offers/${OWN.offer}?lang=fr`)).json().name)
  })

  t.test('an unpublished offer leaves every list and its own address', async (t) => {
    const admin = keyFor(db, 'admin')
    const pair = hsdsId('service_at_location', OWN.offer, OWN.location)
    t.equal(await status(`/hsds/service_at_locations/${pair}`), 200)
    t.equal((await call(app, admin, 'POST', `/v1/admin/offers/${OWN.offer}/unpublish`)).status, 200)
    t.equal(await status(`/hsds/services/${OWN.offer}`), 404)
    t.equal(await status(`/hsds/service_at_locations/${pair}`), 404)
    t.notOk(ids(await all('/hsds/services')).includes(OWN.offer))
    t.notOk(ids((await app.inject(`/hsds/organizations/${OWN.organisation}`)).json().services).includes(OWN.offer))
  })

  t.test('every filled field maps: identifiers, contacts, schedules, prices', async (t) => {
    const admin = keyFor(db, 'admin')
    const organisation = (await call(app, admin, 'POST', '/v1/admin/organisations', organisationBody({ kbo_number: '0412345678', sociale_kaart_id: 'sk-1234' }))).body
    const place = (await call(app, admin, 'POST', '/v1/admin/locations', locationBody(organisation.id, {
      latitude: 51.05, longitude: 3.72, wheelchair_accessible: true, pram_accessible: true
    }))).body
    const bare = (await call(app, admin, 'POST', '/v1/admin/locations', locationBody(organisation.id, { name: 'Huisbezoek', street: null }))).body
    const offer = (await call(app, admin, 'POST', '/v1/admin/offers', offerBody(organisation.id, {
      location_ids: [place.id], price_min_eur: 15, price_max_eur: 30, cost_type: 'paid', cost_note: { nl: 'Per sessie' }, phone: '+32 9 765 43 21', interpreter_on_request: true,
      contacts: [{ name: 'Onthaal', title: { nl: 'Onthaalmedewerker' }, email: 'onthaal@example.org', phone: '+32 9 123 45 67' }, { email: 'info@example.org' }],
      opening_hours: [{ weekday: 1, opens: '09:00', closes: '12:00', location_id: place.id, note: { nl: 'Op afspraak' } }, { weekday: 3, opens: '13:00', closes: '17:00' }]
    }))).body
    const second = (await call(app, admin, 'POST', '/v1/admin/offers', offerBody(organisation.id, { slug: 'second-offer', location_ids: [bare.id], price_max_eur: 40, cost_type: 'paid' }))).body
    for (const url of [`/v1/admin/organisations/${organisation.id}/publish`, `/v1/admin/locations/${place.id}/publish`, `/v1/admin/locations/${bare.id}/publish`,
      `/v1/admin/offers/${offer.id}/publish`, `/v1/admin/offers/${second.id}/publish`]) {
      t.equal((await call(app, admin, 'POST', url)).status, 200, url)
    }
    const service = (await app.inject(`/hsds/services/${offer.id}`)).json()
    t.strictSame(hsdsErrors('service', service), [])
    t.match(service.contacts, [{ name: 'Onthaal', title: 'Onthaalmedewerker', email: 'onthaal@example.org', phones: [{ number: '+32 9 123 45 67' }] }, { email: 'info@example.org', phones: [] }])
    t.match(service.schedules, [{ byday: 'MO', opens_at: '09:00', closes_at: '12:00', location_id: place.id, description: 'Op afspraak' }, { byday: 'WE', opens_at: '13:00', closes_at: '17:00' }])
    t.match(service.cost_options, [{ option: 'paid', currency: 'EUR', amount: 15, amount_description: 'Per sessie' }])
    t.match(service, { phones: [{ number: '+32 9 765 43 21' }], interpretation_services: 'Tolk op vraag' })
    t.notOk('assured_date' in service, 'never verified: no assured_date')
    t.equal((await call(app, admin, 'POST', `/v1/admin/offers/${offer.id}/verify`)).status, 200)
    const verified = (await app.inject(`/hsds/services/${offer.id}`)).json()
    t.equal(verified.assured_date, (await app.inject(`/v1/offers/${offer.id}`)).json().last_verified.slice(0, 10), 'assured_date: the day of the last verification')
    t.match(service.service_at_locations[0].location, { latitude: 51.05, longitude: 3.72, addresses: [{ address_1: 'Teststraat 1', city: 'Gent', state_province: 'Oost-Vlaanderen', postal_code: '9000' }] })
    t.equal(service.service_at_locations[0].location.accessibility.length, 2)
    const other = (await app.inject(`/hsds/services/${second.id}`)).json()
    t.strictSame(hsdsErrors('service', other), [])
    t.match(other.cost_options, [{ amount: 40 }], 'only a highest price')
    const street = other.service_at_locations[0].location
    t.match(street, { addresses: [{ address_1: 'Huisbezoek' }], accessibility: [] }, 'no street: the place\'s name')
    t.type(street.latitude, 'number', 'given by postcode only: placed at the postcode\'s centre')
    const found = (await app.inject(`/hsds/organizations/${organisation.id}`)).json()
    t.strictSame(hsdsErrors('organization', found), [])
    t.strictSame(found.organization_identifiers.map((i: { identifier_type: string, identifier: string }) => [i.identifier_type, i.identifier]), [['KBO/BCE', '0412345678'], ['De Sociale Kaart', 'sk-1234']])
    t.strictSame(sorted(found.locations.map((l: { id: string }) => l.id)), sorted([place.id, bare.id]))
  })
})
