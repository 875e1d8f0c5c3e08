import t from 'tap'
import { setup } from '../helpers/app.js'

t.test('region reference', async (t) => {
  const { app } = await setup(t, { sample: false })
  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers })

  t.test('285 Flemish and 19 Brussels municipalities', async (t) => {
    for (const [within, total] of [['BE-VLG', 285], ['BE-BRU', 19], ['BE-WAL', 261], ['BE', 565]] as const) {
      const res = await get(`/v1/regions?level=municipality&within=${within}&per_page=1`)
      t.equal(res.statusCode, 200)
      t.equal(res.json().total_items, total, within)
    }
  })

  t.test('every municipality of Flanders and Brussels resolves from at least one postcode', async (t) => {
    const codes: string[] = []
    for (const within of ['BE-VLG', 'BE-BRU']) {
      for (let p = 1; ; p++) {
        const body = (await get(`/v1/regions?level=municipality&within=${within}&per_page=100&page=${p}`)).json()
        codes.push(...body.contents.map((r: { code: string }) => r.code))
        if (body.last_page) break
      }
    }
    t.equal(codes.length, 304)
    const withPostcode = []
    for (const code of codes) {
      const detail = (await get(`/v1/regions/${code}`)).json()
      const postcode = detail.postcodes[0]?.postcode
      if (postcode && (await get(`/v1/postcodes/${postcode}`)).json().municipality.code === code) withPostcode.push(code)
    }
    t.equal(withPostcode.length, 304)
  })

  t.test('counts per level', async (t) => {
    const totals: Record<string, number> = {}
    for (const level of ['country', 'gewest', 'province', 'eerstelijnszone', 'municipality']) {
      totals[level] = (await get(`/v1/regions?level=${level}&per_page=1`)).json().total_items
    }
    t.strictSame(totals, { country: 1, gewest: 3, province: 10, eerstelijnszone: 60, municipality: 565 })
  })

  t.test('the list carries the data attribution', async (t) => {
    const body = (await get('/v1/regions?level=province&within=BE-VLG')).json()
    t.strictSame(body.contents.map((r: { code: string }) => r.code).sort(), ['BE-VAN', 'BE-VBR', 'BE-VLI', 'BE-VOV', 'BE-VWV'])
    t.match(body.attribution.join(' '), /Statbel.*GeoNames.*CC BY 4\.0.*Sociale|Statbel.*GeoNames/s)
    t.equal(body.attribution.length, 4)
  })

  t.test('a zone lists its municipalities; Antwerpen is a partial member of four zones (district Borsbeek joined Antwerpen Oost in 2025)', async (t) => {
    const gent = (await get('/v1/regions/elz-gent')).json()
    t.strictSame(gent.children.map((c: { code: string }) => c.code), ['44021'])
    t.strictSame(gent.ancestors.map((a: { code: string }) => a.code), ['BE', 'BE-VLG', 'BE-VOV'])
    const antwerpen = (await get('/v1/regions/11002')).json()
    const zones = antwerpen.ancestors.filter((a: { level: string }) => a.level === 'eerstelijnszone')
    t.strictSame(zones.map((z: { code: string, partial: boolean }) => [z.code, z.partial]), [
      ['elz-antwerpen-centrum', true], ['elz-antwerpen-noord', true], ['elz-antwerpen-oost', true],
      ['elz-antwerpen-zuid', true]
    ])
    const zonesOf = (pc: string) => antwerpen.postcodes.filter((p: { postcode: string }) => p.postcode === pc).map((p: { eerstelijnszone_code: string }) => p.eerstelijnszone_code)
    t.strictSame(zonesOf('2060'), ['elz-antwerpen-centrum'])
    t.strictSame(zonesOf('2150'), ['elz-antwerpen-oost'])
    t.equal(antwerpen.aliases.map((a: { code: string }) => a.code).includes('11007'), true, 'Borsbeek is an old code of Antwerpen')
  })

  t.test('within a zone: partial members included', async (t) => {
    const body = (await get('/v1/regions?level=municipality&within=elz-antwerpen-noord')).json()
    t.strictSame(body.contents.map((r: { code: string }) => r.code).sort(), ['11002', '11040', '11044'], 'Antwerpen (partly), Schoten, Stabroek')
  })

  t.test('Brussels has no province: the gewest holds one zone', async (t) => {
    const bru = (await get('/v1/regions/BE-BRU')).json()
    t.strictSame(bru.children.map((c: { code: string }) => c.code), ['elz-brussel'])
    const zone = (await get('/v1/regions/elz-brussel')).json()
    t.equal(zone.children.length, 19)
    t.equal(zone.parent_code, 'BE-BRU')
  })

  t.test('old NIS codes resolve to the merged municipality', async (t) => {
    const res = await get('/v1/regions/23023')
    t.equal(res.statusCode, 200)
    t.equal(res.json().code, '23106')
    t.equal(res.json().name, 'Pajottegem')
    const within = await get('/v1/regions?within=71022&per_page=5')
    t.equal(within.statusCode, 200)
    t.equal(within.json().total_items, 0, 'a municipality has nothing below it')
  })

  t.test('autocomplete over names, postcodes and old names', async (t) => {
    const codesFor = async (q: string) => (await get(`/v1/regions?q=${encodeURIComponent(q)}&level=municipality`)).json().contents.map((r: { code: string }) => r.code)
    t.strictSame(await codesFor('Kortr'), ['24043', '34022'], 'Kortrijk, and Holsbeek for its village Kortrijk-Dutsel')
    t.strictSame(await codesFor('Anvers'), ['11002'])
    t.strictSame(await codesFor('9000'), ['44021'])
    t.strictSame(await codesFor('Borsbeek'), ['11002'])
    t.strictSame(await codesFor('Sint-Amandsberg'), ['44021'])
    t.strictSame(await codesFor('100%'), [], 'LIKE wildcards are literal')
  })

  t.test('names follow the content language', async (t) => {
    const fr = await get('/v1/regions/11002?lang=fr')
    t.equal(fr.json().name, 'Anvers')
    t.equal(fr.headers['content-language'], 'fr')
    const header = await get('/v1/regions/BE-VOV', { 'accept-language': 'en-GB,en;q=0.9,nl;q=0.5' })
    t.equal(header.json().name, 'East Flanders')
    t.equal(header.headers['content-language'], 'en')
    const fallback = await get('/v1/regions/44021?lang=en')
    t.equal(fallback.json().name, 'Gent', 'no English name: nl')
  })

  t.test('unknown codes and bad parameters are problems', async (t) => {
    const missing = await get('/v1/regions/99999')
    t.equal(missing.statusCode, 404)
    t.equal(missing.headers['content-type'], 'application/problem+json; charset=utf-8')
    t.match(missing.json(), { status: 404, title: 'Not Found', detail: 'region 99999 not found' })
    const unknownWithin = await get('/v1/regions?within=BE-XXX')
    t.equal(unknownWithin.statusCode, 404)
    const badLevel = await get('/v1/regions?level=planet')
    t.equal(badLevel.statusCode, 400)
    t.match(badLevel.json(), { status: 400, errors: [{ in: 'querystring', path: '/level' }] })
    const tooMany = await get('/v1/regions?per_page=101')
    t.equal(tooMany.statusCode, 400)
  })
})

t.test('postcodes', async (t) => {
  const { app } = await setup(t, { sample: false })
  const get = (url: string) => app.inject({ method: 'GET', url })

  t.test('9000 is Gent, in Oost-Vlaanderen and its zone', async (t) => {
    const res = await get('/v1/postcodes/9000')
    t.equal(res.statusCode, 200)
    t.strictSame(res.json(), {
      postcode: '9000',
      places: [{ name: 'Gent', latitude: 51.05, longitude: 3.7167 }],
      municipality: { code: '44021', name: 'Gent' },
      eerstelijnszone: { code: 'elz-gent', name: 'Gent' },
      province: { code: 'BE-VOV', name: 'Oost-Vlaanderen' },
      gewest: { code: 'BE-VLG', name: 'Vlaams Gewest' },
      latitude: 51.05,
      longitude: 3.7167
    })
  })

  t.test('a Brussels postcode has no province', async (t) => {
    const body = (await get('/v1/postcodes/1030')).json()
    t.equal(body.municipality.code, '21015')
    t.equal(body.province, null)
    t.equal(body.gewest.code, 'BE-BRU')
    t.equal(body.eerstelijnszone.code, 'elz-brussel')
  })

  t.test('a Walloon postcode has no zone', async (t) => {
    const body = (await get('/v1/postcodes/4000')).json()
    t.equal(body.eerstelijnszone, null)
    t.equal(body.province.code, 'BE-WLG')
  })

  t.test('Antwerp postcodes name their own zone', async (t) => {
    t.equal((await get('/v1/postcodes/2060')).json().eerstelijnszone.code, 'elz-antwerpen-centrum')
    t.equal((await get('/v1/postcodes/2100')).json().eerstelijnszone.code, 'elz-antwerpen-oost')
  })

  t.test('unknown and malformed postcodes', async (t) => {
    const unknown = await get('/v1/postcodes/1001')
    t.equal(unknown.statusCode, 404)
    t.equal(unknown.headers['content-type'], 'application/problem+json; charset=utf-8')
    const malformed = await get('/v1/postcodes/90000')
    t.equal(malformed.statusCode, 400)
    t.match(malformed.json(), { errors: [{ in: 'params', path: '/postcode' }] })
  })

  t.test('public reads are cacheable and open to every origin', async (t) => {
    const res = await app.inject({ method: 'GET', url: '/v1/postcodes/9000', headers: { origin: 'https://perinet.example' } })
    t.equal(res.headers['access-control-allow-origin'], '*')
    t.equal(res.headers['cache-control'], 'public, max-age=60')
    const etag = res.headers.etag as string
    t.match(etag, /^W\/"[0-9a-f]{8}\.0\.[0-9a-z]+"$/)
    const again = await app.inject({ method: 'GET', url: '/v1/postcodes/9000', headers: { 'if-none-match': etag } })
    t.equal(again.statusCode, 304)
    t.equal(again.body, '')
    t.equal(again.headers.etag, etag)
    const listed = await app.inject({ method: 'GET', url: '/v1/postcodes/9000', headers: { 'if-none-match': `"other", ${etag.slice(2)}` } })
    t.equal(listed.statusCode, 304, 'a list of tags, strong form')
    const french = await app.inject({ method: 'GET', url: '/v1/postcodes/9000', headers: { 'if-none-match': etag, 'accept-language': 'fr' } })
    t.equal(french.statusCode, 200, 'another language is another answer')
    t.not(french.headers.etag, etag)
    const other = await app.inject({ method: 'GET', url: '/v1/postcodes/9050', headers: { 'if-none-match': etag } })
    t.equal(other.statusCode, 200)
    const head = await app.inject({ method: 'HEAD', url: '/v1/postcodes/9000', headers: { 'if-none-match': etag } })
    t.equal(head.statusCode, 304, 'HEAD is conditional too')
    t.equal(head.headers.etag, etag)
  })
})
