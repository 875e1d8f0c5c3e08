// The search engine against a plain oracle over generated data: every filter, sort, page and facet count of many random
// searches must equal what a straightforward reading of the database gives.
import fc from 'fast-check'
import t from 'tap'
import { openDb } from '../../src/db/client.js'
import { loadReference } from '../../src/db/reference.js'
import { generateOffers } from '../../src/datasets/synthetic.js'
import { loadLocationRecords } from '../../src/locations/store.js'
import { loadOfferRecords } from '../../src/offers/store.js'
import { loadOrganisationRecords } from '../../src/organisations/store.js'
import { type OfferQuery, searchOffers } from '../../src/search/engine.js'
import { FACET_DIMENSIONS } from '../../src/search/facets.js'
import { listOrganisations } from '../../src/search/organisations.js'
import { offerSearch } from '../../src/search/service.js'
import { parseText } from '../../src/search/text.js'
import { nextTurn } from '../helpers/app.js'

const db = openDb(':memory:')
loadReference(db)
generateOffers(db, { count: 700, seed: 7, now: '2026-01-01T00:00:00.000Z' })
// Spread the update times, so newest-first is an order of its own.
db.$client.prepare('UPDATE offers SET updated_at = strftime(\'%Y-%m-%dT%H:%M:%fZ\', \'2026-01-01\', \'-\' || (rowid % 97) || \' hours\')').run()
db.$client.prepare('INSERT INTO change_feed (entity_kind, entity_id, action, reason, at) VALUES (\'offer\', \'x\', \'delete\', \'updated\', \'2026-01-02\')').run()
t.teardown(() => db.$client.close())

const sql = <T>(query: string, ...params: unknown[]) => db.$client.prepare(query).all(...params) as T[]
const organisations = new Map(loadOrganisationRecords(db).map((o) => [o.id, o]))
const locations = new Map(loadLocationRecords(db).map((l) => [l.id, l]))
const visible = loadOfferRecords(db).filter((o) => o.status === 'published' && organisations.get(o.organisation_id)!.status === 'published')
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
/** The index's own order: by Dutch name, then id. */
const byName = (a: { name: { nl: string }, id: string }, b: { name: { nl: string }, id: string }) =>
  fold(a.name.nl) < fold(b.name.nl) ? -1 : fold(a.name.nl) > fold(b.name.nl) ? 1 : a.id < b.id ? -1 : 1

// Places as pairs of municipality and zone (Antwerpen has five); a region covers the pairs of its postcodes.
const whole = new Map<string, string[]>()
for (const a of sql<{ region_code: string, ancestor_code: string }>('SELECT region_code, ancestor_code FROM region_ancestors WHERE partial = 0')) {
  whole.set(a.region_code, [...(whole.get(a.region_code) ?? []), a.ancestor_code])
}
const places = sql<{ postcode: string, municipality_code: string, eerstelijnszone_code: string | null }>('SELECT postcode, municipality_code, eerstelijnszone_code FROM postcodes')
  .map((p) => ({ ...p, key: `${p.municipality_code}|${p.eerstelijnszone_code}`, in: new Set([p.municipality_code, ...(whole.get(p.municipality_code) ?? []), ...(p.eerstelijnszone_code ? [p.eerstelijnszone_code, ...(whole.get(p.eerstelijnszone_code) ?? [])] : [])]) }))
const coverage = new Map<string, Set<string>>()
const coveredBy = (codes: string[]) => {
  const key = codes.join(',')
  if (!coverage.has(key)) coverage.set(key, new Set(places.filter((p) => codes.some((c) => p.in.has(c))).map((p) => p.key)))
  return coverage.get(key)!
}
const REMOTE = new Set(['online', 'phone', 'chat'])
const remoteOnly = (o: typeof visible[number]) => o.modes.length > 0 && o.modes.every((m) => REMOTE.has(m))
const careParents = new Map(sql<{ code: string, parent_code: string | null }>('SELECT code, parent_code FROM care_types').map((c) => [c.code, c.parent_code]))
const careLine = (code: string) => { const line = []; for (let c: string | null = code; c; c = careParents.get(c)!) line.push(c); return line }
const phases = new Map(sql<{ code: string, kind: string, from_month: number | null, to_month: number | null }>('SELECT code, kind, from_month, to_month FROM phases').map((p) => [p.code, p]))
const overlaps = (o: { from_month: number | null, to_month: number | null }, from: number | null, to: number | null) => {
  const a = o.from_month ?? -Infinity; const b = o.to_month ?? Infinity; const p = from ?? -Infinity; const q = to ?? Infinity
  return q - p < 1 ? a <= q && b >= p : a < q && b > p
}
const km = (lat1: number, lng1: number, lat2: number, lng2: number) => {
  const r = Math.PI / 180
  const h = Math.sin((lat2 - lat1) * r / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin((lng2 - lng1) * r / 2) ** 2
  return 2 * 6371.0088 * Math.asin(Math.sqrt(h))
}
const points = (o: typeof visible[number]) => o.location_ids.map((id) => locations.get(id)!).filter((l) => l.status === 'published' && l.latitude !== null)
const nearest = (o: typeof visible[number], lat: number, lng: number) => Math.min(...points(o).map((l) => km(lat, lng, l.latitude!, l.longitude!)))
const matches = new Map<string, Set<string>>()
const ftsMatches = (term: string) => {
  if (!matches.has(term)) matches.set(term, new Set(sql<{ offer_id: string }>('SELECT offer_id FROM offer_search WHERE offer_search MATCH ?', `"${term}"*`).map((r) => r.offer_id)))
  return matches.get(term)!
}

/** A value that may not be known: no value then, so no filter or facet matches it. */
const known = (value: string | null) => (value === null ? [] : [value])

/** The oracle: which visible offers a query keeps (text as FTS5 finds each word), before sorting. */
function oracle (q: OfferQuery) {
  const cells = q.regions && coveredBy(q.regions)
  const postcodeCells = q.postcodes && new Set(places.filter((p) => q.postcodes!.includes(p.postcode)).map((p) => p.key))
  const words = (q.text?.terms ?? []).map(ftsMatches)
  const any = (list: string[] | undefined, values: string[]) => list === undefined || list.some((v) => values.includes(v))
  return visible.filter((o) => {
    const serves = (wanted: Set<string>) => remoteOnly(o) || [...coveredBy(o.service_area)].some((c) => wanted.has(c))
    return (cells === undefined || serves(cells)) &&
      (postcodeCells === undefined || serves(postcodeCells)) &&
      (q.radiusKm === undefined || nearest(o, q.centre!.latitude, q.centre!.longitude) <= q.radiusKm) &&
      (q.phases === undefined || q.phases.some((p) => overlaps(o, phases.get(p)!.from_month, phases.get(p)!.to_month))) &&
      (q.months === undefined || q.months.some((m) => overlaps(o, m.from, m.to))) &&
      any(q.careTypes, careLine(o.care_type)) && any(q.roles, o.roles) && any(q.targetGroups, o.target_groups) &&
      any(q.languages, o.languages) && any(q.modes, o.modes) && any(q.costs, known(o.cost_type)) && any(q.referrals, known(o.referral_type)) &&
      (!q.crisis || o.crisis_24_7 || o.urgent_intake) && (!q.babyWelcome || o.baby_welcome) &&
      (q.organisationIds === undefined || q.organisationIds.includes(o.organisation_id)) &&
      (q.modifiedAfter === undefined || Date.parse(o.updated_at) > Date.parse(q.modifiedAfter)) &&
      words.every((w) => w.has(o.id))
  })
}

const index = offerSearch(db).current()
const search = (q: OfferQuery) => searchOffers(index, q)
/** Mostly absent, so that several filters together still find offers. */
const sometimes = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ arbitrary: fc.constant(undefined), weight: 4 }, { arbitrary: arb, weight: 1 })
const pick = <T>(values: readonly T[]) => sometimes(fc.uniqueArray(fc.constantFrom(...values), { minLength: 1, maxLength: 3 }))
const used = (list: string[][]) => [...new Set(list.flat())].sort()

t.test('random searches equal the oracle: totals, members, names order, facets', async (t) => {
  const regionCodes = ['BE-VLG', 'BE-BRU', 'BE-VAN', 'BE-VOV', 'BE-WAL', 'elz-antwerpen-noord', 'elz-brugge', '11002', '44021', '21004', '71016', '46029']
  const query = fc.record({
    regions: pick(regionCodes),
    postcodes: pick(['2060', '2150', '9000', '1000', '3600', '8500']),
    phases: pick([...phases.keys()]),
    months: sometimes(fc.array(fc.record({ from: fc.option(fc.integer({ min: -12, max: 72 }), { nil: null }), to: fc.option(fc.integer({ min: -12, max: 72 }), { nil: null }) }), { minLength: 1, maxLength: 2 })),
    careTypes: pick(['ggz', 'preventie', 'vroedvrouw', 'kinderopvang', 'welzijn', 'elp_psycholoog']),
    roles: pick(used(visible.map((o) => o.roles))),
    targetGroups: pick(used(visible.map((o) => o.target_groups))),
    languages: pick(['nl', 'fr', 'en', 'ar', 'tr']),
    modes: pick(['onsite', 'home', 'online', 'phone', 'group']),
    costs: pick(['free', 'paid', 'riziv_reimbursed', 'income_related']),
    referrals: pick(['none', 'recommended', 'required']),
    crisis: sometimes(fc.boolean()),
    babyWelcome: sometimes(fc.boolean()),
    text: sometimes(fc.constantFrom('angst', 'ouders', 'borstvoeding', 'praktijk', 'vroedvrouw hechting', 'zwanger', 'depressie stress').map(parseText)),
    offset: fc.constantFrom(0, 0, 3, 20),
    limit: fc.constantFrom(5, 20, 100)
  }, { requiredKeys: ['offset', 'limit'] })
  let nonEmpty = 0
  fc.assert(fc.property(query, (q) => {
    const want = oracle(q)
    const got = searchOffers(index, { ...q, sort: 'name', facets: true })
    if (want.length > 0) nonEmpty++
    t.equal(got.total, want.length)
    t.strictSame(got.hits.map((h) => h.id), [...want].sort(byName).slice(q.offset, q.offset + q.limit).map((o) => o.id))
    // Facets: each dimension without its own filter.
    const withoutOwn = {
      phase: oracle({ ...q, phases: undefined, months: undefined }), care_type: oracle({ ...q, careTypes: undefined }), province: want,
      language: oracle({ ...q, languages: undefined }), mode: oracle({ ...q, modes: undefined }), cost: oracle({ ...q, costs: undefined }),
      role: oracle({ ...q, roles: undefined }), referral: oracle({ ...q, referrals: undefined }), crisis: oracle({ ...q, crisis: undefined })
    }
    const cost = (o: typeof visible[number]) => known(o.cost_type)
    const atomic = [...phases.values()].filter((p) => p.kind === 'atomic')
    const values = {
      phase: (o: typeof visible[number]) => atomic.filter((p) => overlaps(o, p.from_month, p.to_month)).map((p) => p.code),
      care_type: (o: typeof visible[number]) => careLine(o.care_type),
      province: null,
      language: (o: typeof visible[number]) => o.languages,
      mode: (o: typeof visible[number]) => o.modes,
      cost,
      role: (o: typeof visible[number]) => o.roles,
      referral: (o: typeof visible[number]) => known(o.referral_type),
      crisis: (o: typeof visible[number]) => (o.crisis_24_7 === true || o.urgent_intake === true ? ['true'] : [])
    }
    for (const dimension of FACET_DIMENSIONS) {
      const of = values[dimension]
      if (of === null) continue
      const counts = new Map<string, number>()
      for (const o of withoutOwn[dimension]) for (const v of of(o)) counts.set(v, (counts.get(v) ?? 0) + 1)
      for (const v of got.facets![dimension]) t.equal(v.count, counts.get(v.code) ?? 0, `${dimension} ${v.code}`)
      t.equal(got.facets![dimension].filter((v) => v.count > 0).length, counts.size, `${dimension}: every value with offers`)
    }
  }), { numRuns: 150, seed: 42 })
  t.ok(nonEmpty > 75, `most searches find something (${nonEmpty})`)
})

t.test('sorts: relevance, distance, updated, name in other languages; deep pages', async (t) => {
  const all = searchOffers(index, { offset: 0, limit: 10000 })
  t.equal(all.total, visible.length)
  t.strictSame(all.hits.map((h) => h.id).sort(), visible.map((o) => o.id).sort())

  const newest = [...visible].sort((a, b) => Date.parse(b.updated_at) - Date.parse(a.updated_at) || byName(a, b))
  for (const [offset, limit] of [[0, 10], [100, 25]] as const) {
    t.strictSame(search({ sort: 'updated', offset, limit }).hits.map((h) => h.id), newest.slice(offset, offset + limit).map((o) => o.id), `updated ${offset}`)
  }
  const fewNewest = oracle({ roles: ['vroedvrouw'], offset: 0, limit: 5 }).sort((a, b) => Date.parse(b.updated_at) - Date.parse(a.updated_at) || byName(a, b))
  t.strictSame(search({ roles: ['vroedvrouw'], sort: 'updated', offset: 0, limit: 5 }).hits.map((h) => h.id), fewNewest.slice(0, 5).map((o) => o.id), 'few candidates: sorted directly')

  for (const lang of ['fr', 'en'] as const) {
    const names = (o: typeof visible[number]) => fold(o.name[lang] ?? o.name.nl)
    const want = [...visible].sort((a, b) => (names(a) < names(b) ? -1 : names(a) > names(b) ? 1 : byName(a, b))).map((o) => o.id)
    t.strictSame(search({ sort: 'name', lang, offset: 40, limit: 30 }).hits.map((h) => h.id), want.slice(40, 70), `name in ${lang}`)
    const free = oracle({ costs: ['paid'], offset: 0, limit: 0 }).map((o) => o.id)
    t.strictSame(search({ sort: 'name', lang, costs: ['paid'], offset: 0, limit: 1000 }).hits.map((h) => h.id), want.filter((id) => free.includes(id)), `few, by name in ${lang}`)
  }

  const centre = { latitude: 51.05, longitude: 3.72 }
  const around = search({ centre, radiusKm: 40, sort: 'distance', offset: 0, limit: 1000 })
  const want = oracle({ centre, radiusKm: 40, offset: 0, limit: 0 }).map((o) => ({ ...o, d: nearest(o, centre.latitude, centre.longitude) }))
    .sort((a, b) => a.d - b.d || byName(a, b))
  t.equal(around.total, want.length)
  t.ok(around.total > 10)
  t.strictSame(around.hits.map((h) => h.id), want.map((w) => w.id))
  around.hits.forEach((h, i) => t.equal(h.distanceKm, Math.round(want[i]!.d * 10) / 10))
  // A centre and radius asked for a second time are kept, with their offers in order of distance, and later searches
  // read them from there: the same answers as the first, scanned, search (paged and filtered, by distance or not).
  const paged: OfferQuery = { centre, radiusKm: 25, phases: ['baby'], sort: 'distance', offset: 5, limit: 7 }
  const named: OfferQuery = { centre, radiusKm: 25, sort: 'name', offset: 0, limit: 50 }
  const scanned = [search(paged), search(named)]
  t.ok(scanned[0]!.hits.length === 7 && scanned[1]!.hits.every((h) => typeof h.distanceKm === 'number'))
  t.strictSame([search(paged), search(named)], scanned, 'from the kept radius')
  t.strictSame([search(named), search(paged)], [...scanned].reverse(), 'and again')
  const wide = search({ centre: { latitude: 50.85, longitude: 4.35 }, radiusKm: 300, offset: 0, limit: 5, sort: 'distance' })
  t.equal(wide.total, visible.filter((o) => points(o).length > 0).length, 'a 300 km radius reaches every located offer')
  const remote = search({ centre, regions: ['BE-WAL'], sort: 'distance', offset: 0, limit: 1000 })
  const remoteWant = visible.filter(remoteOnly).map((o) => ({ ...o, d: points(o).length === 0 ? Infinity : nearest(o, centre.latitude, centre.longitude) }))
    .sort((a, b) => a.d - b.d || byName(a, b))
  t.ok(remoteWant.some((o) => o.d === Infinity) && remoteWant.some((o) => o.d < Infinity))
  t.strictSame(remote.hits.map((h) => [h.id, h.distanceKm]), remoteWant.map((o) => [o.id, o.d === Infinity ? null : Math.round(o.d * 10) / 10]), 'only remote-only offers; unlocated ones last, without distance')

  const broad = parseText('ouders')
  const scored = search({ text: broad, offset: 0, limit: 1000 })
  t.equal(scored.total, oracle({ text: broad, offset: 0, limit: 0 }).length)
  const bm25 = new Map(sql<{ offer_id: string, score: number }>('SELECT offer_id, -bm25(offer_search, 0, 10, 4, 2, 1) AS score FROM offer_search WHERE offer_search MATCH \'"ouders"*\'').map((r) => [r.offer_id, r.score]))
  const scores = scored.hits.map((h) => bm25.get(h.id)!)
  t.strictSame(scores, [...scores].sort((a, b) => b - a), 'by bm25, best first')
  const narrow = search({ text: broad, roles: ['lactatiekundige'], offset: 0, limit: 3 })
  t.strictSame(narrow.hits.map((h) => h.id), scored.hits.map((h) => h.id).filter((id) => narrow.hits.some((n) => n.id === id) || oracle({ text: broad, roles: ['lactatiekundige'], offset: 0, limit: 0 }).some((o) => o.id === id)).slice(0, 3), 'few candidates: the same order')
  const two = parseText('ouders praktijk')
  const both = search({ text: two, offset: 0, limit: 1000 })
  const isVisible = new Set(visible.map((o) => o.id))
  const sum = new Map(sql<{ offer_id: string, score: number }>('SELECT offer_id, -bm25(offer_search, 0, 10, 4, 2, 1) AS score FROM offer_search WHERE offer_search MATCH \'"ouders"* "praktijk"*\'')
    .filter((r) => isVisible.has(r.offer_id)).map((r) => [r.offer_id, r.score]))
  t.equal(both.total, sum.size)
  const twoScores = both.hits.map((h) => sum.get(h.id)!)
  t.strictSame(twoScores, [...twoScores].sort((a, b) => b - a), 'two words: by the sum of their scores, as FTS5 ranks the AND')

  // A rare word: scores found among its few hits rather than in a dense array.
  const rare = ['tielt', 'ieper', 'lier', 'geel', 'mol', 'diest', 'ronse', 'eeklo', 'lokeren', 'tienen'].map(parseText).find((w) => {
    const n = ftsMatches(w.terms[0]!).size
    return n >= 3 && n * 32 < index.size
  })!
  const rareScores = new Map(sql<{ offer_id: string, score: number }>('SELECT offer_id, -bm25(offer_search, 0, 10, 4, 2, 1) AS score FROM offer_search WHERE offer_search MATCH ?', `"${rare.terms[0]}"*`).map((r) => [r.offer_id, r.score]))
  const rareHits = search({ text: rare, offset: 0, limit: 100 }).hits.map((h) => rareScores.get(h.id)!)
  t.ok(rareHits.length >= 2)
  t.strictSame(rareHits, [...rareHits].sort((a, b) => b - a), 'a rare word: by bm25 too')
  t.strictSame(search({ offset: visible.length, limit: 10 }).hits, [], 'past the end')
  // With a place and no text: the offers serving the fewest places first (remote-only ones after all), then by name.
  const cells = new Set(places.map((p) => p.key)).size
  const breadth = (o: typeof visible[number]) => (remoteOnly(o) ? cells + 1 : coveredBy(o.service_area).size)
  // The place's members are walked most local first, or (few candidates in a large place) the candidates selected.
  const cases: Array<[Partial<OfferQuery>, number, number]> = [[{ regions: ['44021'] }, 0, 20], [{ regions: ['BE-VAN'] }, 7, 30], [{ regions: ['11002', '71016'] }, 0, 200],
    [{ postcodes: ['9000'] }, 3, 10], [{ regions: ['BE-VLG'], roles: ['lactatiekundige'], costs: ['free'] }, 0, 20]]
  for (const [filter, offset, limit] of cases) {
    const local = oracle({ ...filter, offset: 0, limit: 0 }).sort((a, b) => breadth(a) - breadth(b) || byName(a, b))
    t.ok(local.length > offset)
    t.strictSame(search({ ...filter, offset, limit }).hits.map((h) => h.id), local.slice(offset, offset + limit).map((o) => o.id), `most local first in ${JSON.stringify(filter)}`)
  }
})

t.test('organisations by name, ties by id', async (t) => {
  const listed = listOrganisations(index, {}, 'nl', 0, 100000).rows
  const names = listed.map((o) => fold(o.name))
  t.strictSame(names, [...names].sort())
  t.ok(names.some((n, i) => n === names[i - 1]), 'some organisations share a name')
  listed.forEach((o, i) => { if (i > 0 && fold(o.name) === fold(listed[i - 1]!.name)) t.ok(o.id > listed[i - 1]!.id) })
})

t.test('organisations, updated-after and month ranges, as the HSDS facade uses them', async (t) => {
  const organisation = visible[0]!.organisation_id
  const own = search({ organisationIds: [organisation, 'not-an-organisation'], offset: 0, limit: 100 })
  t.strictSame(own.hits.map((h) => h.id).sort(), visible.filter((o) => o.organisation_id === organisation).map((o) => o.id).sort())
  const after = '2025-12-31T20:00:00.000Z'
  t.equal(search({ modifiedAfter: after, offset: 0, limit: 0 }).total, visible.filter((o) => o.updated_at >= after).length, 'on or after, as HSDS says')
  t.equal(search({ months: [{ from: 12, to: 36 }], offset: 0, limit: 0 }).total, oracle({ months: [{ from: 12, to: 36 }], offset: 0, limit: 0 }).length)
  t.equal(search({ phases: ['no-such-phase'], offset: 0, limit: 0 }).total, 0, 'unknown codes find nothing (the HTTP layer rejects them first)')
  t.equal(search({ regions: ['nowhere'], offset: 0, limit: 0 }).total, visible.filter(remoteOnly).length)
})

t.test('the index follows the feed; caches are per index', async (t) => {
  const service = offerSearch(db)
  const before = service.current()
  t.equal(service.current(), before, 'no change: the same index')
  db.$client.prepare('INSERT INTO change_feed (entity_kind, entity_id, action, reason, at) VALUES (\'offer\', \'y\', \'delete\', \'updated\', \'2026-01-03\')').run()
  await nextTurn()
  const after = service.current()
  t.not(after, before)
  t.equal(after.position, before.position + 1)
})
