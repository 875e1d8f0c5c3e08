// Edges of the search core: an empty directory, bounded caches starting again, text limits, rows the index does not know.
import t from 'tap'
import { emitOffers } from '../../src/changes/feed.js'
import { sampleId } from '../../src/datasets/sample.js'
import { generateOffers } from '../../src/datasets/synthetic.js'
import { OfferList } from '../../src/offers/public-schemas.js'
import { syncOfferSearch } from '../../src/offers/search-text.js'
import { getOfferRecord, writeOffer } from '../../src/offers/store.js'
import { type OfferQuery, searchOffers } from '../../src/search/engine.js'
import { FACET_LIMITS } from '../../src/search/facets.js'
import { CACHE_LIMITS } from '../../src/search/index.js'
import { offerNameAndDescription, offerSummariesJson } from '../../src/search/render.js'
import { offerSearch } from '../../src/search/service.js'
import { parseText, TextError, termHits } from '../../src/search/text.js'
import { setup } from '../helpers/app.js'

t.test('an empty directory answers every search with nothing', async (t) => {
  const { app } = await setup(t, { sample: false })
  const res = await app.inject('/v1/offers?crisis=true&baby_welcome=true&facets=true&q=ouders&region=BE-VLG&sort=name&lang=fr')
  t.equal(res.statusCode, 200)
  const body = OfferList.parse(res.json())
  t.match(body, { total_items: 0, total_pages: 0, size: 0, empty: true, contents: [] })
  t.strictSame(body.facets, { phase: [], care_type: [], province: [], language: [], mode: [], cost: [], role: [], referral: [], crisis: [{ code: 'true', label: 'Aide de crise ou accueil rapide', count: 0 }] })
  t.equal((await app.inject('/v1/organisations')).json().total_items, 0)
})

t.test('text: limits, stopwords, and rows the index does not know', async (t) => {
  t.throws(() => parseText('a'.repeat(201)), /200 characters/)
  t.ok((() => { try { parseText('a'.repeat(201)) } catch (err) { return err instanceof TextError } })())
  t.throws(() => parseText('een twee drie vier vijf zes zeven acht negen tien elf'), /at most 10 words/)
  t.strictSame(parseText('  De   vroedvrouw, de BABY!  ').terms, ['vroedvrouw', 'baby'])
  t.strictSame(parseText('de het').terms, ['de', 'het'], 'only stopwords: they are the search')
  t.strictSame(parseText('crèche\u0000\u200Bnacht').terms, ['creche', 'nacht'], 'control and format characters split words')

  const { db } = await setup(t)
  const index = offerSearch(db).current()
  t.ok(termHits(index, 'baby').ordinals.length > 0, 'the index has read the text rows')
  // A row written without moving the feed (a bug elsewhere) must not break the index built before it.
  db.$client.prepare('INSERT INTO offer_search (offer_id, name, labels, organisation, description) VALUES (?, ?, \'\', \'\', \'\')').run('ghost', 'spookwoord')
  t.equal(termHits(index, 'spookwoord').ordinals.length, 0)
  t.equal(searchOffers(index, { text: parseText('spookwoord'), offset: 0, limit: 10 }).total, 0)
})

t.test('bounded caches start again and give the same answers', async (t) => {
  const { db } = await setup(t)
  const saved = { ...CACHE_LIMITS }
  t.teardown(() => { Object.assign(CACHE_LIMITS, saved) })
  const index = offerSearch(db).current()
  const gent = { latitude: 51.05, longitude: 3.72 }
  const queries: Array<Partial<OfferQuery>> = [{ regions: ['44021'] }, { regions: ['11002'] }, { languages: ['fr'] }, { months: [{ from: 3, to: 3 }] }, { postcodes: ['9000'] },
    { centre: gent, radiusKm: 5, sort: 'distance' }, { centre: gent, radiusKm: 10, sort: 'distance' }, { centre: gent, radiusKm: 20, sort: 'distance' }]
  const before = queries.map((q) => searchOffers(index, { ...q, offset: 0, limit: 100 }))
  Object.assign(CACHE_LIMITS, { derivedSets: 2, textEntries: 3, renderedSummaries: 4, localOrderEntriesPerOffer: 0.1 })
  index.memo.clear()
  t.strictSame(queries.map((q) => searchOffers(index, { ...q, offset: 0, limit: 100 })), before)
  t.ok(index.memo.size <= 2)
  const words = ['vroedvrouw', 'ouders', 'baby', 'vroedvrouw']
  const hits = words.map((w) => termHits(index, w).ordinals.length)
  t.strictSame(words.map((w) => termHits(index, w).ordinals.length), hits)
  const rendered = Array.from({ length: index.size }, (_, i) => offerSummariesJson(index, [i], 'nl', '2026-12-07')[0]!)
  t.strictSame(Array.from({ length: index.size }, (_, i) => offerSummariesJson(index, [i], 'nl', '2026-12-07')[0]!), rendered)
  const texts = Array.from({ length: index.size }, (_, i) => offerNameAndDescription(index, i, 'fr'))
  t.strictSame(Array.from({ length: index.size }, (_, i) => offerNameAndDescription(index, i, 'fr')), texts, 'names and descriptions for highlights, kept again')
  t.equal(searchOffers(index, { postcodes: ['0000'], offset: 0, limit: 100 }).total, searchOffers(index, { regions: ['BE-WAL'], offset: 0, limit: 0 }).total, 'an unknown postcode: only remote-only offers')
})

t.test('facets count the same with bins kept in 32 bits (a directory with more than 65,535 combinations of values)', async (t) => {
  const queries = [{}, { postcodes: ['9000'] }, { languages: ['fr'], modes: ['group'] }, { months: [{ from: -9, to: 0 }], careTypes: ['ggz'], costs: ['free'] }]
  const facets = async () => {
    const index = offerSearch((await setup(t)).db).current()
    return queries.map((q) => searchOffers(index, { ...q, facets: true, offset: 0, limit: 0 }).facets)
  }
  const narrow = await facets()
  t.ok(narrow[0]!.phase.length > 0)
  const saved = { ...FACET_LIMITS }
  t.teardown(() => { Object.assign(FACET_LIMITS, saved) })
  FACET_LIMITS.narrowBins = 0
  t.strictSame(await facets(), narrow)
})

t.test('writing offers: contacts keep their ids, search rows are rewritten in place', async (t) => {
  const { db } = await setup(t)
  const id = sampleId('offer', 'cb-seefhoek')
  const record = getOfferRecord(db, id)!
  const { id: _i, status, version, created_at, updated_at, published_at, verified_at, verified_by, contacts, ...rest } = record
  // The copies' contacts get ids of their own.
  const input = { ...rest, contacts: contacts.map(({ id: _c, ...contact }) => contact) }
  const meta = { status, version, created_at, updated_at, published_at, verified_at, verified_by }
  writeOffer(db, id, { ...input, contacts: [{ name: 'An', email: 'an@example.org' }] }, meta)
  const first = getOfferRecord(db, id)!.contacts
  t.match(first, [{ id: String, name: 'An', email: 'an@example.org' }])
  writeOffer(db, id, { ...input, contacts: first }, meta)
  t.strictSame(getOfferRecord(db, id)!.contacts, first, 'a contact with an id keeps it')

  const rows = () => db.$client.prepare('SELECT offer_id, name FROM offer_search ORDER BY offer_id').all()
  const all = rows()
  syncOfferSearch(db, [id])
  syncOfferSearch(db)
  t.strictSame(rows(), all, 'one or all offers again: the same rows, none twice')
  db.$client.prepare('UPDATE offers SET name = ? WHERE id = ?').run(JSON.stringify({ nl: 'Consultatiebureau Zonnewijzer' }), id)
  syncOfferSearch(db, [id])
  emitOffers(db, [id], 'updated', updated_at)
  const index = offerSearch(db).current()
  t.equal(searchOffers(index, { text: parseText('zonnewijzer'), offset: 0, limit: 5 }).hits[0]?.id, id)
  t.equal(searchOffers(index, { text: parseText('seefhoek'), offset: 0, limit: 5 }).total, 1, 'the organisation keeps its name')
})

t.test('facets: an offer whose referral is not known counts in no referral type', async (t) => {
  const { app, db } = await setup(t)
  const referrals = async () => {
    const body = (await app.inject('/v1/offers?facets=true&per_page=1')).json()
    return { total: body.total_items as number, counted: (body.facets.referral as Array<{ count: number }>).reduce((sum, v) => sum + v.count, 0) }
  }
  const before = await referrals()
  t.equal(before.counted, before.total)
  const id = sampleId('offer', 'cb-seefhoek')
  const { id: _i, status, version, created_at, updated_at, published_at, verified_at, verified_by, ...input } = getOfferRecord(db, id)!
  writeOffer(db, id, { ...input, referral_type: null }, { status, version, created_at, updated_at, published_at, verified_at, verified_by })
  emitOffers(db, [id], 'updated', updated_at)
  t.strictSame(await referrals(), { total: before.total, counted: before.total - 1 })
})

t.test('equal text scores: the more local offer first, then name order', async (t) => {
  const { db } = await setup(t)
  const record = getOfferRecord(db, sampleId('offer', 'cb-seefhoek'))!
  const { id: _i, status, version, created_at, updated_at, published_at, verified_at, verified_by, contacts, ...rest } = record
  // The copies' contacts get ids of their own.
  const input = { ...rest, contacts: contacts.map(({ id: _c, ...contact }) => contact) }
  const meta = { status, version, created_at, updated_at, published_at, verified_at, verified_by }
  // Copies with the same texts as the original (which serves Antwerpen's five cells): one for all of Flanders, one for Genk alone.
  const flanders = sampleId('offer', 'kopie-vlaanderen')
  const genk = sampleId('offer', 'kopie-genk')
  writeOffer(db, flanders, { ...input, slug: 'kopie-vlaanderen', service_area: ['BE-VLG'] }, meta)
  writeOffer(db, genk, { ...input, slug: 'kopie-genk', service_area: ['71016'] }, meta)
  syncOfferSearch(db, [flanders, genk])
  emitOffers(db, [flanders, genk], 'created', updated_at)
  const index = offerSearch(db).current()
  const text = parseText('seefhoek')
  t.ok(index.ordinalById.get(genk)! > Math.min(index.ordinalById.get(flanders)!, index.ordinalById.get(record.id)!), 'the most local copy is not the first by name')
  t.strictSame(searchOffers(index, { text, offset: 0, limit: 3 }).hits.map((h) => h.id), [genk, record.id, flanders])
  t.strictSame(searchOffers(index, { text, offset: 0, limit: 1 }).hits.map((h) => h.id), [genk], 'a later, more local offer wins the tie')
})

t.test('answers written at the same time into shared buffers keep their own bytes, large pages too', async (t) => {
  // Without the response cache, every answer is written anew.
  const { app, db } = await setup(t, { sample: false, env: { SEARCH_CACHE_ENTRIES: '0' } })
  generateOffers(db, { count: 240, seed: 3, now: '2026-01-01T00:00:00.000Z' })
  // Every page of 10 and of 12, and the first two pages of 100.
  const urls = [10, 12].flatMap((size) => Array.from({ length: 240 / size }, (_, i) => `/v1/offers?per_page=${size}&page=${i + 1}`))
    .concat('/v1/offers?per_page=100', '/v1/offers?per_page=100&page=2')
  const alone: string[] = []
  for (const url of urls) alone.push((await app.inject(url)).body)
  const together = await Promise.all(urls.map((url) => app.inject(url)))
  t.strictSame(together.map((res) => res.body), alone, 'the same bytes as when asked one at a time')
  t.equal(new Set(alone).size, urls.length, 'every answer differs')
  t.ok(alone.some((body) => Buffer.byteLength(body) > 64 * 1024), 'a page larger than a quarter of a slab has a buffer of its own')
  t.ok(alone.reduce((sum, body) => sum + Buffer.byteLength(body), 0) > 2 * 256 * 1024, 'the answers fill several slabs')
})
