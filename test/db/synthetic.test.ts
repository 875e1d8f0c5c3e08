// The synthetic offers: valid records written through the store functions, plausible, repeatable for a seed.
import t from 'tap'
import { inTransaction, openDb } from '../../src/db/client.js'
import { loadReference } from '../../src/db/reference.js'
import { generateOffers, random } from '../../src/datasets/synthetic.js'
import { loadLocationRecords } from '../../src/locations/store.js'
import { publicOfferRecord } from '../../src/offers/public-record.js'
import { checkOfferReferences } from '../../src/offers/references.js'
import { OfferInput } from '../../src/offers/schemas.js'
import { syncOfferSearch } from '../../src/offers/search-text.js'
import { loadOfferRecords } from '../../src/offers/store.js'
import { OrganisationInput } from '../../src/organisations/schemas.js'
import { loadOrganisationRecords } from '../../src/organisations/store.js'

const fresh = () => {
  const db = openDb(':memory:')
  loadReference(db)
  return db
}

t.test('generated offers are valid, complete and plausible', async (t) => {
  const db = fresh()
  t.teardown(() => db.$client.close())
  const written = generateOffers(db, { count: 400, seed: 3, now: '2026-02-01T00:00:00.000Z' })
  const count = (sql: string) => (db.$client.prepare(sql).get() as { n: number }).n
  t.equal(written.offers, 400)
  t.equal(count('SELECT count(*) AS n FROM offers'), 400)
  t.equal(count('SELECT count(*) AS n FROM organisations'), written.organisations)
  t.equal(count('SELECT count(*) AS n FROM locations'), written.locations)
  t.ok(written.organisations > 40 && written.organisations < 200, `${written.organisations} organisations`)
  t.strictSame(db.$client.prepare('PRAGMA foreign_key_check').all(), [])

  const offers = loadOfferRecords(db)
  for (const o of offers) {
    const { id: _i, status: _s, version: _v, created_at: _c, updated_at: _u, published_at: _p, verified_at: _va, verified_by: _vb, contacts, ...input } = o
    const parsed = OfferInput.safeParse({ ...input, contacts: contacts.map(({ id: _id, ...c }) => c) })
    t.ok(parsed.success, `${o.slug} is a valid offer`)
    t.strictSame(checkOfferReferences(db, parsed.data!), [], `${o.slug} refers to what exists`)
  }
  for (const o of loadOrganisationRecords(db)) {
    const { id: _i, status: _s, version: _v, created_at: _c, updated_at: _u, published_at: _p, verified_at: _va, verified_by: _vb, ...input } = o
    t.ok(OrganisationInput.safeParse(input).success, `${o.slug} is a valid organisation`)
  }

  t.equal(count('SELECT count(*) AS n FROM offer_search'), 400, 'every offer is searchable')
  t.equal(count('SELECT count(*) AS n FROM revisions WHERE entity_kind = \'offer\''), 400, 'every offer has its first revision')
  t.equal(count('SELECT count(*) AS n FROM audit_log'), count('SELECT count(*) AS n FROM revisions'))
  const visible = count(`SELECT count(*) AS n FROM offers o JOIN organisations g ON g.id = o.organisation_id WHERE o.status = 'published' AND g.status = 'published'`)
  t.equal(count(`SELECT count(*) AS n FROM change_feed WHERE entity_kind = 'offer' AND action = 'upsert'`), visible, 'the feed holds every visible offer')
  t.ok(visible > 340 && visible < 400, `${visible} visible: some drafts and archived ones too`)
  // Feed entries and search rows are built from the records in hand: they must be what the stored offers give.
  const feedData = db.$client.prepare(`SELECT entity_id AS id, data FROM change_feed WHERE entity_kind = 'offer' ORDER BY seq`).all() as Array<{ id: string, data: string }>
  const locations = new Map(loadLocationRecords(db).map((l) => [l.id, l]))
  const byId = new Map(offers.map((o) => [o.id, o]))
  t.ok(feedData.every((e) => e.data === JSON.stringify(publicOfferRecord(byId.get(e.id)!, locations))), 'feed entries as emitOffers builds them from stored offers')
  const searchRows = () => db.$client.prepare('SELECT offer_id, name, labels, organisation, description FROM offer_search ORDER BY offer_id').all()
  const built = searchRows()
  inTransaction(db, () => syncOfferSearch(db, offers.map((o) => o.id)))
  t.strictSame(built, searchRows(), 'search rows as syncOfferSearch builds them from stored offers')

  const careTypes = new Set(offers.map((o) => o.care_type))
  const municipalities = new Set(offers.flatMap((o) => o.service_area).filter((c) => /^\d{5}$/.test(c)))
  t.ok(careTypes.size >= 25, `${careTypes.size} care types`)
  t.ok(municipalities.size >= 60, `${municipalities.size} municipalities`)
  t.ok(offers.some((o) => o.service_area.some((c) => c.startsWith('elz-'))))
  t.ok(offers.some((o) => o.service_area.includes('BE-VLG')))
  t.ok(offers.some((o) => o.location_ids.length === 0), 'some remote-only offers')
  t.ok(offers.some((o) => o.name.fr !== undefined) && offers.some((o) => o.name.fr === undefined), 'some translated')
  t.ok(offers.every((o) => o.languages.length > 0))
  t.ok(offers.filter((o) => o.from_month === null).length > 10, 'some from the wish for a child')
})

t.test('repeatable for a seed, and refused twice in one database', async (t) => {
  const a = fresh()
  const b = fresh()
  t.teardown(() => { a.$client.close(); b.$client.close() })
  generateOffers(a, { count: 50, seed: 11, now: '2026-02-01T00:00:00.000Z' })
  generateOffers(b, { count: 50, seed: 11, now: '2026-02-01T00:00:00.000Z' })
  const shape = (db: typeof a) => loadOfferRecords(db).map((o) => [o.id, o.name.nl, o.service_area, o.status])
  t.strictSame(shape(a), shape(b))
  t.throws(() => generateOffers(a, { count: 5, seed: 11 }), /seed 11 .* already/)
  t.equal(generateOffers(a, { count: 5, seed: 12 }).offers, 5, 'another seed adds more')
  const rnd = random(5)
  t.equal(rnd.some([1, 2, 3], 5, 5).length, 3, 'never more than there are')
})
