import t from 'tap'
import { openDb } from '../../src/db/client.js'
import { buildRegionReference, loadReference } from '../../src/db/reference.js'
import { loadSample, readSampleFile, sampleId } from '../../src/datasets/sample.js'
import { testDatabase } from '../helpers/database.js'

const count = (db: ReturnType<typeof openDb>, table: string) =>
  (db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
const TABLES = ['regions', 'region_ancestors', 'region_aliases', 'postcodes', 'phases', 'care_types', 'roles', 'target_groups',
  'languages', 'organisations', 'locations', 'offers', 'offer_service_areas', 'revisions', 'change_feed', 'offer_search']
const counts = (db: ReturnType<typeof openDb>) => Object.fromEntries(TABLES.map((name) => [name, count(db, name)]))

t.test('reference and sample data load twice to the same state', async (t) => {
  const db = openDb(':memory:')
  t.teardown(() => db.$client.close())
  loadReference(db)
  t.equal(loadSample(db), 39)
  const first = counts(db)
  t.strictSame(first, {
    regions: 639, region_ancestors: 2185, region_aliases: 56, postcodes: 2789, phases: 18, care_types: 54, roles: 43,
    target_groups: 22, languages: 25, organisations: 39, locations: 34, offers: 39, offer_service_areas: 130,
    revisions: 112, change_feed: 78, offer_search: 39
  })
  loadReference(db)
  t.equal(loadSample(db), 0, 'nothing new the second time')
  t.strictSame(counts(db), first)
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

t.test('a test database (setup\'s) is its own copy of what openDb and the loaders build, with the same connection settings', async (t) => {
  const built = openDb(':memory:')
  loadReference(built)
  loadSample(built)
  const [copy, other, bare] = [testDatabase(), testDatabase(), testDatabase({ sample: false })]
  t.teardown(() => { for (const db of [built, copy, other, bare]) db.$client.close() })
  for (const pragma of ['foreign_keys', 'synchronous', 'busy_timeout', 'journal_mode', 'user_version']) {
    t.equal(copy.$client.pragma(pragma, { simple: true }), built.$client.pragma(pragma, { simple: true }), pragma)
  }
  t.strictSame(counts(copy), counts(built))
  t.strictSame(copy.$client.prepare('SELECT * FROM __drizzle_migrations').all(), built.$client.prepare('SELECT * FROM __drizzle_migrations').all())
  t.equal(count(bare, 'offers'), 0, 'without the sample')
  t.equal(count(bare, 'regions'), count(built, 'regions'), 'with the reference')
  copy.$client.prepare('DELETE FROM offer_search').run()
  t.equal(count(other, 'offer_search'), 39, 'a change to one copy is not in another')
})

t.test('sample ids are stable', async (t) => {
  t.equal(sampleId('offer', 'cb-seefhoek'), sampleId('offer', 'cb-seefhoek'))
  t.not(sampleId('offer', 'cb-seefhoek'), sampleId('organisation', 'cb-seefhoek'))
  t.equal(readSampleFile().offers.length, 39)
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
