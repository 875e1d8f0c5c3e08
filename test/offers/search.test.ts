// GET /v1/offers over the sample directory: every filter with its hits and misses, text, distance, sorting, paging,
// facets, languages and HTTP caching.
import t from 'tap'
import { OfferList } from '../../src/offers/public-schemas.js'
import { setup, withinOneMinute } from '../helpers/app.js'

const REMOTE = ['dat-lucht-op', 'hulplijn-1712', 'rustpunt-online', 'tele-onthaal-106', 'zelfmoordlijn-1813']
const sorted = (list: string[]) => [...list].sort()

t.test('searching the sample directory', async (t) => {
  const { app } = await setup(t)
  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers })
  /** Every slug the search finds (one page of 100 holds the whole sample), checked against the list schema. */
  const find = async (query: string) => {
    const res = await get(`/v1/offers?${query.includes('per_page=') ? '' : 'per_page=100&'}${query}`)
    t.equal(res.statusCode, 200, query)
    const body = OfferList.parse(res.json())
    return (body.contents as Array<{ slug: string }>).map((o) => o.slug)
  }
  const set = async (query: string) => sorted(await find(query))
  /** Malformed input is a 400; a well-formed code that does not exist a 404; both name the parameter. */
  const problem = async (query: string, parameter: string, status = 400) => {
    const res = await get(`/v1/offers?${query}`)
    t.equal(res.statusCode, status, query)
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
    t.ok(res.json().errors.some((e: { path: string }) => e.path === `/${parameter}`), `${query} names ${parameter}`)
    return res.json()
  }

  t.test('with no filter: every published offer, by name, in the list envelope', async (t) => {
    const res = await get('/v1/offers')
    t.equal(res.statusCode, 200)
    t.equal(res.headers['content-type'], 'application/json; charset=utf-8')
    t.equal(res.headers['content-language'], 'nl')
    t.equal(res.headers['cache-control'], 'public, max-age=60')
    t.match(res.headers.etag, /^W\/".+"$/)
    const body = OfferList.parse(res.json())
    t.match(body, { total_items: 39, total_pages: 2, page_number: 1, size: 20, first_page: true, last_page: false, empty: false })
    t.equal(body.facets, undefined)
    t.strictSame(body.contents.slice(0, 3).map((o) => o.slug), ['hulplijn-1712', 'huilpoli-meetjesland', 'cos-scheldeland'])
    const names = body.contents.map((o) => o.name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase())
    t.strictSame(names, [...names].sort(), 'by name')
    const seefhoek = (await get('/v1/offers?page=1&per_page=100')).json().contents.find((o: { slug: string }) => o.slug === 'cb-seefhoek')
    t.match(seefhoek, {
      name: 'Consultatiebureau Seefhoek', organisation: { name: 'Consultatiebureau Seefhoek vzw' },
      care_type: { code: 'kg_consultatiebureau', label: 'Consultatiebureau Kind en Gezin' }, from_month: 0, to_month: 36,
      languages: [{ code: 'nl', label: 'Nederlands' }, { code: 'en', label: 'Engels' }, { code: 'ar', label: 'Arabisch' }, { code: 'tr', label: 'Turks' }],
      modes: [{ code: 'onsite', label: 'Op locatie' }, { code: 'individual', label: 'Individueel' }],
      remote_only: false, cost_type: { code: 'free', label: 'Gratis' }, referral_type: { code: 'none', label: 'Geen verwijzing nodig' },
      crisis_24_7: false, baby_welcome: true, last_verified: '2026-09-01T10:00:00.000Z', text_fallbacks: {},
      locations: [{ name: 'Consultatiebureau Seefhoek', postcode: '2060', municipality: 'Antwerpen', latitude: 51.226, longitude: 4.423 }]
    })
    t.strictSame(Object.keys(seefhoek).sort(), ['accepting_new', 'alert', 'baby_welcome', 'care_type', 'contact', 'cost_type', 'crisis_24_7', 'description', 'first_step',
      'from_month', 'id', 'is_reference', 'languages', 'last_verified', 'locations', 'modes', 'name', 'next_open', 'open_now', 'organisation', 'referral_type', 'remote_only',
      'slug', 'temporarily_closed', 'text_fallbacks', 'to_month', 'urgent_intake', 'waiting_time'], 'a lean summary')
    t.equal('distance_km' in seefhoek, false)
  })

  t.test('pages', async (t) => {
    t.match((await get('/v1/offers?page=2')).json(), { page_number: 2, size: 19, first_page: false, last_page: true, empty: false })
    t.match((await get('/v1/offers?page=3')).json(), { page_number: 3, size: 0, last_page: true, empty: true, contents: [] })
    const all = await find('')
    const pages = [...(await find('per_page=10&page=1')), ...(await find('per_page=10&page=2'))]
    t.strictSame(pages, all.slice(0, 20))
    await problem('per_page=101', 'per_page')
    await problem('per_page=0', 'per_page')
    await problem('page=0', 'page')
    await problem('per_page=1.5', 'per_page')
    t.equal((await get('/v1/offers?per_page=1&per_page=2')).statusCode, 400)
    t.equal((await find('per_page=100')).length, 39)
  })

  t.test('regions follow the hierarchy, Antwerpen\'s zones, postcodes and old codes; remote-only offers are everywhere', async (t) => {
    const antwerpen = sorted(['cb-seefhoek', 'papa-in-zicht', 'mbu-de-wiege', ...REMOTE])
    // Since 2025 the city lies in four zones, none of them ZORA (Borsbeek's district went to Antwerpen Oost).
    t.strictSame(await set('region=11002'), antwerpen, 'the city: any of its zones, and ZORA is not one of them')
    t.strictSame(await set('postcode=2060'), antwerpen, '2060 lies in Antwerpen Centrum, not in the zone of \'t Nestje')
    t.strictSame(await set('postcode=2150'), antwerpen, '2150 (Borsbeek) lies in Antwerpen Oost, not in the zone of \'t Nestje')
    t.strictSame(await set('region=elz-antwerpen-noord'), antwerpen, 'a zone: offers serving the city serve it')
    t.strictSame(await set('region=elz-zuidoostrand-antwerpen'), sorted(['kraamzorg-t-nestje', 'mbu-de-wiege', ...REMOTE]), 'ZORA: its own offers, not the city\'s')
    t.strictSame(await set('region=73040'), await set('region=71072'), 'an old NIS code (Kortessem) is the new municipality (Hasselt)')
    t.ok((await set('region=71072')).includes('zachte-landing-kraamzorg'))
    t.strictSame(await set('region=BE-WAL'), REMOTE, 'outside the directory\'s area, only remote-only offers')
    t.strictSame(await set('region=44021'), sorted(['na-de-storm', 'nestwarmte-dagbehandeling', 'mbu-de-wiege', ...REMOTE]), 'Gent: itself, its province, Flanders')
    const province = await set('region=BE-VOV')
    for (const s of ['na-de-storm', 'nestwarmte-dagbehandeling', 'sterrenkind-aalst', 'ckg-wiegwijzer', 'cos-scheldeland', 'huilpoli-meetjesland', 'clb-kleuterpunt-lokeren']) {
      t.ok(province.includes(s), `a province finds offers serving part of it: ${s}`)
    }
    t.notOk(province.includes('cb-seefhoek'))
    t.strictSame(await set('region=71016,21001'), sorted([...new Set([...(await set('region=71016')), ...(await set('region=21001'))])]), 'a list is any of them')
    t.ok((await set('region=21001')).includes('vroedvrouwen-nieuw-leven'))
    t.notOk((await set('region=21004')).includes('vroedvrouwen-nieuw-leven'))
    t.match(await problem('region=99999', 'region', 404), { detail: 'Not found: region unknown region \'99999\'', errors: [{ in: 'querystring', path: '/region', message: 'unknown region \'99999\'' }] })
    await problem('region=11002,elz-nowhere', 'region', 404)
    await problem('region=,', 'region')
    await problem('region=11002;drop', 'region')
    await problem('postcode=0999', 'postcode')
    await problem('postcode=9999', 'postcode', 404)
  })

  t.test('phases and age overlap the offer\'s month range', async (t) => {
    t.strictSame(await set('phase=kinderwens'), sorted(['cgg-kempenstroom-perinataal', 'kinderwens-minnewater', 'kinderwens-zennevallei', 'perinatale-psychiatrie-haspengouw', 'praktijk-anker-leuven', ...REMOTE]))
    const birth = await set('phase=bevalling')
    t.ok(birth.includes('cb-seefhoek'), 'an offer from birth covers the birth')
    t.ok(birth.includes('prenataal-steunpunt-noord'), 'pregnancy until shortly after birth covers the birth')
    t.notOk(birth.includes('kinderwens-zennevallei'))
    t.notOk(birth.includes('clb-kleuterpunt-lokeren'))
    const pregnancy = await set('phase=zwangerschap')
    t.notOk(pregnancy.includes('cb-seefhoek'), 'an offer from birth on does not serve the pregnancy')
    t.ok(pregnancy.includes('kinderwens-zennevallei'), 'until six months before birth overlaps the pregnancy')
    t.strictSame(await set('phase=zwangerschap,kleuter'), sorted([...new Set([...pregnancy, ...(await set('phase=kleuter'))])]))
    const sixBefore = await set('age_months=-6')
    t.ok(sixBefore.includes('kinderwens-zennevallei'), 'an age at the very end of the range counts')
    t.notOk(sixBefore.includes('melkweg-lactatie'), 'from three months before birth does not serve six months before')
    t.notOk((await set('age_months=48')).includes('cb-seefhoek'))
    t.ok((await set('age_months=36')).includes('cb-seefhoek'))
    t.strictSame(await set('phase=eerste_1000_dagen&age_months=60'), sorted(['cos-scheldeland', 'ckg-wiegwijzer', 'kleine-stapjes-lommel', 'samen-groeien-westhoek', ...REMOTE.filter((s) => s !== 'rustpunt-online')]), 'AND of phase and age')
    await problem('phase=trimester_4', 'phase', 404)
    await problem('age_months=abc', 'age_months')
    await problem('age_months=1000', 'age_months')
  })

  t.test('codes of the taxonomies, each list any of its codes, all lists together', async (t) => {
    t.strictSame(await set('care_type=ggz'), sorted(['cgg-kempenstroom-perinataal', 'dichtbij-ouder-baby', 'huilpoli-meetjesland', 'kleine-stapjes-lommel', 'mbu-de-wiege',
      'mobiel-team-zuiderkempen', 'nestwarmte-dagbehandeling', 'perinatale-psychiatrie-haspengouw', 'praktijk-anker-leuven', 'veilig-begin', 'zeelucht-perinataal']), 'a category holds its types')
    t.strictSame(await set('care_type=vroedvrouw,kraamzorg'), ['thuisvroedvrouwen-arenberg', 'vroedvrouwen-levensboom', 'vroedvrouwen-nieuw-leven', 'zachte-landing-kraamzorg'])
    t.strictSame(await set('role=vroedvrouw'), ['babyhoek-roeselare', 'kinderwens-minnewater', 'kraamzorg-t-nestje', 'thuisvroedvrouwen-arenberg', 'vroedvrouwen-levensboom', 'vroedvrouwen-nieuw-leven', 'zorgcoordinatie-dijlestad'])
    t.strictSame(await set('target_group=vaders_meeouders'), ['na-de-storm', 'papa-in-zicht', 'praktijk-anker-leuven', 'rustpunt-online', 'zeelucht-perinataal'])
    t.strictSame(await set('language=ber,es'), ['jong-en-mama', 'prenataal-steunpunt-noord', 'vroedvrouwen-nieuw-leven'])
    t.equal((await set('language=fr')).length, 23)
    t.strictSame(await set('mode=phone'), ['hulplijn-1712', 'peuterpraat-tienen', 'tele-onthaal-106', 'zelfmoordlijn-1813'])
    t.equal((await set('mode=home,online')).length, 21)
    t.equal((await set('cost=free')).length, 19)
    t.strictSame(await set('referral=required'), ['cos-scheldeland', 'mbu-de-wiege', 'mobiel-team-zuiderkempen', 'nestwarmte-dagbehandeling', 'perinatale-psychiatrie-haspengouw', 'samen-groeien-westhoek'])
    t.strictSame(await set('crisis=true'), ['cgg-kempenstroom-perinataal', 'ckg-wiegwijzer', 'mbu-de-wiege', 'tele-onthaal-106', 'zelfmoordlijn-1813'])
    t.equal((await set('crisis=false')).length, 39, 'false is no filter')
    t.equal((await set('baby_welcome=true')).length, 25)
    t.strictSame(await set('role=psycholoog&region=BE-VLI&cost=income_related'), ['kleine-stapjes-lommel'], 'AND across parameters')
    t.strictSame(await set('role=vroedvrouw&language=es'), ['vroedvrouwen-nieuw-leven'])
    await problem('care_type=astrologie', 'care_type', 404)
    await problem('role=tovenaar', 'role', 404)
    await problem('target_group=x', 'target_group', 404)
    await problem('language=xx', 'language', 404)
    await problem('mode=telepathy', 'mode', 404)
    await problem('cost=cheap', 'cost', 404)
    await problem('referral=maybe', 'referral', 404)
    await problem('crisis=yes', 'crisis')
    const both = await problem('role=x&mode=y', 'mode', 404)
    t.strictSame(both.errors.map((e: { path: string }) => e.path), ['/role', '/mode'], 'every unknown code is named')
    await problem('role=vroedvrouw,,psycholoog', 'role')
  })

  t.test('organisation by id or slug', async (t) => {
    const all = (await get('/v1/offers?per_page=100')).json().contents as Array<{ slug: string, organisation: { id: string } }>
    const anker = all.find((o) => o.slug === 'praktijk-anker-leuven')!.organisation
    t.strictSame(await set(`organisation=${anker.id}`), ['praktijk-anker-leuven'])
    t.strictSame(await set('organisation=praktijk-anker,consultatiebureau-seefhoek'), ['cb-seefhoek', 'praktijk-anker-leuven'])
    await problem('organisation=nobody', 'organisation', 404)
  })

  t.test('near a point: a radius, the distance to the nearest location, nearest first', async (t) => {
    const res = await get('/v1/offers?near=51.05,3.72&radius_km=30')
    const body = OfferList.parse(res.json())
    t.strictSame(body.contents.map((o) => [o.slug, o.distance_km]), [
      ['nestwarmte-dagbehandeling', 0.6], ['na-de-storm', 2.7], ['huilpoli-meetjesland', 18.7], ['clb-kleuterpunt-lokeren', 19.9],
      ['cos-scheldeland', 24.2], ['sterrenkind-aalst', 25.6]
    ])
    t.strictSame(await find('near=51.05,3.72&radius_km=30&sort=name'), ['huilpoli-meetjesland', 'cos-scheldeland', 'clb-kleuterpunt-lokeren', 'na-de-storm', 'sterrenkind-aalst', 'nestwarmte-dagbehandeling'])
    t.equal((await set('near=51.05,3.72')).length, 5, 'default radius 25 km')
    t.strictSame(await find('near=51.05,3.72&radius_km=2'), ['nestwarmte-dagbehandeling'])
    const atThePlace = await get('/v1/offers?near=51.054,3.725&radius_km=1')
    t.strictSame(OfferList.parse(atThePlace.json()).contents.map((o) => [o.slug, o.distance_km]), [['nestwarmte-dagbehandeling', 0]])
    t.ok(atThePlace.body.includes('"distance_km":0}'), 'a whole number of km is written as JavaScript writes it')
    t.strictSame(await set('postcode=9000&radius_km=3'), ['na-de-storm', 'nestwarmte-dagbehandeling'], 'a postcode with a radius is the centre, not a region')
    const gent = OfferList.parse((await get('/v1/offers?postcode=9000&per_page=100&sort=distance')).json()).contents
    t.strictSame(gent.map((o) => [o.slug, o.distance_km]), [
      ['nestwarmte-dagbehandeling', 0.7], ['na-de-storm', 2.9], ['mbu-de-wiege', 60.6],
      ['hulplijn-1712', null], ['dat-lucht-op', null], ['rustpunt-online', null], ['tele-onthaal-106', null], ['zelfmoordlijn-1813', null]
    ], 'a postcode alone: its region, with distances; remote offers last')
    await problem('near=abc', 'near')
    await problem('near=91,3', 'near')
    await problem('near=51,181', 'near')
    t.equal((await set('near=-90,180&radius_km=1')).length, 0, 'the extremes are valid')
    await problem('near=51,3&radius_km=0', 'radius_km')
    await problem('near=51,3&radius_km=301', 'radius_km')
    await problem('sort=random', 'sort')
    t.strictSame(await find('radius_km=10'), await find(''), 'a radius without a centre is left out')
    t.strictSame(await find('sort=distance&region=44021'), await find('region=44021'), 'distance without a centre sorts by relevance')
  })

  t.test('literal text (read_q=false): accents, case, prefixes, synonyms, languages, ranking', async (t) => {
    t.strictSame(await find('q=crèche&read_q=false'), await find('q=CRECHE&read_q=false'))
    t.strictSame((await find('q=vroedvrouw&read_q=false')).slice(0, 3), ['vroedvrouwen-levensboom', 'thuisvroedvrouwen-arenberg', 'vroedvrouwen-nieuw-leven'], 'a name hit ranks first')
    t.strictSame(await set('q=tweeling&read_q=false'), ['melkweg-lactatie'], 'a target group\'s synonym')
    const suicide = await find('q=Zelfmoordlijn&read_q=false')
    t.equal(suicide[0], 'zelfmoordlijn-1813', 'the name first')
    t.strictSame(sorted(suicide), ['hulplijn-1712', 'tele-onthaal-106', 'zelfmoordlijn-1813'], 'then helplines by their synonyms')
    t.strictSame(await set('q=consultatiebureau seefhoek&read_q=false'), ['cb-seefhoek'], 'every word must match')
    t.strictSame(await set('q=seefhoek&region=BE-VLI&read_q=false'), [], 'text AND region')
    t.strictSame(await find('q=de het een&read_q=false'), await find('q=de het een en&read_q=false'), 'stopwords alone still search')
    t.equal((await find('q=***&read_q=false')).length, 39, 'no word: no text filter')
    t.strictSame(await find('q=1712&sort=name&read_q=false'), ['hulplijn-1712', 'tele-onthaal-106', 'zelfmoordlijn-1813'])
    t.strictSame(await find('q=k&read_q=false'), ['cb-seefhoek'], 'one letter matches whole words only (K&G)')
    t.strictSame(await find('q=z&read_q=false'), [])
    t.strictSame(await set('q=xyzzyplugh&read_q=false'), [])
  })

  t.test('text input never reaches FTS5 syntax', async (t) => {
    for (const q of ['"unbalanced', 'ouder AND', 'NEAR(', '*', 'name:x', 'a\u0000b', 'x OR y NOT z', '^ouder', '(((', '\u202Eouder', '\'; DROP TABLE offers; --']) {
      const res = await get(`/v1/offers?q=${encodeURIComponent(q)}`)
      t.equal(res.statusCode, 200, JSON.stringify(q))
    }
    const long = await problem(`q=${'a'.repeat(201)}`, 'q')
    t.match(long.errors[0].message, /200/)
    t.equal((await get(`/v1/offers?q=${'a'.repeat(200)}`)).statusCode, 200)
    const words = Array.from({ length: 11 }, (_, i) => `w${i}`)
    t.match((await problem(`read_q=false&q=${words.join('+')}`, 'q')).detail, /10 words/, 'literal text: at most 10 words')
    t.equal((await get(`/v1/offers?read_q=false&q=${words.slice(0, 10).join('+')}`)).statusCode, 200)
  })

  t.test('sorting', async (t) => {
    t.strictSame((await find('lang=fr&sort=name')).slice(0, 3), ['hulplijn-1712', 'huilpoli-meetjesland', 'cos-scheldeland'])
    const fr = (await get('/v1/offers?lang=fr&sort=name&per_page=100&q=vroedvrouw&read_q=false')).json().contents.map((o: { name: string }) => o.name)
    t.strictSame(fr, ['Expertisecentrum Kraamzorg \'t Nestje', 'Huis van het Kind – Babyhoek De Mand', 'Kinderwensconsult – Fertiliteitscentrum Ziekenhuis Minnewater',
      'Maison des sages-femmes Nouvelle Vie', 'Perinatale zorgcoördinatie – Ziekenhuis Dijlestad', 'Raadpleging Perinatale Psychiatrie – Ziekenhuis Haspengouw',
      'Thuisvroedvrouwen Arenberg – vroedvrouw aan huis', 'Vroedvrouwenpraktijk Levensboom'], 'by the French name, or the Dutch one')
    t.strictSame(await find('sort=updated&per_page=5'), (await find('')).slice(0, 5), 'equal times keep name order')
    t.strictSame((await find('postcode=2060&sort=relevance')).slice(0, 2), ['cb-seefhoek', 'papa-in-zicht'], 'with a place, the most local first')
    t.strictSame((await find('postcode=2060')).slice(-5).sort(), REMOTE, 'remote-only offers last')
  })

  t.test('facets: counts for the current filter, a dimension\'s own filter left out of its counts', async (t) => {
    const body = (await get('/v1/offers?facets=true&per_page=100')).json()
    const count = (list: Array<{ code: string, count: number }>, code: string) => list.find((v) => v.code === code)?.count ?? 0
    t.equal(count(body.facets.cost, 'free'), 19)
    t.equal(count(body.facets.mode, 'phone'), 4)
    t.equal(count(body.facets.language, 'fr'), 23)
    t.equal(count(body.facets.care_type, 'ggz'), 11)
    t.equal(count(body.facets.phase, 'kinderwens'), 10)
    t.match(body.facets.care_type.find((v: { code: string }) => v.code === 'vroedvrouw'), { label: 'Vroedvrouw / vroedkundige (zelfstandig)', count: 3, parent_code: 'perinatale_zorg' })
    t.equal(count(body.facets.province, 'BE-VOV'), 13)
    t.equal(count(body.facets.province, 'BE-WAL'), 0, 'a gewest is no province')
    t.equal(count(body.facets.province, 'BE-WLG'), 5, 'remote-only offers serve every province')
    t.equal(count(body.facets.province, 'BE-BRU'), 11, 'Brussels counts as a province')
    for (const dimension of ['phase', 'care_type', 'province', 'language', 'mode', 'cost']) {
      t.ok(body.facets[dimension].every((v: { count: number }) => v.count > 0), `${dimension}: no empty values`)
    }

    const groups = (await get('/v1/offers?facets=true&mode=group&per_page=100')).json()
    t.equal(groups.total_items, 11)
    t.equal(count(groups.facets.mode, 'group'), 11)
    t.equal(count(groups.facets.mode, 'phone'), 4, 'mode counts ignore the mode filter')
    t.equal(count(groups.facets.cost, 'free') + count(groups.facets.cost, 'riziv_reimbursed') + count(groups.facets.cost, 'paid') +
      count(groups.facets.cost, 'income_related'), 11, 'cost counts follow the mode filter')
    t.equal(count(groups.facets.province, 'BE-VOV'), 4)
    const both = (await get('/v1/offers?facets=true&mode=group&cost=paid&lang=en')).json()
    t.equal(both.total_items, 0)
    t.strictSame(both.facets.mode.map((v: { code: string }) => v.code).includes('group'), true, 'a selected value stays, even at zero')
    t.match(both.facets.cost.find((v: { code: string }) => v.code === 'paid'), { label: 'Paid', count: 0 })
    t.ok(both.facets.cost.find((v: { code: string }) => v.code === 'free').count > 0, 'other costs: with the mode filter, without the cost filter')
  })

  t.test('facets: support figures, referral and crisis help, each as many as its filter finds', async (t) => {
    type Value = { code: string, label: string, count: number }
    const count = (list: Value[], code: string) => list.find((v) => v.code === code)?.count ?? 0
    const total = async (query: string): Promise<number> => (await get(`/v1/offers?per_page=1&${query}`)).json().total_items
    const facets = async (query: string) => {
      const body = (await get(`/v1/offers?facets=true&per_page=1&${query}`)).json()
      return { total: body.total_items as number, role: body.facets.role as Value[], referral: body.facets.referral as Value[], crisis: body.facets.crisis as Value[] }
    }
    const all = await facets('')
    t.equal(all.role.length, 27, 'the roles with offers, of 43')
    t.match(all.role.find((v) => v.code === 'vroedvrouw'), { label: 'Vroedvrouw / vroedkundige', count: 7 })
    for (const v of all.role) t.equal(v.count, await total(`role=${v.code}`), `role ${v.code}`)
    t.strictSame(all.referral.map((v) => [v.code, v.label, v.count]), [['none', 'Geen verwijzing nodig', 28], ['recommended', 'Verwijzing aangeraden', 5], ['required', 'Verwijzing nodig', 6]])
    for (const v of all.referral) t.equal(v.count, await total(`referral=${v.code}`), `referral ${v.code}`)
    t.strictSame(all.crisis, [{ code: 'true', label: 'Crisishulp of snelle intake', count: await total('crisis=true') }])
    t.equal(all.crisis[0]!.count, 5)

    const midwives = await facets('role=vroedvrouw')
    t.equal(midwives.total, 7)
    t.strictSame(midwives.role, all.role, 'role counts ignore the role filter')
    t.strictSame(midwives.crisis, [], 'crisis counts follow the role filter: none among midwives, so left out')
    t.equal(await total('role=vroedvrouw&crisis=true'), 0)
    const psychiatrists = await facets('role=psychiater')
    t.equal(count(psychiatrists.crisis, 'true'), await total('role=psychiater&crisis=true'))
    t.ok(count(psychiatrists.crisis, 'true') > 0)
    for (const v of midwives.referral) t.equal(v.count, await total(`role=vroedvrouw&referral=${v.code}`), `referral ${v.code} among midwives`)

    const crisis = await facets('crisis=true')
    t.strictSame(crisis.crisis, all.crisis, 'crisis counts ignore the crisis filter')
    t.ok(crisis.role.length < all.role.length, 'roles follow the crisis filter')
    for (const v of crisis.role) t.equal(v.count, await total(`crisis=true&role=${v.code}`), `role ${v.code} in crisis help`)
    const required = await facets('referral=required&lang=en')
    t.strictSame(required.referral.map((v) => v.count), all.referral.map((v) => v.count), 'referral counts ignore the referral filter')
    t.equal(required.referral.find((v) => v.code === 'required')!.label, 'Referral required')

    const miss = await facets('referral=required&crisis=true&role=vroedvrouw,doula')
    t.equal(miss.total, 0)
    t.match(miss.referral.find((v) => v.code === 'required'), { count: 0 }, 'a selected value stays, even at zero')
    t.match(miss.role.find((v) => v.code === 'doula'), { count: 0 })
    t.strictSame(miss.crisis, [{ code: 'true', label: 'Crisishulp of snelle intake', count: 0 }])
    t.ok(miss.role.filter((v) => v.code !== 'doula' && v.code !== 'vroedvrouw').every((v) => v.count > 0), 'no other empty values')
  })

  t.test('languages: lang wins over Accept-Language, nl is the fallback', async (t) => {
    const fr = await get('/v1/offers?q=wiege&lang=fr')
    t.equal(fr.headers['content-language'], 'fr')
    t.match(fr.json().contents[0], { name: 'Unité mère-bébé De Wiege', care_type: { label: 'Unité mère-bébé (hospitalisation)' } })
    const header = await get('/v1/offers?q=wiege', { 'accept-language': 'en-GB,en;q=0.9,nl;q=0.5' })
    t.equal(header.headers['content-language'], 'en')
    t.equal(header.json().contents[0].name, 'De Wiege mother–baby unit')
    const fallback = await get('/v1/offers?q=seefhoek&lang=fr')
    t.equal(fallback.json().contents[0].name, 'Consultatiebureau Seefhoek', 'no French name: the Dutch one')
    t.equal((await get('/v1/offers', { 'accept-language': 'de' })).headers['content-language'], 'nl')
    await problem('lang=de', 'lang')
  })

  t.test('HTTP caching and CORS', async (t) => {
    await withinOneMinute()
    const first = await get('/v1/offers?region=44021&facets=true')
    const again = await get('/v1/offers?region=44021&facets=true')
    t.equal(again.body, first.body, 'the same answer')
    t.equal(again.headers.etag, first.headers.etag)
    t.equal(again.headers['content-language'], 'nl')
    t.equal(again.headers['content-type'], 'application/json; charset=utf-8')
    const fresh = await get('/v1/offers?region=44021&facets=true', { 'if-none-match': first.headers.etag as string })
    t.equal(fresh.statusCode, 304)
    t.equal(fresh.body, '')
    const french = await get('/v1/offers?region=44021&facets=true', { 'accept-language': 'fr' })
    t.equal(french.headers['content-language'], 'fr')
    t.not(french.headers.etag, first.headers.etag)
    const dutch = await get('/v1/offers?region=44021&facets=true', { 'accept-language': 'nl-BE,nl;q=0.9,en;q=0.8', 'if-none-match': first.headers.etag as string })
    t.equal(dutch.statusCode, 304, 'a header that chooses Dutch gets the answer without one: the same ETag')
    const cors = await get('/v1/offers', { origin: 'https://www.perinet.be' })
    t.equal(cors.headers['access-control-allow-origin'], '*')
    t.equal((await get('/v1/offers?lang=xx')).statusCode, 400, 'an invalid language is not answered from the cache')
  })
})

t.test('search cache off', async (t) => {
  const { app } = await setup(t, { env: { SEARCH_CACHE_ENTRIES: '0' } })
  const a = await app.inject('/v1/offers?q=vroedv')
  const b = await app.inject('/v1/offers?q=vroedv')
  t.equal(a.statusCode, 200)
  t.equal(b.body, a.body)
})
