// The starter directory: real offers, published and marked not yet verified, with their sources; unknown facts stay null.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import t from 'tap'
import { datasetId, loadDataset, readDatasetFile } from '../../src/datasets/load.js'
import { InvalidDataFile } from '../../src/db/data-files.js'
import { setup } from '../helpers/app.js'
import { call, keyFor } from '../helpers/curation.js'
import { hsdsErrors } from '../helpers/hsds.js'

const offer = (slug: string) => datasetId('starter', 'offer', slug)
const count = (db: { $client: { prepare: (sql: string) => { get: () => unknown } } }, table: string) =>
  (db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n

t.test('the starter directory as a family and a partner see it', async (t) => {
  let load
  const { app, db } = await setup(t, { sample: false, before: (db) => { load = loadDataset(db, 'starter', { now: '2026-12-07T09:00:00.000Z' }) } })
  t.strictSame(load, { dataset: "starter", added: { organisations: 61, locations: 50, offers: 83 }, skipped: null })
  t.match((await app.inject("/v1/offers/karus-centrum-moeder-en-baby")).statusCode, 404, "an offer with no mode known waits as a draft")
  t.equal((await app.inject('/v1/offers?per_page=1')).json().total_items, 82, 'published')

  t.test('unknown facts are null, sources are shown, the position is marked approximate', async (t) => {
    const zoersel = (await app.inject('/v1/offers/moeder-baby-zoersel-opname')).json()
    t.match(zoersel, {
      cost: { type: null, label: null }, referral: { type: null }, crisis: { available_24_7: false, urgent_intake: true }, baby_welcome: true,
      last_verified: null, sources: ['https://www.moederbaby.be/moeder-baby/opname', 'http://www.moederbaby.be/ons-aanbod/meerlezen/opname', 'https://www.moederbaby.be/geschiedenis', 'http://www.moederbaby.be/over-ons'],
      source_note: /^Cost and languages are not stated in the sources/
    })
    t.match(zoersel.locations, [{ postcode: '2980', street: null, approximate_position: true }])
    const summary = (await app.inject('/v1/offers?q=Zoersel&per_page=50')).json().contents.find((o: { slug: string }) => o.slug === 'moeder-baby-zoersel-opname')
    t.match(summary, { cost_type: null, referral_type: null, crisis_24_7: false, urgent_intake: true, baby_welcome: true, last_verified: null })
    const unknownCrisis = readDatasetFile('starter').offers.find((o) => o.crisis.available_24_7 === null)!
    t.match((await app.inject(`/v1/offers/${unknownCrisis.slug}`)).json().crisis, { available_24_7: null }, 'not known is not "no"')
    t.equal((await app.inject('/v1/offers?crisis=true&per_page=100')).json().contents.some((o: { slug: string }) => o.slug === unknownCrisis.slug), false, 'nor "yes"')
    const helpline = (await app.inject('/v1/offers/hulplijn-1712-caw-vk')).json()
    t.match(helpline, { cost: { type: 'free' }, referral: { type: 'none' }, crisis: { available_24_7: false } }, 'known facts stay as they are')
    const cos = (await app.inject('/v1/organisations/cos-leuven')).json()
    t.match(cos, { kind: null, source_note: /^Organisation kind left null/, last_verified: null })
    const facets = (await app.inject('/v1/offers?facets=true&per_page=1')).json().facets
    t.equal(facets.cost.reduce((n: number, c: { count: number }) => n + c.count, 0), 33, 'offers of unknown cost count under no cost')
  })

  t.test('the export and the HSDS facade keep the sources and the unknowns', async (t) => {
    const partner = keyFor(db, 'partner')
    const ndjson = (await app.inject({ url: '/v1/export', headers: { 'x-api-key': partner } })).body.trim().split('\n').map((l) => JSON.parse(l))
    const zoersel = ndjson.find((l) => l.data?.slug === 'moeder-baby-zoersel-opname')
    t.match(zoersel.data, { cost_type: null, crisis_24_7: false, sources: Array, source_note: String })
    const csv = (await app.inject({ url: '/v1/export?format=csv', headers: { 'x-api-key': partner } })).body
    const [header, ...rows] = csv.trim().split('\n')
    t.match(header, /,"sources","source_note"(,|$)/)
    t.match(rows.find((r) => r.includes('moeder-baby-zoersel-opname')), /https:\/\/www\.moederbaby\.be\/moeder-baby\/opname\|http:/)
    const service = (await app.inject(`/hsds/services/${offer('moeder-baby-zoersel-opname')}`)).json()
    t.strictSame(service.cost_options, [], 'no cost option that says nothing')
    t.strictSame(hsdsErrors('service', service), [], 'valid HSDS with its sources')
    const detail = (await app.inject('/v1/offers/moeder-baby-zoersel-opname')).json()
    type Attribute = { link_type: string, value: string, link_id: string, link_entity: string }
    const sourcesOf = (record: { id: string, attributes: Attribute[] }, entity: string) => {
      const found = record.attributes.filter((a) => a.link_type === 'source' || a.link_type === 'source_note')
      t.ok(found.every((a) => a.link_id === record.id && a.link_entity === entity), `${entity}: each linked to the record`)
      return found.map((a) => [a.link_type, a.value])
    }
    t.strictSame(sourcesOf(service, 'service'), [...detail.sources.map((url: string) => ['source', url]), ['source_note', detail.source_note]],
      'each public page an attribute `source`, the note one `source_note`, after the taxonomy attributes')
    const organisation = (await app.inject(`/hsds/organizations/${datasetId('starter', 'organisation', 'bethanie-moeder-baby')}`)).json()
    t.strictSame(hsdsErrors('organization', organisation), [])
    const own = (await app.inject('/v1/organisations/bethanie-moeder-baby')).json()
    t.equal(own.source_note, null)
    t.strictSame(sourcesOf(organisation, 'organization'), own.sources.map((url: string) => ['source', url]), 'an organization\'s sources too; no note, no note attribute')
    const unknownReferral = db.$client.prepare("SELECT id FROM offers WHERE referral_type IS NULL AND referral_note IS NULL AND status = 'published' ORDER BY slug").pluck().get() as string
    t.notOk('application_process' in (await app.inject(`/hsds/services/${unknownReferral}`)).json(), 'an unknown referral is not written as one')
  })

  t.test('curators: the stale report lists every unverified entry; verifying is one call', async (t) => {
    const admin = keyFor(db, 'admin')
    const stale = await call(app, admin, 'GET', '/v1/admin/stale?per_page=1')
    t.equal(stale.body.total_items, 82 + 61 + 50, "every published entry (the draft is on the drafts list)")
    const verified = await call(app, admin, 'POST', `/v1/admin/offers/${offer('moeder-baby-zoersel-opname')}/verify`)
    t.equal(verified.status, 200)
    t.match((await app.inject('/v1/offers/moeder-baby-zoersel-opname')).json(), { last_verified: String })
    t.equal((await call(app, admin, "GET", "/v1/admin/stale?per_page=1")).body.total_items, 82 + 61 + 50 - 1)
  })

  t.test('an entry new to the file is added and linked to the locations the database kept', async (t) => {
    const admin = keyFor(db, 'admin')
    const id = offer('moeder-baby-zoersel-dagbehandeling')
    const before = (await call(app, admin, 'GET', `/v1/admin/offers/${id}`)).body
    t.equal((await call(app, admin, 'DELETE', `/v1/admin/offers/${id}?erase=true`)).status, 204)
    // As if a newer file brought it for the first time: the database forgets it ever held it.
    db.$client.prepare('DELETE FROM dataset_entries WHERE entity_id = ?').run(id)
    t.match(loadDataset(db, 'starter'), { added: { organisations: 0, locations: 0, offers: 1 } })
    t.strictSame((await call(app, admin, 'GET', `/v1/admin/offers/${id}`)).body.location_ids, before.location_ids)
  })

  t.test('never mixed: the sample does not load into a database with the starter directory', async (t) => {
    t.match(loadDataset(db, 'sample'), { added: { offers: 0 }, skipped: /^this database holds the starter data set/ })
    t.match(loadDataset(db, 'starter'), { added: { organisations: 0, locations: 0, offers: 0 }, skipped: null }, 'nothing new the second time')
  })
})

t.test('a directory with entries of its own gets no data set', async (t) => {
  const { db } = await setup(t, { sample: false })
  db.$client.prepare("INSERT INTO organisations (id, slug, kind, name, status, created_at, updated_at) VALUES ('00000000-0000-4000-8000-000000000001', 'eigen', 'ngo', '{\"nl\":\"Eigen\"}', 'draft', 'x', 'x')").run()
  t.match(loadDataset(db, 'starter'), { added: { offers: 0 }, skipped: 'the directory has entries of its own; a data set loads only into an empty one' })
})

t.test('an invalid data set file is reported in full and loads nothing', async (t) => {
  const dir = t.testdir()
  mkdirSync(`${dir}/starter`)
  const file = readDatasetFile('starter')
  const [first, second] = file.offers
  Object.assign(first!, {
    slug: 'Slecht Slug', organisation: 'nergens', care_type: 'mbu_residentiel', roles: ['psychiater', 'tovenaar'], target_groups: 'moeders',
    modes: ['teleport'], cost: { type: 'gratis' }, referral: { type: 'maybe', by: ['huisarts', 'buurman'] }, waiting_time: 'soon',
    phase_months: { from: 12, to: 0 }, service_area: ['elz-oostende-bredene', 'BE-XXX'], description: { en: 'English only' }, name: {},
    languages: ['nl', 'klingon'], sources: ['moederbaby.be', 'ftp://x.be/y'], email: 'niet-een-adres', phone: 'bel ons',
    locations: [{ name: '', postcode: '9999', municipality_nis: '11002', latitude: 40, longitude: 2 }, { name: 'Gent', postcode: '9000', municipality_nis: '11002', latitude: null, longitude: null }]
  })
  Object.assign(second!, { slug: file.offers[2]!.slug, service_area: 'BE' })
  Object.assign(file.organisations[0]!, { kind: 'kliniek', kbo_number: '12', website: 'www.zonder-schema.be', sources: 'https://x.be' })
  writeFileSync(`${dir}/starter/starter-directory.json`, JSON.stringify(file))
  const { db } = await setup(t, { sample: false })
  const error = (() => { try { loadDataset(db, 'starter', { dir: pathToFileURL(`${dir}/`) }) } catch (err) { return err } })() as InvalidDataFile
  t.ok(error instanceof InvalidDataFile, String(error))
  const report = error.findings.map((f) => `${f.entry} | ${f.field} | ${f.problem}`)
  t.strictSame(report, [
    'organisation 1 (bethanie-moeder-baby) | sources | write the public pages the facts come from as a list of web addresses',
    "organisation 1 (bethanie-moeder-baby) | website | 'www.zonder-schema.be' is not a web address: write it in full, starting with https://",
    "organisation 1 (bethanie-moeder-baby) | kind | 'kliniek' is not a kind of organisation; did you mean 'ngo'?",
    "organisation 1 (bethanie-moeder-baby) | kbo_number | '12' is not an enterprise number: write its 10 digits",
    'offer 1 (Slecht Slug) | slug | write lowercase words (a-z, 0-9) joined by hyphens, at most 100 characters',
    'offer 1 (Slecht Slug) | name.nl | every entry needs a Dutch name',
    "offer 1 (Slecht Slug) | sources[1] | 'moederbaby.be' is not a web address: write it in full, starting with https://",
    "offer 1 (Slecht Slug) | sources[2] | 'ftp://x.be/y' is not a web address: write it in full, starting with https://",
    "offer 1 (Slecht Slug) | email | 'niet-een-adres' is not an e-mail address",
    "offer 1 (Slecht Slug) | phone | 'bel ons' is not a phone number: digits, spaces and + ( ) . / - only",
    "offer 1 (Slecht Slug) | organisation | 'nergens' is not the slug of an organisation in this file; did you mean 'uz-gent'?",
    'offer 1 (Slecht Slug) | description.nl | every offer needs a Dutch description',
    "offer 1 (Slecht Slug) | care_type | 'mbu_residentiel' is not a care type of seed/reference/care-types.json; did you mean 'mbu_residentieel'?",
    "offer 1 (Slecht Slug) | roles[2] | 'tovenaar' is not a role of seed/reference/roles.json; did you mean 'collega'?",
    "offer 1 (Slecht Slug) | referral.by[2] | 'buurman' is not a role of seed/reference/roles.json; did you mean 'buur'?",
    'offer 1 (Slecht Slug) | target_groups | write a list of codes ([] when there are none)',
    "offer 1 (Slecht Slug) | languages[2] | 'klingon' is not a language of seed/reference/languages.json; did you mean 'ln'?",
    "offer 1 (Slecht Slug) | modes[1] | 'teleport' is not a mode; did you mean 'home'?",
    "offer 1 (Slecht Slug) | cost.type | 'gratis' is not a cost type; did you mean 'paid'? (or null when it is not known)",
    "offer 1 (Slecht Slug) | referral.type | 'maybe' is not a referral type; did you mean 'none'? (or null when it is not known)",
    "offer 1 (Slecht Slug) | waiting_time | 'soon' is not a waiting time; did you mean 'none'? (or null when it is not known)",
    'offer 1 (Slecht Slug) | phase_months | from (12) must not come after to (0): months count from birth, negative in pregnancy',
    "offer 1 (Slecht Slug) | service_area[1] | 'elz-oostende-bredene' is an old code: write 'elz-middenkust'",
    "offer 1 (Slecht Slug) | service_area[2] | 'BE-XXX' is not a region code (BE, BE-VLG, a province such as BE-VAN, elz-…, a 5-digit NIS code); did you mean 'BE-WLX'?",
    "offer 1 (Slecht Slug) | locations[1].postcode | '9999' is not a Belgian postcode in seed/reference/regions/postcodes.csv",
    'offer 1 (Slecht Slug) | locations[1].name | every location needs a name',
    "offer 1 (Slecht Slug) | locations[1].latitude/longitude | the position is not in Belgium: write decimal degrees (or null, and the postcode's centre is used)",
    "offer 1 (Slecht Slug) | locations[2].municipality_nis | postcode 9000 lies in 44021, not '11002': write that NIS code",
    'offer 2 (moeder-baby-zoersel-ondersteuning-aan-huis) | service_area | write a list of region codes',
    'offer 3 (moeder-baby-zoersel-ondersteuning-aan-huis) | slug | another offer in this file has this slug: give each its own'
  ])
  t.equal(count(db, 'organisations'), 0, 'nothing was written')
  t.equal(count(db, 'dataset_entries'), 0)
  writeFileSync(`${dir}/starter/starter-directory.json`, '[]')
  t.throws(() => loadDataset(db, 'starter', { dir: pathToFileURL(`${dir}/`) }), /the file must be a JSON object with the lists "organisations" and "offers"/)
  copyFileSync('seed/starter/starter-directory.json', `${dir}/starter/starter-directory.json`)
  t.match(loadDataset(db, 'starter', { dir: pathToFileURL(`${dir}/`) }), { added: { offers: 83 } }, 'once fixed, it loads')
})
