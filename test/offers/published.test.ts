// Only published offers of published organisations, with their published locations, reach the public reads;
// every change of the directory shows at once; one another process makes shows from the next turn of the event loop.
import { join } from 'node:path'
import t from 'tap'
import { buildApp } from '../../src/app.js'
import { emitLocation, emitOffers, emitOrganisation } from '../../src/changes/feed.js'
import { inTransaction, openDb } from '../../src/db/client.js'
import { loadReference } from '../../src/db/reference.js'
import { loadSample, sampleId } from '../../src/datasets/sample.js'
import { writeLocation } from '../../src/locations/store.js'
import { OfferInput } from '../../src/offers/schemas.js'
import { syncOfferSearch } from '../../src/offers/search-text.js'
import { writeOffer } from '../../src/offers/store.js'
import { nextTurn, testConfig } from '../helpers/app.js'

const now = '2026-11-01T10:00:00.000Z'
const meta = { status: 'published' as const, version: 1, created_at: now, updated_at: now, published_at: now, verified_at: now, verified_by: 'test' }

t.test('what the public sees', async (t) => {
  const path = join(t.testdir(), 'directory.db')
  const db = openDb(path)
  loadReference(db)
  loadSample(db)
  const app = await buildApp({ config: testConfig(), db })
  // A second connection, as another process (the admin service, an import) would have.
  const other = openDb(path)
  t.teardown(async () => { await app.close(); db.$client.close(); other.$client.close() })
  const slugs = async (query = '') => (await app.inject(`/v1/offers?per_page=100&${query}`)).json().contents.map((o: { slug: string }) => o.slug) as string[]
  const status = (table: string, id: string, value: string) => other.$client.prepare(`UPDATE ${table} SET status = ? WHERE id = ?`).run(value, id)
  const id = (kind: string, key: string) => sampleId(kind, key)
  // A change as another process makes it: committed there, seen here from the next turn of the event loop on.
  const elsewhere = async (change: () => void) => { inTransaction(other, change); await nextTurn() }

  t.test('a draft or archived offer disappears from search, detail and its organisation', async (t) => {
    t.equal((await slugs()).length, 39)
    await elsewhere(() => {
      status('offers', id('offer', 'cb-seefhoek'), 'draft')
      status('offers', id('offer', 'papa-in-zicht'), 'archived')
      emitOffers(other, [id('offer', 'cb-seefhoek'), id('offer', 'papa-in-zicht')], 'unpublished', now)
    })
    const left = await slugs()
    t.equal(left.length, 37)
    t.notOk(left.includes('cb-seefhoek'))
    t.notOk(left.includes('papa-in-zicht'))
    t.equal((await app.inject('/v1/offers/cb-seefhoek')).statusCode, 404)
    t.equal((await app.inject(`/v1/offers/${id('offer', 'papa-in-zicht')}`)).statusCode, 404)
    const organisation = (await app.inject('/v1/organisations/consultatiebureau-seefhoek')).json()
    t.match(organisation, { offer_count: 0, offers: [] })
  })

  t.test('an unpublished organisation takes its offers with it', async (t) => {
    const organisation = id('organisation', 'na-de-storm')
    t.equal((await app.inject(`/v1/organisations/${organisation}`)).statusCode, 200)
    await elsewhere(() => { status('organisations', organisation, 'draft'); emitOrganisation(other, organisation, 'unpublished', now) })
    t.notOk((await slugs()).includes('na-de-storm'))
    t.equal((await app.inject('/v1/offers/na-de-storm')).statusCode, 404)
    t.equal((await app.inject(`/v1/organisations/${organisation}`)).statusCode, 404)
    t.equal((await app.inject(`/v1/offers?organisation=${organisation}`)).statusCode, 404)
    const listed = (await app.inject('/v1/organisations?per_page=100')).json()
    t.equal(listed.total_items, 38)
  })

  t.test('an unpublished location is no longer shown, nor found near', async (t) => {
    const offer = (await app.inject('/v1/offers/mbu-de-wiege')).json()
    t.equal(offer.locations.length, 1)
    t.ok((await slugs('near=50.889,4.543&radius_km=5')).includes('mbu-de-wiege'))
    await elsewhere(() => { status('locations', offer.locations[0].id, 'draft'); emitLocation(other, offer.locations[0].id, 'unpublished', now) })
    t.strictSame((await app.inject('/v1/offers/mbu-de-wiege')).json().locations, [])
    t.notOk((await slugs('near=50.889,4.543&radius_km=5')).includes('mbu-de-wiege'))
    t.ok((await slugs('region=BE-VLG')).includes('mbu-de-wiege'), 'its service area still holds')
  })

  t.test('a new offer is found at once: nearest of two locations, a range that ends at birth', async (t) => {
    const organisation = id('organisation', 'vroedvrouwenpraktijk-levensboom')
    const far = id('location', 'test-far')
    const near = id('location', 'test-near')
    const unplaced = id('location', 'test-unplaced')
    const offerId = id('offer', 'test-geboorteplan')
    await elsewhere(() => {
      const place = { organisation_id: organisation, street: null, wheelchair_accessible: null, pram_accessible: null, approximate_position: false, public_transport_note: null, internal_note: null }
      writeLocation(other, far, { ...place, name: 'Praktijk Oostende', postcode: '8400', municipality_code: '35013', latitude: 51.225, longitude: 2.919 }, meta)
      writeLocation(other, near, { ...place, name: 'Praktijk Kortrijk', postcode: '8500', municipality_code: '34022', latitude: 50.828, longitude: 3.265 }, meta)
      writeLocation(other, unplaced, { ...place, name: 'Huisbezoeken', postcode: '8500', municipality_code: '34022', latitude: null, longitude: null }, meta)
      writeOffer(other, offerId, OfferInput.parse({
        slug: 'test-geboorteplan', organisation_id: organisation, name: { nl: 'Geboorteplan op maat' }, description: { nl: 'Samen je bevalling voorbereiden.' },
        care_type: 'vroedvrouw', from_month: -9, to_month: 0, cost_type: 'free', modes: ['onsite'], service_area: ['elz-regio-kortrijk'], location_ids: [far, near, unplaced]
      }), meta)
      syncOfferSearch(other, [offerId])
      emitOffers(other, [offerId], 'published', now)
    })
    const found = (await app.inject('/v1/offers?q=geboorteplan&near=50.83,3.27&radius_km=100')).json().contents
    t.match(found, [{ slug: 'test-geboorteplan', distance_km: 0.4, last_verified: now }])
    t.equal(found[0].locations.length, 3, 'a location without coordinates is shown, not measured')
    t.ok((await slugs('phase=bevalling')).includes('test-geboorteplan'), 'ends at birth: covers the birth')
    t.ok((await slugs('phase=zwangerschap')).includes('test-geboorteplan'))
    t.notOk((await slugs('phase=kraamperiode')).includes('test-geboorteplan'))
    t.ok((await slugs('age_months=0')).includes('test-geboorteplan'))
    t.notOk((await slugs('postcode=8400')).includes('test-geboorteplan'), 'a location is not a service area')
  })
})
