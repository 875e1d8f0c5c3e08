// The eerstelijnszones as in 2025: moved municipalities, the renamed Middenkust, and a database from before moved along.
import t from 'tap'
import { applyRenamedCodes } from '../../src/entries/region-renames.js'
import { loadReference } from '../../src/db/reference.js'
import { sampleId } from '../../src/datasets/sample.js'
import { setup } from '../helpers/app.js'
import { call, keyFor } from '../helpers/curation.js'

const zeelucht = sampleId('offer', 'zeelucht-perinataal')
const wiege = sampleId('offer', 'mbu-de-wiege')

t.test('the 2025 division', async (t) => {
  const { app } = await setup(t, { sample: false })
  const zoneOf = async (postcode: string) => (await app.inject(`/v1/postcodes/${postcode}`)).json().eerstelijnszone.code
  t.equal(await zoneOf('8420'), 'elz-middenkust', 'De Haan moved from Oostkust')
  t.equal(await zoneOf('8430'), 'elz-middenkust', 'Middelkerke moved from Westkust en Polder')
  t.equal(await zoneOf('8400'), 'elz-middenkust', 'Oostende')
  t.equal(await zoneOf('2520'), 'elz-voorkempen', 'Ranst moved from Pallieterland')
  t.equal(await zoneOf('2150'), 'elz-antwerpen-oost', 'district Borsbeek moved from ZORA')
  const middenkust = (await app.inject('/v1/regions/elz-middenkust')).json()
  t.strictSame(middenkust.children.map((c: { name: string }) => c.name).sort(), ['Bredene', 'De Haan', 'Middelkerke', 'Oostende'])
  t.equal(middenkust.resolved_from, null)
  t.strictSame(middenkust.aliases, [{ code: 'elz-oostende-bredene', name_nl: 'Oostende-Bredene', name_fr: 'Oostende-Bredene', kind: 'renamed', changed_on: '2025-01-01' }])
  t.equal((await app.inject('/v1/regions?level=eerstelijnszone&per_page=1')).json().total_items, 60)
  t.equal((await app.inject('/v1/regions?q=Oostende-Bredene')).json().contents[0].code, 'elz-middenkust', 'the old name still finds the zone')
})

t.test('a database made with the 2025 zones has nothing to move', async (t) => {
  const { db } = await setup(t)
  t.strictSame(applyRenamedCodes(db), [])
})

t.test('a database from before 2025 is moved along at the next start', async (t) => {
  const { app, db } = await setup(t, {
    before: (db) => {
      // The state a 2024 reference load left: the zone under its old code, a sample offer and a curated one serving it.
      db.$client.prepare("INSERT INTO regions (code, level, name_nl, name_fr, parent_code, confidence) VALUES ('elz-oostende-bredene', 'eerstelijnszone', 'Oostende-Bredene', 'Oostende-Bredene', 'BE-VWV', 'high')").run()
      db.$client.prepare("UPDATE offer_service_areas SET region_code = 'elz-oostende-bredene' WHERE region_code = 'elz-middenkust'").run()
      db.$client.prepare("INSERT INTO offer_service_areas (offer_id, region_code) VALUES (?, 'elz-oostende-bredene'), (?, 'elz-middenkust')").run(wiege, wiege)
      db.$client.prepare("DELETE FROM region_aliases WHERE alias = 'elz-oostende-bredene'").run()
      db.$client.pragma('user_version = 0')
      loadReference(db)
      applyRenamedCodes(db, '2026-12-07T08:00:00.000Z')
    }
  })
  const admin = keyFor(db, 'admin')

  t.test('service areas name the current code, in a new version with its reason in the history', async (t) => {
    const offer = (await app.inject(`/v1/offers/${zeelucht}`)).json()
    t.strictSame(offer.service_area.map((a: { code: string }) => a.code), ['elz-middenkust'])
    const both = (await call(app, admin, 'GET', `/v1/admin/offers/${wiege}`)).body
    t.strictSame(both.service_area, ['BE-BRU', 'BE-VLG', 'elz-middenkust'], 'an offer naming both codes keeps one')
    const history = (await call(app, admin, 'GET', `/v1/admin/offers/${zeelucht}/history`)).body
    t.match(history.contents[0], {
      revision: 2, action: 'update', key_label: 'reference data', at: '2026-12-07T08:00:00.000Z',
      changes: [{ field: 'service_area', before: ['elz-oostende-bredene'], after: ['elz-middenkust'] }]
    })
  })

  t.test('the feed tells mirrors', async (t) => {
    const changes: Array<{ id: string, reason: string, action: string, data?: { service_area: string[] } }> = []
    for (let url = '/v1/changes'; ;) {
      const body = (await app.inject(url)).json()
      changes.push(...body.contents)
      if (body.last_page) break
      url = `/v1/changes?since=${body.next_cursor}`
    }
    const moved = changes.slice(-2)
    t.strictSame(moved.map((c) => [c.id, c.action, c.reason]).sort(), [[wiege, 'upsert', 'updated'], [zeelucht, 'upsert', 'updated']].sort())
    t.strictSame(moved.find((c) => c.id === zeelucht)!.data!.service_area, ['elz-middenkust'])
  })

  t.test('the old code answers as the new one and says so', async (t) => {
    const res = await app.inject('/v1/regions/elz-oostende-bredene')
    t.equal(res.statusCode, 200)
    t.match(res.json(), { code: 'elz-middenkust', name: 'Middenkust', resolved_from: { code: 'elz-oostende-bredene', kind: 'renamed' } })
    t.equal(res.headers['x-region-replaced'], 'elz-oostende-bredene=elz-middenkust')
    t.equal(res.headers.link, '</v1/regions/elz-middenkust>; rel="successor-version"')
    const current = await app.inject('/v1/regions/elz-middenkust')
    t.equal(current.headers['x-region-replaced'], undefined)
    for (let i = 0; i < 2; i++) {
      const search = await app.inject('/v1/offers?region=elz-oostende-bredene,elz-middenkust&mode=onsite')
      t.equal(search.statusCode, 200)
      t.equal(search.headers['x-region-replaced'], 'elz-oostende-bredene=elz-middenkust', i === 0 ? 'searched' : 'from the cache')
      t.ok(search.json().contents.some((o: { id: string }) => o.id === zeelucht))
      t.strictSame(search.json(), (await app.inject('/v1/offers?region=elz-middenkust&mode=onsite')).json())
    }
    t.equal((await app.inject('/v1/offers?region=elz-middenkust')).headers['x-region-replaced'], undefined)
    t.equal((await app.inject('/v1/offers?region=nowhere')).statusCode, 404)
  })
})
