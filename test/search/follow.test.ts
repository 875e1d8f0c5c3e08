// The oracle of the followed index: after any sequence of curation steps through the API, the index the service
// brought up to date from the change feed answers every search exactly as an index built afresh from the database.
import fc from 'fast-check'
import { isDeepStrictEqual } from 'node:util'
import t from 'tap'
import { type App, buildApp } from '../../src/app.js'
import { type Db, openDb, searchRowsSince, searchRowsVersion, searchRowsWritten } from '../../src/db/client.js'
import { OfferSearchQuery } from '../../src/offers/public-schemas.js'
import { type OfferQuery, searchOffers } from '../../src/search/engine.js'
import { syncOfferSearch } from '../../src/offers/search-text.js'
import { FOLLOW_LIMITS } from '../../src/search/follow.js'
import { SearchIndex } from '../../src/search/index.js'
import { resolveOfferQuery } from '../../src/search/params.js'
import { offerSummary, offerSummariesJson, resultPageJson } from '../../src/search/render.js'
import { offerSearch } from '../../src/search/service.js'
import { termHits } from '../../src/search/text.js'
import { hasBit } from '../../src/search/bitset.js'
import { setup, testConfig } from '../helpers/app.js'
import { copyOf, testDatabase } from '../helpers/database.js'
import { seededDatabase, tempDir } from '../helpers/server.js'
import { call, keyFor, locationBody, OTHER, OWN, offerBody, organisationBody } from '../helpers/curation.js'

/** Searches over every structure of the index: filters, places, text, distance, facets and each sort. */
const SEARCHES = [
  '', 'sort=updated', 'lang=fr&sort=name', 'facets=true', 'postcode=2060&facets=true', 'region=BE-VAN&phase=baby', 'region=11002',
  'care_type=lotgenotengroep,kg_consultatiebureau&facets=true', 'language=fr', 'mode=online', 'cost=free', 'age_months=6',
  'read_q=false&q=ouders', 'read_q=false&q=ouders&facets=true', 'read_q=false&q=groep&postcode=9000', 'near=51.2,4.42&radius_km=30', 'near=51.05,3.72&radius_km=100&sort=distance',
  'postcode=2000&sort=distance', `organisation=${OWN.organisation},${OTHER.organisation}`, 'crisis=true', 'modified_after=2026-01-01T00:00:00Z',
  'accepting_new=true', 'access=interpreter', 'open_at=2026-12-08T10:00:00%2B01:00', 'open_at=2026-12-25T10:00:00%2B01:00&facets=true'
]

/** Searches the one box makes (any of the words, needs, helplines), given to the engine as they are. */
const QUESTIONS: Array<Partial<OfferQuery>> = [
  { text: { terms: ['ouders', 'groep'], any: true }, postcodes: ['9000'] },
  { needs: [{ codes: ['crisis', 'care_type:lotgenotengroep'], words: [['ouders'], ['groep', 'kinderen']] }], phases: ['baby'], facets: true },
  { nationalLines: true, text: { terms: ['ouders'], any: true, rank: true } }
]

function answers (index: SearchIndex) {
  const questions = QUESTIONS.map((question) => {
    const { total, hits, facets } = searchOffers(index, { ...question, offset: 0, limit: 100 })
    return { question, total, hits: hits.map(({ id }) => id), facets }
  })
  // Rankings hide small score differences: the scores themselves, of a broad and a narrower word.
  const scores = ['ouders', 'groep', 'kinderen'].map((word) => ({ word, scores: Array.from(termHits(index, word).scores) }))
  return [...questions, ...scores, ...SEARCHES.map((search) => {
    try {
      const query = resolveOfferQuery(index, OfferSearchQuery.parse({ per_page: '100', ...Object.fromEntries(new URLSearchParams(search)) }), 'nl')
      const { total, hits, facets } = searchOffers(index, { ...query, offset: 0, limit: 100 })
      return { search, total, hits: hits.map(({ id, distanceKm }) => ({ id, distanceKm })), facets }
    } catch (err) {
      // An organisation that is not published (any more) is an unknown code: a 404 of the API.
      return { search, error: String(err) }
    }
  })]
}

/**
 * What an index built afresh answers, on a copy of the database in a connection of its own: what is kept per connection
 * (the text's rows and counts, src/search/text.ts) is read from scratch too.
 */
function fresh<T> (db: Db, ref: SearchIndex['ref'], position: number, read: (index: SearchIndex) => T): T {
  const copy = copyOf(db)
  try {
    return read(new SearchIndex(copy, ref, position))
  } finally {
    copy.$client.close()
  }
}

/**
 * What the public sees of every offer: its summary (organisation, places, codes, flags) from the index, the JSON a
 * page is joined from, and a page of them all with their open states at a fixed moment: what a followed index takes
 * over from the one before for the offers a change did not name.
 */
const OPEN_AT = new Date('2026-12-07T09:30:00Z')
const summaries = (index: SearchIndex) => [
  ...index.ids.map((_, i) => [offerSummary(index, i, 'nl'), offerSummariesJson(index, [i], 'fr', '2026-12-07')[0]!.toString()]),
  resultPageJson(index, { total: index.size, hits: index.ids.map((id, ordinal) => ({ id, ordinal })) }, 'nl', 1, Math.max(1, index.size), { openAt: OPEN_AT }).toString()
]

const NAMES = ['Babbelgroep', 'babbelgroep', 'Ápart', 'Zorg aan huis', 'Oudergroep']
const PLACES = ['11002', '44021', 'BE-VLG', 'BE-VOV', '21004']

type Model = { db: Db, offers: string[], organisations: string[], locations: string[], created: number }

/** The locations an offer of this organisation may use. */
const placesOf = (model: Model, organisation: string) =>
  model.db.$client.prepare('SELECT id FROM locations WHERE organisation_id = ? ORDER BY id').pluck().all(organisation) as string[]
const organisationOf = (model: Model, offer: string) => model.db.$client.prepare('SELECT organisation_id FROM offers WHERE id = ?').pluck().get(offer) as string

/** One curation step, as an admin would take it; a refusal (a 4xx) is a step too. */
type Step = (app: App, key: string, model: Model) => Promise<number>

const pick = <T>(list: T[], n: number) => list[n % list.length]!
const patch = (app: App, key: string, url: string, body: unknown) => call(app, key, 'PATCH', url, body, { 'if-match': '*' })
const post = (app: App, key: string, url: string) => call(app, key, 'POST', url, undefined, { 'if-match': '*' })

const steps = (careTypes: string[]): fc.Arbitrary<[string, Step]> => fc.oneof(
  fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.boolean()).map(([n, c, p, publish]): [string, Step] => [`create ${n} ${c} ${p}`, async (app, key, model) => {
    const slug = `neu-${model.created++}-${n}`
    const organisation = pick(model.organisations, n)
    const places = placesOf(model, organisation)
    const made = await call(app, key, 'POST', '/v1/admin/offers', offerBody(organisation, {
      slug, name: { nl: pick(NAMES, n), fr: `Nom ${n % 3}` }, care_type: pick(careTypes, c), service_area: [pick(PLACES, p)],
      languages: n % 2 === 0 ? ['nl'] : ['fr', 'nl'], modes: n % 3 === 0 ? ['online'] : ['onsite'], location_ids: places.length === 0 ? [] : [pick(places, p)],
      from_month: (n % 5) * 6 - 9, to_month: n % 4 === 0 ? null : (n % 5) * 6 + 12
    }))
    if (made.status !== 201) return made.status
    model.offers.push(made.body.id)
    return publish ? (await post(app, key, `/v1/admin/offers/${made.body.id}/publish`)).status : made.status
  }]),
  fc.tuple(fc.nat(), fc.nat(), fc.constantFrom('name', 'care_type', 'service_area', 'languages', 'modes', 'cost', 'months', 'description', 'place', 'first_step', 'hours'))
    .map(([n, v, field]): [string, Step] => [`patch ${n} ${field} ${v}`, async (app, key, model) => {
      const body = {
        name: { name: { nl: pick(NAMES, v) } },
        care_type: { care_type: pick(careTypes, v) },
        service_area: { service_area: [pick(PLACES, v), pick(PLACES, v + 2)] },
        languages: { languages: v % 2 === 0 ? ['en', 'nl'] : ['nl'] },
        modes: { modes: v % 2 === 0 ? ['phone'] : ['onsite', 'group'] },
        cost: { cost_type: v % 2 === 0 ? 'paid' : 'free', crisis_24_7: v % 3 === 0 },
        months: { from_month: v % 12, to_month: v % 12 + 3 },
        description: { description: { nl: `Ouders en kinderen ${v}` } },
        place: { location_ids: placesOf(model, organisationOf(model, pick(model.offers, n))).slice(v % 2) },
        first_step: { accepting_new: v % 2 === 0 ? 'yes' : 'no', interpreter_on_request: v % 3 === 0 },
        hours: {
          opening_hours: [{ weekday: 1 + v % 2, opens: '09:00', closes: '12:00' }], open_on_holidays: v % 3 === 0,
          hours_exceptions: v % 2 === 0 ? [{ from: '2026-12-08', to: '2026-12-08', closed: true }] : []
        }
      }[field]
      return (await patch(app, key, `/v1/admin/offers/${pick(model.offers, n)}`, body)).status
    }]),
  fc.tuple(fc.nat(), fc.constantFrom('publish', 'unpublish', 'archive', 'draft')).map(([n, to]): [string, Step] => [`${to} offer ${n}`, async (app, key, model) =>
    (await post(app, key, `/v1/admin/offers/${pick(model.offers, n)}/${to}`)).status]),
  fc.nat().map((n): [string, Step] => [`erase offer ${n}`, async (app, key, model) => {
    const id = pick(model.offers, n)
    const erased = await call(app, key, 'DELETE', `/v1/admin/offers/${id}?erase=true`)
    if (erased.status === 204) model.offers.splice(model.offers.indexOf(id), 1)
    return erased.status
  }]),
  fc.tuple(fc.nat(), fc.constantFrom('rename', 'publish', 'unpublish')).map(([n, what]): [string, Step] => [`${what} organisation ${n}`, async (app, key, model) => {
    const url = `/v1/admin/organisations/${pick(model.organisations, n)}`
    return (what === 'rename' ? await patch(app, key, url, { name: { nl: `Organisatie ${pick(NAMES, n)}` } }) : await post(app, key, `${url}/${what}`)).status
  }]),
  fc.tuple(fc.nat(), fc.constantFrom('move', 'publish', 'unpublish')).map(([n, what]): [string, Step] => [`${what} location ${n}`, async (app, key, model) => {
    const url = `/v1/admin/locations/${pick(model.locations, n)}`
    const res = what === 'move' ? await patch(app, key, url, { ...(n % 2 === 0 ? { postcode: '9000', municipality_code: '44021' } : { postcode: '2000', municipality_code: '11002' }), latitude: 51 + (n % 7) / 10, longitude: 4 + (n % 5) / 10 }) : await post(app, key, `${url}/${what}`)
    return res.status
  }]),
  fc.nat().map((n): [string, Step] => [`import ${n}`, async (app, key, model) => {
    const rows = [0, 1, 2].map((k) => `imp-${model.created++}-${k};${OWN.organisation};${pick(NAMES, n + k)};Beschrijving;${pick(careTypes, n + k)};0;12;nl;group;${pick(PLACES, n + k)};free`)
    const csv = ['slug;organisation_id;name_nl;description_nl;care_type;from_month;to_month;languages;modes;service_area;cost_type', ...rows].join('\n')
    const res = await app.inject({ method: 'POST', url: '/v1/admin/import?dry_run=false&publish=true', headers: { 'x-api-key': key, 'content-type': 'text/csv' }, payload: csv })
    if (res.statusCode === 201) model.offers.push(...res.json().ids)
    return res.statusCode
  }])
)

t.test('the followed index answers every search as a fresh build does, after any curation steps', async (t) => {
  const { app, db } = await setup(t)
  const key = keyFor(db, 'admin')
  const all = (sql: string) => db.$client.prepare(sql).pluck().all() as string[]
  const careTypes = all('SELECT code FROM care_types c WHERE NOT EXISTS (SELECT 1 FROM care_types d WHERE d.parent_code = c.code) ORDER BY code LIMIT 6')
  const search = offerSearch(db)
  const statuses: Record<number, number> = {}
  let compared = 0
  const property = fc.asyncProperty(fc.array(steps(careTypes), { minLength: 1, maxLength: 8 }), async (sequence) => {
    const model: Model = { db, offers: all('SELECT id FROM offers ORDER BY id'), organisations: all('SELECT id FROM organisations ORDER BY id'), locations: all('SELECT id FROM locations ORDER BY id'), created: 0 }
    for (const [name, step] of sequence) {
      const status = await step(app, key, model)
      statuses[status] = (statuses[status] ?? 0) + 1
      if (status >= 500) throw new Error(`${name}: ${status}`)
      const followed = search.current()
      const [got, want] = [answers(followed), fresh(db, search.ref, followed.position, answers)]
      const differs = got.findIndex((answer, k) => !isDeepStrictEqual(answer, want[k]))
      if (differs >= 0) throw new Error(`after ${name}: ${JSON.stringify(got[differs]).slice(0, 1500)} instead of ${JSON.stringify(want[differs]).slice(0, 1500)}`)
      if (!isDeepStrictEqual(summaries(followed), fresh(db, search.ref, followed.position, summaries))) throw new Error(`after ${name}: the offers' summaries differ`)
      compared++
    }
  })
  // Each run starts from the directory that the runs before it left: no shrinking, the failing sequence is reported as it came.
  const seed = process.env.FOLLOW_SEED === undefined ? Date.now() : Number(process.env.FOLLOW_SEED)
  const outcome = await fc.check(property, { numRuns: Number(process.env.FOLLOW_RUNS ?? 8), seed, endOnFailure: true })
  t.notOk(outcome.failed, `seed ${seed}: ${String(outcome.errorInstance ?? '')}`)
  t.ok(compared >= 10, `the indexes were compared after ${compared} steps`)
  t.ok((statuses[200] ?? 0) + (statuses[201] ?? 0) + (statuses[204] ?? 0) >= 8, `steps were taken: ${JSON.stringify(statuses)}`)
  t.ok(search.followed.applied >= 10, `changes were followed, not built: ${JSON.stringify(search.followed)}`)
})

t.test('a draft\'s search row, which no feed entry announces, makes the scores read before it stale', async (t) => {
  const { app, db } = await setup(t)
  const key = keyFor(db, 'admin')
  const search = offerSearch(db)
  const index = search.current()
  const before = termHits(index, 'ouders').scores.slice()
  const made = await call(app, key, 'POST', '/v1/admin/offers', offerBody(OWN.organisation, { slug: 'concept-ouders', name: { nl: 'Ouders en ouders' } }))
  t.equal(made.status, 201)
  t.equal(search.current(), index, 'a draft leaves the public index as it was')
  const after = termHits(index, 'ouders').scores
  t.notSame(after, before, 'bm25 reads the whole table: a new row moves every score')
  t.same(after, fresh(db, search.ref, index.position, (built) => termHits(built, 'ouders').scores), 'the scores are those a fresh build reads')
})

t.test('a change that writes no search row keeps the words\' hits: the next index takes them over, each set a copy', async (t) => {
  const { app, db } = await setup(t)
  const key = keyFor(db, 'admin')
  const search = offerSearch(db)
  const index = search.current()
  const before = termHits(index, 'ouders')
  const facets = async () => (await app.inject('/v1/offers?read_q=false&q=ouders&facets=true')).json().facets.cost
  const costs = await facets()
  const offer = index.ids[before.ordinals[0]!]!
  const stored = await call(app, key, 'GET', `/v1/admin/offers/${offer}`)
  t.equal((await patch(app, key, `/v1/admin/offers/${offer}`, { cost_type: stored.body.cost_type === 'free' ? 'paid' : 'free' })).status, 200)
  const followed = search.current()
  t.not(followed, index, 'the change was followed')
  const after = termHits(followed, 'ouders')
  t.equal(after.scores, before.scores, 'the scores were taken over, not worked out again')
  t.not(after.bits, before.bits, 'the set is a copy: its facet counts are counted again')
  t.same(after.bits, before.bits, 'with the same offers')
  t.notSame(await facets(), costs, 'the word\'s cost counts moved with the change')
  t.same(after.scores, fresh(db, search.ref, followed.position, (built) => termHits(built, 'ouders').scores), 'as a fresh build scores them')
})

t.test('an offer that now serves a wider area and older children is followed in place, its place and age sets made again', async (t) => {
  const { app, db } = await setup(t)
  const key = keyFor(db, 'admin')
  const search = offerSearch(db)
  const finds = async (query: string) => ((await app.inject(`/v1/offers?${query}&per_page=100`)).json().contents as Array<{ id: string }>).some((o) => o.id === OWN.offer)
  // Both sets are made, and kept with the index, before the change.
  t.notOk(await finds('region=44021'), 'not in Gent')
  t.ok(await finds('age_months=2'), 'for a baby of two months')
  const applied = search.followed.applied
  t.equal((await patch(app, key, `/v1/admin/offers/${OWN.offer}`, { service_area: ['11002', '44021'], from_month: 6 })).status, 200)
  t.ok(await finds('region=44021'), 'in Gent now')
  t.notOk(await finds('age_months=2'), 'no longer for a baby of two months')
  t.equal(search.followed.applied, applied + 1, 'the change was followed, not built')
  const followed = search.current()
  t.strictSame(answers(followed), fresh(db, search.ref, followed.position, answers), 'as a fresh build answers')
})

t.test('a new organisation without offers, a renamed one and a new offer named as another are followed as a fresh build reads them', async (t) => {
  const { app, db } = await setup(t)
  const key = keyFor(db, 'admin')
  const search = offerSearch(db)
  search.current()
  const applied = search.followed.applied
  const organisation = await call(app, key, 'POST', '/v1/admin/organisations', organisationBody({ slug: 'zonder-aanbod' }))
  t.equal(organisation.status, 201)
  t.equal((await post(app, key, `/v1/admin/organisations/${organisation.body.id}/publish`)).status, 200)
  // The same name as a published offer: it sorts next to that one, by id.
  const twin = await call(app, key, 'POST', '/v1/admin/offers', offerBody(OWN.organisation, { slug: 'tweeling', name: { nl: 'Moeder-Baby-Eenheid De Wiege' } }))
  t.equal(twin.status, 201)
  t.equal((await post(app, key, `/v1/admin/offers/${twin.body.id}/publish`)).status, 200)
  t.equal((await patch(app, key, `/v1/admin/organisations/${OTHER.organisation}`, { name: { nl: 'Hernoemd' } })).status, 200)
  const followed = search.current()
  t.ok(search.followed.applied > applied, 'the changes were followed, not built')
  t.strictSame(answers(followed), fresh(db, search.ref, followed.position, answers), 'as a fresh build answers')
  t.strictSame(summaries(followed), fresh(db, search.ref, followed.position, summaries))
})

t.test('a build replaces following when the feed lost the index\'s position, the schema changed or too much changed', async (t) => {
  const { app, db } = await setup(t)
  const key = keyFor(db, 'admin')
  const search = offerSearch(db)
  const before = search.current()
  const built = () => search.followed.built
  const start = built()

  await patch(app, key, `/v1/admin/offers/${OWN.offer}`, { description: { nl: 'Nieuw' } })
  t.not(search.current(), before)
  t.equal(built(), start, 'one change is followed')

  // An erasure takes the feed entries of what it erases, the index's own position among them.
  const position = search.current().position
  const last = db.$client.prepare('SELECT entity_id FROM change_feed WHERE seq = ?').pluck().get(position) as string
  t.equal((await call(app, key, 'DELETE', `/v1/admin/offers/${last}?erase=true`)).status, 204)
  search.current()
  t.equal(built(), start + 1)
  t.equal(search.followed.reason, 'the feed no longer holds the index\'s position')

  db.$client.exec('CREATE TABLE follow_test (x)')
  await patch(app, key, `/v1/admin/offers/${OTHER.offer}`, { description: { nl: 'Anders' } })
  search.current()
  t.equal(search.followed.reason, 'the schema changed')

  const limits = { ...FOLLOW_LIMITS }
  t.teardown(() => { Object.assign(FOLLOW_LIMITS, limits) })
  Object.assign(FOLLOW_LIMITS, { share: 0, minimum: 0 })
  await patch(app, key, `/v1/admin/organisations/${OWN.organisation}`, { name: { nl: 'Hernoemd' } })
  search.current()
  t.equal(search.followed.reason, 'too many changes')
  t.equal(built(), start + 3)
})

t.test('a change made by another connection to the same database is followed too', async (t) => {
  const { db } = await setup(t)
  const search = offerSearch(db)
  const index = search.current()
  const other: Db = db
  // The writes of this process and of another one land in the same feed; the service reads only the feed.
  other.$client.prepare('UPDATE offers SET status = \'archived\' WHERE id = ?').run(OWN.offer)
  other.$client.prepare('INSERT INTO change_feed (entity_kind, entity_id, action, reason, at, data) VALUES (\'offer\', ?, \'delete\', \'archived\', \'2026-12-01T00:00:00Z\', NULL)').run(OWN.offer)
  await new Promise((resolve) => setImmediate(resolve))
  const followed = search.current()
  t.equal(followed.size, index.size - 1)
  t.equal(followed.ordinalById.get(OWN.offer), undefined)
  t.strictSame(answers(followed), fresh(db, search.ref, followed.position, answers))
})

t.test('each kind of change is followed: a new organisation, a new code, a shared place, a draft published later', async (t) => {
  const { app, db } = await setup(t)
  const key = keyFor(db, 'admin')
  const search = offerSearch(db)
  const one = <T>(sql: string) => db.$client.prepare(sql).pluck().get() as T
  const same = (what: string) => {
    const followed = search.current()
    t.strictSame(answers(followed), fresh(db, search.ref, followed.position, answers), what)
    t.strictSame(summaries(followed), fresh(db, search.ref, followed.position, summaries), `${what}: summaries`)
  }
  const built = search.followed.built

  const organisation = await call(app, key, 'POST', '/v1/admin/organisations', { slug: 'nieuw', kind: 'ngo', name: { nl: 'Nieuwe organisatie' } })
  t.equal((await post(app, key, `/v1/admin/organisations/${organisation.body.id}/publish`)).status, 200)
  same('a new organisation')

  const unused = one<string>('SELECT code FROM languages WHERE code NOT IN (SELECT language_code FROM offer_languages) ORDER BY code LIMIT 1')
  t.equal((await patch(app, key, `/v1/admin/offers/${OWN.offer}`, { languages: ['nl', unused] })).status, 200)
  same('a language no offer had')

  // Two published offers at one place: one changes (in place, then renamed), the other keeps the place with it.
  const place = OWN.location
  const second = (await call(app, key, 'POST', '/v1/admin/locations', locationBody(OWN.organisation))).body.id as string
  t.equal((await post(app, key, `/v1/admin/locations/${second}/publish`)).status, 200)
  t.equal((await patch(app, key, `/v1/admin/offers/${OWN.offer}`, { location_ids: [place, second] })).status, 200)
  same('an offer at two places')
  t.equal((await patch(app, key, `/v1/admin/locations/${second}`, { latitude: 51.1, longitude: 4.3 })).status, 200)
  same('a place moved')
  const offer = (await call(app, key, 'POST', '/v1/admin/offers', offerBody(OWN.organisation, { slug: 'samen', location_ids: [place] }))).body.id as string
  t.equal((await post(app, key, `/v1/admin/offers/${offer}/publish`)).status, 200)
  t.ok(one<number>(`SELECT count(*) FROM offer_locations WHERE location_id = '${place}'`) > 1, 'two offers share the place')
  t.equal((await patch(app, key, `/v1/admin/locations/${place}`, { name: 'Nieuwe naam' })).status, 200)
  same('a place several offers share')
  // An offer the change does not name, at a place of a changed offer and at one of its own.
  const third = (await call(app, key, 'POST', '/v1/admin/locations', locationBody(OWN.organisation, { name: 'Derde plek' }))).body.id as string
  t.equal((await post(app, key, `/v1/admin/locations/${third}/publish`)).status, 200)
  const beside = (await call(app, key, 'POST', '/v1/admin/offers', offerBody(OWN.organisation, { slug: 'ernaast', location_ids: [second, third] }))).body.id as string
  t.equal((await post(app, key, `/v1/admin/offers/${beside}/publish`)).status, 200)
  same('an offer at a place of another and at one of its own')
  t.equal((await patch(app, key, `/v1/admin/locations/${place}`, { latitude: 51.2, longitude: 4.4 })).status, 200)
  same('a place moved, its offers at other places too, which an offer it does not name shares')
  t.equal((await patch(app, key, `/v1/admin/offers/${offer}`, { description: { nl: 'Andere tekst' } })).status, 200)
  same('an offer at a shared place')
  t.equal((await patch(app, key, `/v1/admin/offers/${offer}`, { name: { nl: 'Aaa eerst in de lijst' } })).status, 200)
  same('an offer at a shared place renamed')
  t.equal((await patch(app, key, `/v1/admin/offers/${offer}`, { organisation_id: OTHER.organisation, location_ids: [] })).status, 200)
  same('an offer of another organisation now')

  // A draft's search row lies below those written after it: published later, its row is looked for.
  const draft = await call(app, key, 'POST', '/v1/admin/offers', offerBody(OWN.organisation, { slug: 'later', name: { nl: 'Zeldzaamwoord later' } }))
  const other = await call(app, key, 'POST', '/v1/admin/offers', offerBody(OWN.organisation, { slug: 'eerder', name: { nl: 'Eerder gepubliceerd' } }))
  t.equal((await post(app, key, `/v1/admin/offers/${other.body.id}/publish`)).status, 200)
  same('another offer published')
  t.equal((await post(app, key, `/v1/admin/offers/${draft.body.id}/publish`)).status, 200)
  same('the draft published')
  const found = searchOffers(search.current(), { text: { terms: ['zeldzaamwoord'] }, offset: 0, limit: 10 })
  t.strictSame(found.hits.map((h) => h.id), [draft.body.id], 'its text is found')
  t.equal(search.followed.built, built, 'all followed, none built')
})

t.test('search rows written through another connection (the import\'s worker, another process) are read from the next turn on', async (t) => {
  const file = seededDatabase(tempDir(t))
  const [reader, writer] = [openDb(file), openDb(file)]
  const app = await buildApp({ config: testConfig(), db: writer })
  t.teardown(async () => { await app.close(); reader.$client.close(); writer.$client.close() })
  const search = offerSearch(reader)
  const before = termHits(search.current(), 'ouders').scores.slice()
  const res = await patch(app, keyFor(writer, 'admin'), `/v1/admin/offers/${OWN.offer}`, { description: { nl: 'Voor ouders, met ouders, door ouders' } })
  t.equal(res.status, 200)
  await new Promise((resolve) => setImmediate(resolve))
  const index = search.current()
  const after = termHits(index, 'ouders')
  t.ok(after.bits.length > 0 && Array.from(after.ordinals).includes(index.ordinalById.get(OWN.offer)!), 'the offer is found by its new word')
  t.notSame(after.scores, before, 'the scores moved')
  t.same(after.scores, fresh(reader, search.ref, index.position, (built) => termHits(built, 'ouders').scores), 'as a fresh build reads them')
})

t.test('the log of search rows written says which rows changed while it can, and when it cannot', async (t) => {
  const db = testDatabase({ sample: false })
  t.teardown(() => db.$client.close())
  t.same(searchRowsSince(db, 0), [], 'nothing written through a new connection')
  const start = searchRowsVersion(db)
  searchRowsWritten(db, [7, 8])
  searchRowsWritten(db, [8, 9])
  t.same(searchRowsSince(db, start), [7, 8, 8, 9])
  t.same(searchRowsSince(db, start + 1), [8, 9])
  for (let i = 0; i < 10; i++) searchRowsWritten(db, Array.from({ length: 1500 }, (_, k) => k))
  t.equal(searchRowsSince(db, start), undefined, 'the oldest writes were let go: a reader that far behind reads everything')
  t.equal(searchRowsSince(db, searchRowsVersion(db) - 2)!.length, 3000)
  searchRowsWritten(db, Array.from({ length: 10_001 }, (_, k) => k))
  t.equal(searchRowsSince(db, searchRowsVersion(db) - 1), undefined, 'too many rows at once')
  searchRowsWritten(db)
  t.equal(searchRowsSince(db, searchRowsVersion(db) - 1), undefined, 'every row')
  t.same(searchRowsSince(db, searchRowsVersion(db)), [], 'nothing since now')
})

t.test('a broad word\'s rows follow a text change of an offer in their middle, as a fresh build reads them', async (t) => {
  const { app, db } = await setup(t)
  const search = offerSearch(db)
  const rows = db.$client.prepare('SELECT c0 FROM offer_search_content ORDER BY id').pluck().all() as string[]
  const public_ = search.current()
  // An offer the public sees, with rows after its own: its row is removed from the middle of the word's rows.
  const offer = rows.slice(0, -3).find((id) => public_.ordinalById.has(id))!
  t.ok(termHits(public_, 'ouders').ordinals.length > 3, 'a broad word')
  const res = await patch(app, keyFor(db, 'admin'), `/v1/admin/offers/${offer}`, { description: { nl: 'Ouders en hun baby' } })
  t.equal(res.status, 200)
  const index = search.current()
  t.same(termHits(index, 'ouders').scores, fresh(db, search.ref, index.position, (built) => termHits(built, 'ouders').scores))
  t.ok(hasBit(termHits(index, 'ouders').bits, index.ordinalById.get(offer)!), 'the offer has the word now')
})

t.test('search rows written in a transaction that was rolled back are read again as they are', async (t) => {
  const { app, db } = await setup(t)
  const search = offerSearch(db)
  const index = search.current()
  const rows = db.$client.prepare('SELECT c0 FROM offer_search_content ORDER BY id').pluck().all() as string[]
  // A public offer whose row lies among the broad word's rows, not after them.
  const offer = rows.slice(0, -3).find((id) => index.ordinalById.has(id) && hasBit(termHits(index, 'ouders').bits, index.ordinalById.get(id)!))!
  const before = termHits(index, 'ouders').scores.slice()
  t.throws(() => db.$client.transaction(() => {
    syncOfferSearch(db, [offer])
    throw new Error('a later step of the write failed')
  })(), /a later step/)
  const after = termHits(search.current(), 'ouders')
  t.same(after.scores, before, 'the scores are those before the write')
  // The rows are still in order: a later write of the row after it is followed too.
  const next = rows[rows.indexOf(offer) + 1]!
  t.equal((await patch(app, keyFor(db, 'admin'), `/v1/admin/offers/${next}`, { description: { nl: 'Voor ouders' } })).status, 200)
  t.same(termHits(search.current(), 'ouders').scores, fresh(db, search.ref, search.current().position, (built) => termHits(built, 'ouders').scores), 'as a fresh build reads them')
})
