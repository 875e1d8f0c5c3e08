// The HSDS 3.0 facade's services, service_at_locations and organizations: the public directory through the same
// search as GET /v1/offers, with HSDS parameters translated into a search and records mapped by map.ts.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { Deps } from '../http/deps.js'
import { NotFound } from '../http/errors.js'
import { negotiateLanguage } from '../http/language.js'
import { page } from '../http/page.js'
import { loadPublicOffers, type PublicOfferRecord, type PublicLocationRecord, publicOrganisationRecord } from '../offers/public-record.js'
import { UnknownCodes } from '../offers/search-params.js'
import { findOrganisation, matchingOrganisations } from '../organisations/queries.js'
import { loadOrganisationRecords } from '../organisations/store.js'
import { answerQuestion } from '../search/answer.js'
import { type OfferQuery, type SearchResult, searchOffers } from '../search/engine.js'
import { readQuestion, type Reading } from '../search/question.js'
import { centre, kmTo } from '../search/geo.js'
import type { OrganisationEntry, SearchIndex } from '../search/index.js'
import { offerSearch } from '../search/service.js'
import { loadLocationRecords } from '../locations/store.js'
import { hsdsContexts } from './context.js'
import { fullOrganization, fullService, type HsdsContext, organizationSummary, serviceAtLocation, serviceSummary } from './map.js'
import { listResponse, ndjson } from './lists.js'
import {
  HsdsIdParams, HsdsOrganization, HsdsOrganizationQuery, HsdsOrganizationSummary, HsdsService, HsdsServiceAtLocation,
  HsdsServiceAtLocationQuery, HsdsServiceQuery, HsdsServiceSummary, MinimalService
} from './schemas.js'
import { hsdsId, TAXONOMY_NAMES, type TaxonomyName } from './taxonomy.js'

/** An organization shows at most this many of its services (the largest real provider has a few dozen). */
const MAX_SERVICES_PER_ORGANIZATION = 1000
/** Records are read from SQLite this many at a time when a list is streamed as NDJSON. */
const BATCH = 200

type ServiceFilters = z.output<typeof HsdsServiceQuery>
type Pair = { offerId: string, locationId: string }

export const hsdsDirectoryRoutes: FastifyPluginAsyncZod<Deps> = async (app, { db, config }) => {
  const search = offerSearch(db)
  const contexts = hsdsContexts(db, search.ref, config.PUBLIC_BASE_URL.replace(/\/$/, ''))
  const contextFor = (request: Parameters<typeof negotiateLanguage>[0], reply: Parameters<typeof negotiateLanguage>[1]) => contexts.get(negotiateLanguage(request, reply))!

  /** Organisation records (public) by id, for the services that name them. */
  const organisationsOf = (offers: PublicOfferRecord[]) =>
    new Map(loadOrganisationRecords(db, [...new Set(offers.map((o) => o.organisation_id))]).map((r) => [r.id, publicOrganisationRecord(r)]))
  const phasesOf = (index: SearchIndex, offer: PublicOfferRecord) => index.phasesOf(index.ordinalById.get(offer.id)!).map((p) => p.code)
  const fullServices = (offers: PublicOfferRecord[], index: SearchIndex, ctx: HsdsContext) => {
    const organisations = organisationsOf(offers)
    return offers.map((o) => fullService(o, organisations.get(o.organisation_id)!, phasesOf(index, o), ctx))
  }

  app.get('/services', {
    schema: {
      operationId: 'listHsdsServices', tags: ['hsds'], summary: 'Published offers as HSDS services, through the directory\'s search',
      description: 'Without `search`, services come by name; with it, by relevance. `minimal=true` gives only `id` and `last_modified`, ' +
        '`full=true` fully nested services. Unknown taxonomy terms, taxonomies or organizations are a 404 naming the parameter.',
      querystring: HsdsServiceQuery,
      response: { 200: listResponse(z.union([HsdsService, HsdsServiceSummary, MinimalService])) }
    }
  }, async (request, reply) => {
    const ctx = contextFor(request, reply)
    const index = search.current()
    const q = request.query
    const render = (offers: PublicOfferRecord[]) =>
      q.minimal === true ? offers.map((o) => ({ id: o.id, last_modified: o.updated_at })) : q.full === true ? fullServices(offers, index, ctx) : offers.map((o) => serviceSummary(o, ctx))
    const query = serviceQuery(index, ctx, q)
    if (q.format === 'ndjson') {
      const ids = run(index, { ...query, offset: 0, limit: index.size }).hits.map((h) => h.id)
      return ndjson(reply, batches(ids, (batch) => render(loadPublicOffers(db, batch))))
    }
    const result = run(index, { ...query, offset: (q.page - 1) * q.per_page, limit: q.per_page })
    return page(render(loadPublicOffers(db, result.hits.map((h) => h.id))), result.total, q.page, q.per_page)
  })

  app.get('/services/:id', {
    schema: {
      operationId: 'getHsdsService', tags: ['hsds'], summary: 'One published offer as a fully nested HSDS service',
      params: HsdsIdParams, querystring: HsdsServiceQuery.pick({ lang: true }), response: { 200: HsdsService }
    }
  }, async (request, reply) => {
    const ctx = contextFor(request, reply)
    const index = search.current()
    const ordinal = index.ordinalById.get(request.params.id)
    if (ordinal === undefined) throw new NotFound('service', request.params.id)
    return fullServices(loadPublicOffers(db, [index.ids[ordinal]!]), index, ctx)[0]!
  })

  app.get('/service_at_locations', {
    schema: {
      operationId: 'listHsdsServiceAtLocations', tags: ['hsds'], summary: 'Each published offer at each of its places',
      description: 'The same filters as /hsds/services. `postcode` keeps services whose area covers that Belgian postcode; with `proximity` ' +
        '(metres) it keeps the places that close to the postcode\'s centre instead, nearest first.',
      querystring: HsdsServiceAtLocationQuery,
      response: { 200: listResponse(HsdsServiceAtLocation) }
    }
  }, async (request, reply) => {
    const ctx = contextFor(request, reply)
    const index = search.current()
    const q = request.query
    const pairs = servicePlaces(index, ctx, q)
    // Pairs whose offer or place left meanwhile (a stream reads batch by batch) drop out; the rest keep their order.
    const render = (slice: Pair[]) => {
      const order = new Map(slice.map((p, i) => [`${p.offerId} ${p.locationId}`, i]))
      return loadPublicOffers(db, [...new Set(slice.map((p) => p.offerId))])
        .flatMap((offer) => offer.locations.filter((l) => order.has(`${offer.id} ${l.id}`)).map((place) => ({
          at: order.get(`${offer.id} ${place.id}`)!, item: serviceAtLocation(offer, place, ctx, q.full === true)
        })))
        .sort((a, b) => a.at - b.at).map((x) => x.item)
    }
    if (q.format === 'ndjson') return ndjson(reply, batches(pairs, render))
    return page(render(pairs.slice((q.page - 1) * q.per_page, q.page * q.per_page)), pairs.length, q.page, q.per_page)
  })

  app.get('/service_at_locations/:id', {
    schema: {
      operationId: 'getHsdsServiceAtLocation', tags: ['hsds'], summary: 'One offer at one of its places, with the service',
      params: HsdsIdParams, querystring: HsdsServiceQuery.pick({ lang: true }), response: { 200: HsdsServiceAtLocation }
    }
  }, async (request, reply) => {
    const ctx = contextFor(request, reply)
    const found = serviceAtLocationIds(search.current()).get(request.params.id)
    const offer = found && loadPublicOffers(db, [found.offerId])[0]
    const place = offer?.locations.find((l) => l.id === found!.locationId)
    if (!offer || !place) throw new NotFound('service_at_location', request.params.id)
    return serviceAtLocation(offer, place, ctx, true)
  })

  /** Organisations fully nested, with their places and services (summaries, or `fullServices`). */
  const nestedOrganizations = (entries: OrganisationEntry[], index: SearchIndex, ctx: HsdsContext, fullServices: boolean) => {
    const records = new Map(loadOrganisationRecords(db, entries.map((e) => e.id)).map((r) => [r.id, publicOrganisationRecord(r)]))
    return entries.filter((entry) => records.has(entry.id)).map((entry) => {
      const organisation = records.get(entry.id)!
      const offers = loadPublicOffers(db, entry.offers.slice(0, MAX_SERVICES_PER_ORGANIZATION).map((o) => index.ids[o]!))
      const places = new Map<string, PublicLocationRecord>()
      for (const offer of offers) for (const l of offer.locations) places.set(l.id, l)
      const services = fullServices ? offers.map((o) => fullService(o, organisation, phasesOf(index, o), ctx)) : offers.map((o) => serviceSummary(o, ctx))
      return { ...fullOrganization(organisation, [...places.values()], ctx), services }
    })
  }

  app.get('/organizations', {
    schema: {
      operationId: 'listHsdsOrganizations', tags: ['hsds'], summary: 'Published providers as HSDS organizations, by name',
      description: '`full=true` nests places and service summaries, `full_service=true` full services.',
      querystring: HsdsOrganizationQuery,
      response: { 200: listResponse(z.union([HsdsOrganization, HsdsOrganizationSummary])) }
    }
  }, async (request, reply) => {
    const ctx = contextFor(request, reply)
    const index = search.current()
    const q = request.query
    const entries = matchingOrganisations(index, { q: q.search }, ctx.lang)
    const render = (slice: OrganisationEntry[]) => q.full_service === true || q.full === true
      ? nestedOrganizations(slice, index, ctx, q.full_service === true)
      : loadOrganisationRecords(db, slice.map((e) => e.id)).map((r) => organizationSummary(publicOrganisationRecord(r), ctx.lang))
    if (q.format === 'ndjson') return ndjson(reply, batches(entries, render))
    return page(render(entries.slice((q.page - 1) * q.per_page, q.page * q.per_page)), entries.length, q.page, q.per_page)
  })

  app.get('/organizations/:id', {
    schema: {
      operationId: 'getHsdsOrganization', tags: ['hsds'], summary: 'One published provider, fully nested, with its services',
      params: HsdsIdParams, querystring: HsdsOrganizationQuery.pick({ lang: true, full_service: true }), response: { 200: HsdsOrganization }
    }
  }, async (request, reply) => {
    const ctx = contextFor(request, reply)
    const index = search.current()
    const entry = findOrganisation(index, request.params.id)
    const [found] = entry ? nestedOrganizations([entry], index, ctx, request.query.full_service === true) : []
    if (!found) throw new NotFound('organization', request.params.id)
    return found
  })
}

/** `items` in batches, each rendered when the stream reaches it, so a long list never sits in memory whole. */
function * batches<T> (items: T[], render: (batch: T[]) => unknown[]): Generator<unknown[]> {
  for (let i = 0; i < items.length; i += BATCH) yield render(items.slice(i, i + BATCH))
}

/** A search with `search` read as a question, as GET /v1/offers reads `q` (src/search/question.ts). */
type ServiceSearch = Omit<OfferQuery, 'offset' | 'limit'> & { question?: Reading }

/** The search, through the one box's reading when there is a question. */
function run (index: SearchIndex, { question, ...query }: ServiceSearch & { offset: number, limit: number }): SearchResult {
  return question === undefined ? searchOffers(index, query) : answerQuestion(index, query, question, query.lang!).result
}

/** The fields of a search the HSDS parameters set (paging aside); unknown ids are a 404 naming the parameter. */
function serviceQuery (index: SearchIndex, ctx: HsdsContext, q: ServiceFilters): ServiceSearch {
  const unknown: Array<{ in: string, path: string, message: string }> = []
  const query: ServiceSearch = { lang: ctx.lang, modifiedAfter: q.modified_after }
  if (q.search !== undefined) query.question = readQuestion(index, q.search, ctx.lang)
  query.sort = query.question ? 'relevance' : 'name'
  // A taxonomy first (any of its terms), then a term, which narrows its own taxonomy further.
  if (q.taxonomy_id !== undefined) {
    const taxonomy = TAXONOMY_NAMES.find((name) => hsdsId('taxonomy', name) === q.taxonomy_id)
    if (taxonomy === undefined) unknown.push({ in: 'querystring', path: '/taxonomy_id', message: `unknown taxonomy '${q.taxonomy_id}'` })
    else Object.assign(query, termFilter(taxonomy, anyTermOf(index, taxonomy)))
  }
  if (q.taxonomy_term_id !== undefined) {
    const term = ctx.taxonomies.byId.get(q.taxonomy_term_id)
    if (term === undefined) unknown.push({ in: 'querystring', path: '/taxonomy_term_id', message: `unknown taxonomy term '${q.taxonomy_term_id}'` })
    else Object.assign(query, termFilter(term.taxonomy as TaxonomyName, [term.code]))
  }
  if (q.organization_id !== undefined) {
    if (!index.organisationById.has(q.organization_id)) unknown.push({ in: 'querystring', path: '/organization_id', message: `unknown organization '${q.organization_id}'` })
    query.organisationIds = [q.organization_id]
  }
  if (q.minimum_age !== undefined || q.maximum_age !== undefined) {
    // No one is older than minimum_age and younger than a lower maximum_age: any of no ranges is nothing.
    query.months = q.minimum_age !== undefined && q.maximum_age !== undefined && q.minimum_age > q.maximum_age
      ? []
      : [{ from: q.minimum_age === undefined ? null : q.minimum_age * 12, to: q.maximum_age === undefined ? null : q.maximum_age * 12 }]
  }
  if (unknown.length > 0) throw new UnknownCodes(unknown)
  return query
}

/** Every code of a taxonomy, as a filter that keeps offers carrying any of them. */
function anyTermOf (index: SearchIndex, taxonomy: TaxonomyName): string[] {
  const { ref } = index
  switch (taxonomy) {
    case 'phase': return ref.atomicPhases.map((p) => p.code)
    case 'care_type': return ref.careTypes.filter((c) => c.parent === null).map((c) => c.code)
    case 'role': return [...ref.roles.keys()]
    case 'target_group': return [...ref.targetGroups.keys()]
    case 'mode': return ref.modes.map((m) => m.code)
    case 'region': return ['BE']
  }
}

function termFilter (taxonomy: TaxonomyName, codes: string[]): Partial<OfferQuery> {
  switch (taxonomy) {
    case 'phase': return { phases: codes }
    case 'care_type': return { careTypes: codes }
    case 'role': return { roles: codes }
    case 'target_group': return { targetGroups: codes }
    case 'mode': return { modes: codes }
    case 'region': return { regions: codes }
  }
}

/** The (offer, place) pairs of a service_at_locations search, in the search's order (nearest first with proximity). */
function servicePlaces (index: SearchIndex, ctx: HsdsContext, q: z.output<typeof HsdsServiceAtLocationQuery>): Pair[] {
  const query: ServiceSearch & { offset: number, limit: number } = { ...serviceQuery(index, ctx, q), offset: 0, limit: index.size }
  const postcode = q.postcode === undefined ? undefined : index.ref.postcodes.get(q.postcode)
  if (q.postcode !== undefined && postcode === undefined) throw new UnknownCodes([{ in: 'querystring', path: '/postcode', message: `unknown postcode '${q.postcode}'` }])
  const point = postcode && q.proximity !== undefined ? centre(postcode.latitude, postcode.longitude) : undefined
  if (point !== undefined) Object.assign(query, { centre: point, radiusKm: q.proximity! / 1000, sort: query.question ? 'relevance' : 'distance' })
  else if (q.postcode !== undefined) query.postcodes = [q.postcode]
  const pairs: Array<Pair & { km: number }> = []
  for (const hit of run(index, query).hits) {
    for (const place of index.locations[hit.ordinal]!) {
      const km = point === undefined || place.latitude === null || place.longitude === null ? NaN : kmTo(point, place.latitude, place.longitude)
      if (point === undefined || km <= q.proximity! / 1000) pairs.push({ offerId: hit.id, locationId: place.id, km })
    }
  }
  // Nearest first: an offer's far places come after closer places of other offers.
  if (point !== undefined && query.sort === 'distance') pairs.sort((a, b) => a.km - b.km)
  return pairs
}

const idsByIndex = new WeakMap<SearchIndex, Map<string, Pair>>()

/** service_at_location ids are derived (UUID v5 of offer and place): the map back is made once per index. */
function serviceAtLocationIds (index: SearchIndex): Map<string, Pair> {
  let ids = idsByIndex.get(index)
  if (ids === undefined) {
    ids = new Map()
    index.ids.forEach((offerId, ordinal) => {
      for (const place of index.locations[ordinal]!) ids!.set(hsdsId('service_at_location', offerId, place.id), { offerId, locationId: place.id })
    })
    idsByIndex.set(index, ids)
  }
  return ids
}
