// The foundation's data paths that the HTTP tests load but do not reach: guards on the seed files, the stores,
// the change feed, the journal, reference checks. (These modules' owners may fold this into their own tests.)
import { eq, getTableName, is } from 'drizzle-orm'
import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core'
import * as fs from 'node:fs'
import { pathToFileURL } from 'node:url'
import t, { type Test } from 'tap'
import { emitLocation, emitOffers, emitOrganisation, eraseFromFeed } from '../../src/changes/feed.js'
import { feedPosition } from '../../src/core/feed-position.js'
import { diff, recordAudit, recordRevision } from '../../src/core/journal.js'
import { type Db, inTransaction, openDb } from '../../src/db/client.js'
import { loadReference } from '../../src/db/reference.js'
import { loadDataset } from '../../src/datasets/load.js'
import { loadSample, sampleId } from '../../src/datasets/sample.js'
import * as schema from '../../src/db/schema.js'
import { audit_log, change_feed, target_groups } from '../../src/db/schema.js'
import { LocationInput } from '../../src/locations/schemas.js'
import { loadLocationRecords } from '../../src/locations/store.js'
import { checkOfferReferences } from '../../src/offers/references.js'
import { OfferInput } from '../../src/offers/schemas.js'
import { syncOfferSearch } from '../../src/offers/search-text.js'
import { deleteOffer, findOfferId, getOfferRecord, loadOfferRecords, writeOffer } from '../../src/offers/store.js'
import { findOrganisationId, getOrganisationRecord, loadOrganisationRecords, writeOrganisation } from '../../src/organisations/store.js'
import { getRegions, resolveRegionCode, searchRegions } from '../../src/regions/queries.js'
import { listTargetGroups } from '../../src/taxonomies/queries.js'
import { pickText } from '../../src/text/schemas.js'

const AT = '2026-01-01T00:00:00.000Z'
const META = { version: 1, created_at: AT, updated_at: AT, published_at: AT, verified_at: null, verified_by: null }

function directory (t: Test, sample = true): Db {
  const db = openDb(':memory:')
  loadReference(db)
  if (sample) loadSample(db, AT)
  t.teardown(() => db.$client.close())
  return db
}

/** reference.ts with some seed files edited in memory. */
async function withSeed (t: Test, edits: Record<string, (text: string) => string>) {
  const readFileSync = (path: fs.PathOrFileDescriptor, options?: unknown) => {
    const edit = Object.entries(edits).find(([name]) => String(path).endsWith(name))?.[1]
    const raw = fs.readFileSync(path, options as 'utf8')
    return edit ? edit(String(raw)) : raw
  }
  return t.mockImport<typeof import('../../src/db/reference.js')>('../../src/db/reference.js', { 'node:fs': { ...fs, readFileSync } })
}

t.test('the region reference refuses inconsistent seed files', async (t) => {
  const firstRow = (change: (cells: string[]) => void) => (text: string) => {
    const lines = text.split('\n')
    const cells = lines[1]!.split(',')
    change(cells)
    lines[1] = cells.join(',')
    return lines.join('\n')
  }
  const unknownRegion = await withSeed(t, { 'municipalities.csv': firstRow((c) => { c[8] = 'atlantis' }) })
  t.throws(() => unknownRegion.buildRegionReference(), { message: /municipalities\.csv, row 2 \(Aartselaar\), region: 'atlantis' is not a gewest of region-levels\.json/ })
  const zoneElsewhere = await withSeed(t, { 'eerstelijnszones.csv': firstRow((c) => { c[3] = '99999' }) })
  t.throws(() => zoneElsewhere.buildRegionReference(), { message: /eerstelijnszones\.csv, row 2 \(elz-brussel \/ Anderlecht\), municipality_nis: '99999' is not a municipality in municipalities\.csv/ })
  const postcodeElsewhere = await withSeed(t, { 'postcodes.csv': firstRow((c) => { c[2] = '99999' }) })
  t.throws(() => postcodeElsewhere.buildRegionReference(), { message: /postcodes\.csv, row 2 \(1000 Bruxelles\), municipality_nis: '99999' is not a municipality in municipalities\.csv/ })
})

t.test('taxonomies without descriptions, an empty list, and a zone listed with a lower confidence load', async (t) => {
  const dropDescriptions = (text: string) => JSON.stringify((JSON.parse(text) as Array<Record<string, unknown>>).map(({ description: _d, ...rest }) => rest))
  const lowered = (text: string) => {
    const eol = text.includes('\r\n') ? '\r\n' : '\n'
    const lines = text.trimEnd().split(eol)
    return [...lines, lines[1]!.replace(',medium,', ',low,')].join(eol)
  }
  const reference = await withSeed(t, {
    'phases.json': dropDescriptions, 'care-types.json': dropDescriptions, 'roles.json': dropDescriptions, 'languages.json': () => '[]', 'eerstelijnszones.csv': lowered
  })
  const db = openDb(':memory:')
  t.teardown(() => db.$client.close())
  reference.loadReference(db)
  t.equal(db.$client.prepare('SELECT count(*) FROM phases WHERE description IS NULL').pluck().get(), 18)
  t.equal(db.$client.prepare('SELECT count(*) FROM languages').pluck().get(), 0)
  t.equal(db.$client.prepare("SELECT confidence FROM regions WHERE code = 'elz-brussel'").pluck().get(), 'low')
})

t.test('loading the sample twice adds nothing; without the reference it names the location that does not fit', async (t) => {
  const db = directory(t)
  t.equal(loadSample(db, AT), 0)
  const bare = openDb(':memory:')
  t.teardown(() => bare.$client.close())
  t.throws(() => loadSample(bare, AT), { message: /problems in the data files; nothing of them was loaded:\n {2}seed\/sample\/offers\.json, offer 1 \(.+\), care_type: / })
})

t.test('sample offers: a missing note, a shared location, and an offer that does not fit the reference', async (t) => {
  const edited = (change: (sample: { offers: Array<Record<string, any>> }) => void) => async () => {
    const dir = t.testdir({ sample: {} })
    const sample = JSON.parse(fs.readFileSync('seed/sample/offers.json', 'utf8'))
    change(sample)
    fs.writeFileSync(`${dir}/sample/offers.json`, JSON.stringify(sample))
    const db = directory(t, false)
    return loadDataset(db, 'sample', { now: AT, dir: pathToFileURL(`${dir}/`) }).added.offers
  }
  const loaded = await edited((sample) => {
    const [first] = sample.offers
    delete first!.cost.note
    sample.offers.push({ ...first, slug: `${first!.slug}-twee` })
  })()
  t.equal(loaded, 40, 'an offer without a cost note, and one that shares its location with another')
  await t.rejects(edited((sample) => { sample.offers[0]!.care_type = 'no_such_type' })(), { message: /seed\/sample\/offers\.json, offer 1 \(.+\), care_type: 'no_such_type' is not a care type/ })
})

t.test('offer, organisation and location stores', async (t) => {
  const db = directory(t)
  const all = loadOfferRecords(db)
  t.equal(all.length, 39)
  const first = all[0]!
  t.equal(findOfferId(db, first.id), first.id, 'by id')
  t.equal(findOfferId(db, first.slug), first.id, 'by slug')
  t.equal(getOfferRecord(db, '00000000-0000-4000-8000-000000000000'), undefined)
  t.equal(loadOfferRecords(db, [...Array.from({ length: 600 }, (_, i) => `missing-${i}`), first.id]).length, 1, 'long id lists are split')
  t.strictSame(loadOfferRecords(db, []), [])
  t.equal(loadOrganisationRecords(db).length, loadOrganisationRecords(db, loadOrganisationRecords(db).map((o) => o.id)).length)
  t.strictSame(loadOrganisationRecords(db, []), [])
  const organisation = getOrganisationRecord(db, first.organisation_id)!
  t.equal(findOrganisationId(db, organisation.slug), organisation.id)
  t.equal(findOrganisationId(db, organisation.id), organisation.id)
  t.ok(loadLocationRecords(db).length > 0)
  t.strictSame(loadLocationRecords(db, []), [])
  const withDetails = OfferInput.parse({
    ...asInput(first), slug: 'met-contacten',
    contacts: [{ name: 'Onthaal', email: 'onthaal@example.org' }, { title: { nl: 'Vroedvrouw' }, phone: '+32 9 123 45 67' }],
    opening_hours: [{ weekday: 2, opens: '13:00', closes: '17:00' }, { weekday: 1, opens: '14:00', closes: '16:00' }, { weekday: 1, opens: '09:00', closes: '12:00', note: { nl: 'Op afspraak' } }]
  })
  const contactId = '00000000-0000-4000-8000-0000000000c1'
  const written = inTransaction(db, () => writeOffer(db, '00000000-0000-4000-8000-0000000000d1', { ...withDetails, contacts: [{ ...withDetails.contacts[0]!, id: contactId } as never, withDetails.contacts[1]!] }, { ...META, status: 'draft' }))
  const stored = getOfferRecord(db, '00000000-0000-4000-8000-0000000000d1')!
  t.strictSame(written, stored, 'writeOffer returns the record as it reads back')
  t.match(stored.contacts, [{ id: contactId, name: 'Onthaal', email: 'onthaal@example.org' }, { id: /^[0-9a-f-]{36}$/, title: { nl: 'Vroedvrouw' }, phone: '+32 9 123 45 67' }], 'contacts keep a given id, get one otherwise')
  t.strictSame(stored.opening_hours, [{ weekday: 1, opens: '09:00', closes: '12:00', note: { nl: 'Op afspraak' } }, { weekday: 1, opens: '14:00', closes: '16:00' }, { weekday: 2, opens: '13:00', closes: '17:00' }], 'hours by weekday and time, nulls left out')
  inTransaction(db, () => deleteOffer(db, first.id))
  t.equal(getOfferRecord(db, first.id), undefined, 'deleted, with its links (cascade)')
  t.equal(db.$client.prepare('SELECT count(*) FROM offer_service_areas WHERE offer_id = ?').pluck().get(first.id), 0)
})

t.test('the change feed: upserts, tombstones once, organisations hide their offers, erasure', async (t) => {
  t.equal(feedPosition(directory(t, false)), 0, 'an empty feed is at 0')
  const db = directory(t)
  const feed = (id: string) => db.select({ action: change_feed.action, reason: change_feed.reason }).from(change_feed).where(eq(change_feed.entity_id, id)).all()
  const offer = loadOfferRecords(db)[0]!
  const start = feedPosition(db)
  emitOffers(db, [], 'updated', AT)
  eraseFromFeed(db, 'offer', [], AT)
  t.equal(feedPosition(db), start, 'nothing to emit, nothing appended')

  writeOffer(db, offer.id, offer, { ...META, status: 'draft' })
  emitOffers(db, [offer.id], 'unpublished', AT)
  emitOffers(db, [offer.id], 'unpublished', AT)
  t.strictSame(feed(offer.id), [{ action: 'upsert', reason: 'created' }, { action: 'delete', reason: 'unpublished' }], 'one tombstone, however often')
  emitOffers(db, ['00000000-0000-4000-8000-000000000000'], 'updated', AT)
  t.strictSame(feed('00000000-0000-4000-8000-000000000000'), [], 'never public: no tombstone')

  writeOffer(db, offer.id, offer, { ...META, status: 'published' })
  const organisation = getOrganisationRecord(db, offer.organisation_id)!
  writeOrganisation(db, organisation.id, organisation, { ...META, status: 'archived' })
  emitOrganisation(db, organisation.id, 'archived', AT)
  t.strictSame(feed(organisation.id).at(-1), { action: 'delete', reason: 'archived' })
  t.strictSame(feed(offer.id).at(-1), { action: 'delete', reason: 'unpublished' }, 'a published offer of an archived organisation stays hidden')
  writeOrganisation(db, organisation.id, organisation, { ...META, status: 'published' })
  emitOrganisation(db, organisation.id, 'published', AT)
  t.strictSame(feed(offer.id).at(-1), { action: 'upsert', reason: 'published' })

  emitLocation(db, offer.location_ids[0] ?? 'none', 'updated', AT)
  eraseFromFeed(db, 'offer', [offer.id], AT)
  t.strictSame(feed(offer.id), [{ action: 'delete', reason: 'erased' }], 'erasure leaves only a tombstone')
})

t.test('the journal records field changes and audit rows', async (t) => {
  const db = directory(t)
  t.strictSame(diff({ a: 1, b: null, version: 1 }, { a: 2, c: 'x', version: 2 }), [{ field: 'a', before: 1, after: 2 }, { field: 'c', before: null, after: 'x' }])
  const offer = loadOfferRecords(db)[0]!
  recordRevision(db, { kind: 'offer', id: offer.id, action: 'update', actor: { key_id: 'k1', label: 'editor' }, at: AT, before: offer, after: { ...offer, version: 2, waiting_time: 'none' } })
  recordAudit(db, { kind: 'key', id: 'k1', action: 'revoke', actor: { key_id: null, label: 'admin' }, at: AT })
  t.strictSame(db.select({ action: audit_log.action, revision: audit_log.revision }).from(audit_log).where(eq(audit_log.key_label, 'editor')).all(), [{ action: 'update', revision: 2 }])
  t.strictSame(db.select({ revision: audit_log.revision }).from(audit_log).where(eq(audit_log.action, 'revoke')).all(), [{ revision: null }])
})

/** A stored record as a curator would send it: no server-managed fields, no contact ids. */
function asInput (record: ReturnType<typeof loadOfferRecords>[number]) {
  const { id: _i, status: _s, version: _v, created_at: _c, updated_at: _u, published_at: _p, verified_at: _va, verified_by: _vb, contacts, ...fields } = record
  return { ...fields, contacts: contacts.map(({ id: _id, ...contact }) => contact) }
}

t.test('an offer is checked against the reference and its organisation', async (t) => {
  const db = directory(t)
  const record = loadOfferRecords(db).find((o) => o.location_ids.length > 0)!
  const offer = asInput(record)
  const elsewhere = loadLocationRecords(db).find((l) => l.organisation_id !== record.organisation_id)!
  t.strictSame(checkOfferReferences(db, OfferInput.parse(offer)), [], 'the sample offer is consistent')
  const issues = checkOfferReferences(db, OfferInput.parse({
    ...offer, organisation_id: sampleId('organisation', 'nobody'), care_type: 'no_such_type', roles: ['vroedvrouw', 'no_such_role'], referral_by: [],
    target_groups: [], languages: [], service_area: ['BE-XXX'], location_ids: [elsewhere.id],
    opening_hours: [{ weekday: 1, opens: '09:00', closes: '12:00', location_id: sampleId('location', 'other') }]
  }))
  t.strictSame(issues.map((i) => i.path), ['/organisation_id', '/care_type', '/roles/1', '/service_area/0', '/location_ids/0', '/opening_hours/0/location_id'])
  const ranges = OfferInput.safeParse({ ...offer, from_month: 12, to_month: 0, price_min_eur: 50, price_max_eur: 10 })
  t.strictSame(ranges.error?.issues.map((i) => i.path.join('.')), ['to_month', 'price_max_eur'])
})

t.test('search rows, region lookups and text fallbacks', async (t) => {
  const db = directory(t)
  syncOfferSearch(db)
  // An organisation that went missing (foreign keys off, as in a raw import) leaves the organisation text empty.
  const orphan = asInput(loadOfferRecords(db)[0]!)
  db.$client.pragma('foreign_keys = OFF')
  writeOffer(db, '00000000-0000-4000-8000-00000000000a', OfferInput.parse({ ...orphan, slug: 'orphan', organisation_id: '00000000-0000-4000-8000-00000000000b', location_ids: [], opening_hours: [] }), { ...META, status: 'draft' })
  syncOfferSearch(db, ['00000000-0000-4000-8000-00000000000a'])
  t.equal(db.$client.prepare('SELECT organisation FROM offer_search WHERE offer_id = ?').pluck().get('00000000-0000-4000-8000-00000000000a'), '')
  db.$client.prepare('DELETE FROM offer_search WHERE offer_id = ?').run('00000000-0000-4000-8000-00000000000a')
  t.equal(db.$client.prepare('SELECT count(*) FROM offer_search').pluck().get(), 39, 'a full rebuild writes one row per offer')
  t.equal(resolveRegionCode(db, 'no-such-code'), undefined)
  t.strictSame(getRegions(db, []), new Map())
  t.equal(searchRegions(db, {}, 1, 0).total, searchRegions(db, { level: undefined, within: undefined, q: undefined }, 5, 0).total)
  db.insert(target_groups).values({ code: 'nl_only', label: { nl: 'Alleen Nederlands' }, synonyms: [], sort_order: 99 } as never).run()
  t.match(listTargetGroups(db, 'fr').find((g) => g.code === 'nl_only'), { label: 'Alleen Nederlands', labels: { nl: 'Alleen Nederlands', fr: 'Alleen Nederlands', en: 'Alleen Nederlands' } })
  t.equal(pickText({ nl: 'hallo' }, 'en'), 'hallo')
})

t.test('the schema: every foreign key points to a column of a table in it, and the database has the same tables', async (t) => {
  const db = directory(t, false)
  const tables = (Object.values(schema) as unknown[]).filter((value): value is SQLiteTable => is(value, SQLiteTable))
  const names = tables.map((table) => getTableName(table))
  const broken = tables.flatMap((table) => getTableConfig(table).foreignKeys.map((fk) => fk.reference()))
    .filter((reference) => !names.includes(getTableName(reference.foreignTable)))
  t.strictSame(broken, [])
  t.ok(tables.every((table) => getTableConfig(table).columns.length > 0))
  const stored = db.$client.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' AND name NOT LIKE 'offer_search%'").pluck().all()
  t.strictSame([...stored].sort(), [...names].sort())
})

t.test('a location gives both coordinates or neither; an old municipality code resolves; regions within a region', async (t) => {
  const db = directory(t, false)
  const location = { organisation_id: '00000000-0000-4000-8000-000000000001', name: 'Huis', postcode: '9000' }
  t.equal(LocationInput.safeParse({ ...location, latitude: 51.05, longitude: 3.72 }).success, true)
  t.strictSame(LocationInput.safeParse({ ...location, latitude: 51.05 }).error?.issues.map((i) => i.path.join('.')), ['longitude'])
  const alias = db.$client.prepare('SELECT alias, region_code FROM region_aliases LIMIT 1').get() as { alias: string, region_code: string }
  t.equal(resolveRegionCode(db, alias.alias), alias.region_code)
  t.equal(searchRegions(db, { level: 'municipality', within: 'BE-BRU' }, 100, 0).total, 19)
})
