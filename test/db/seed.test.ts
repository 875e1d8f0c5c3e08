import t from 'tap'
import { openDb } from '../../src/db/client.js'
import { buildRegionReference, loadReference } from '../../src/db/reference.js'
import { loadSample, readSampleFile, sampleId } from '../../src/datasets/sample.js'

const count = (db: ReturnType<typeof openDb>, table: string) =>
  (db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n

t.test('reference and sample data load twice to the same state', async (t) => {
  const db = openDb(':memory:')
  t.teardown(() => db.$client.close())
  loadReference(db)
  t.equal(loadSample(db), 37)
  const tables = ['regions', 'region_ancestors', 'region_aliases', 'postcodes', 'phases', 'care_types', 'roles', 'target_groups',
    'languages', 'organisations', 'locations', 'offers', 'offer_service_areas', 'revisions', 'change_feed', 'offer_search']
  const first = Object.fromEntries(tables.map((name) => [name, count(db, name)]))
  t.strictSame(first, {
    regions: 639, region_ancestors: 2186, region_aliases: 55, postcodes: 2789, phases: 18, care_types: 54, roles: 43,
    target_groups: 22, languages: 25, organisations: 37, locations: 32, offers: 37, offer_service_areas: 125,
    revisions: 106, change_feed: 74, offer_search: 37
  })
  loadReference(db)
  t.equal(loadSample(db), 0, 'nothing new the second time')
  t.strictSame(Object.fromEntries(tables.map((name) => [name, count(db, name)])), first)
  t.strictSame(db.$client.pragma('foreign_key_check'), [])
  t.strictSame(db.$client.pragma('integrity_check'), [{ integrity_check: 'ok' }])
})

t.test('a curated sample entry is not overwritten by the next start', async (t) => {
  const db = openDb(':memory:')
  t.teardown(() => db.$client.close())
  loadReference(db)
  loadSample(db)
  const id = sampleId('offer', 'na-de-storm')
  db.$client.prepare(`UPDATE offers SET name = json_set(name, '$.nl', 'Gespreksgroep Na de Storm (nieuw)') WHERE id = ?`).run(id)
  loadSample(db)
  const name = db.$client.prepare('SELECT json_extract(name, \'$.nl\') AS nl FROM offers WHERE id = ?').get(id) as { nl: string }
  t.equal(name.nl, 'Gespreksgroep Na de Storm (nieuw)')
})

t.test('sample ids are stable', async (t) => {
  t.equal(sampleId('offer', 'cb-seefhoek'), sampleId('offer', 'cb-seefhoek'))
  t.not(sampleId('offer', 'cb-seefhoek'), sampleId('organisation', 'cb-seefhoek'))
  t.equal(readSampleFile().offers.length, 37)
})

t.test('the region reference is consistent', async (t) => {
  const ref = buildRegionReference()
  const codes = new Set(ref.regions.map((r) => r.code))
  t.equal(ref.postcodes.every((p) => codes.has(p.municipality_code) && (p.eerstelijnszone_code === null || codes.has(p.eerstelijnszone_code))), true)
  const flemish = ref.regions.filter((r) => r.level === 'municipality' && /^BE-V/.test(r.parent_code ?? ''))
  t.equal(flemish.length, 285)
  const inScope = new Set(ref.ancestors.filter((a) => a.ancestor_code === 'BE-VLG' || a.ancestor_code === 'BE-BRU').map((a) => a.region_code))
  const zoneless = ref.postcodes.filter((p) => inScope.has(p.municipality_code) && p.eerstelijnszone_code === null)
  t.strictSame(zoneless, [], 'every postcode of Flanders and Brussels lies in a zone')
  t.equal(ref.postcodes.filter((p) => inScope.has(p.municipality_code)).length, 1211)
})

t.test('a start whose reference is already loaded skips it; a changed reference loads again', async (t) => {
  const db = openDb(':memory:')
  t.teardown(() => db.$client.close())
  loadReference(db)
  const fingerprint = db.$client.pragma('user_version', { simple: true })
  t.not(fingerprint, 0)
  const rename = db.$client.prepare("UPDATE regions SET name_nl = 'Gent (lokaal)' WHERE code = '44021'")
  const name = () => (db.$client.prepare("SELECT name_nl FROM regions WHERE code = '44021'").get() as { name_nl: string }).name_nl
  rename.run()
  loadReference(db)
  t.equal(name(), 'Gent (lokaal)', 'same fingerprint: nothing reloaded')
  db.$client.pragma('user_version = 0')
  loadReference(db)
  t.equal(name(), 'Gent', 'another fingerprint: reloaded')
  t.equal(db.$client.pragma('user_version', { simple: true }), fingerprint)
})
