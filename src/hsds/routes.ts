// The Open Referral HSDS 3.0 read facade under /hsds: root, taxonomies and taxonomy terms.
import type { FastifyReply } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { Config } from '../config.js'
import type { Db } from '../db/client.js'
import { NotFound } from '../http/errors.js'
import { negotiateLanguage } from '../http/language.js'
import { page } from '../http/page.js'
import type { ContentLang } from '../text/schemas.js'
import { offerSearch } from '../search/service.js'
import { hsdsContexts } from './context.js'
import { listResponse, ndjson } from './lists.js'
import { HsdsIdParams, HsdsListQuery, HsdsRoot, HsdsTaxonomy, HsdsTaxonomyTerm, HsdsTaxonomyTermQuery } from './schemas.js'
import { termWire } from './taxonomy.js'

export const HSDS_PROFILE = 'https://openreferral.org/hsds/3.0'

/** Accent- and case-insensitive "contains", for the small taxonomy lists. */
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
const matches = (search: string | undefined, ...fields: string[]) => search === undefined || fields.some((f) => fold(f).includes(fold(search)))

export const hsdsRoutes: FastifyPluginAsyncZod<{ db: Db, config: Config }> = async (app, { db, config }) => {
  const base = config.PUBLIC_BASE_URL.replace(/\/$/, '')
  const contexts = hsdsContexts(db, offerSearch(db).ref, base)
  const taxonomiesFor = (lang: ContentLang) => contexts.get(lang)!.taxonomies

  app.get('/', {
    prefixTrailingSlash: 'no-slash',
    schema: { operationId: 'getHsdsRoot', tags: ['hsds'], summary: 'HSDS version, profile and OpenAPI document of this facade', response: { 200: HsdsRoot } }
  }, async () => ({ version: '3.0', profile: HSDS_PROFILE, openapi_url: `${base}/openapi.yaml` }))

  app.get('/taxonomies', {
    schema: { operationId: 'listHsdsTaxonomies', tags: ['hsds'], summary: 'The directory\'s code lists as HSDS taxonomies', querystring: HsdsListQuery, response: { 200: listResponse(HsdsTaxonomy) } }
  }, async (request, reply) => {
    const { search, page: number, per_page: perPage, format } = request.query
    const found = taxonomiesFor(negotiateLanguage(request, reply)).taxonomies.filter((t) => matches(search, t.name, t.description))
    return respond(reply, found, number, perPage, format)
  })

  app.get('/taxonomies/:id', {
    schema: { operationId: 'getHsdsTaxonomy', tags: ['hsds'], summary: 'One taxonomy', params: HsdsIdParams, querystring: HsdsListQuery.pick({ lang: true }), response: { 200: HsdsTaxonomy } }
  }, async (request, reply) => {
    const found = taxonomiesFor(negotiateLanguage(request, reply)).taxonomies.find((t) => t.id === request.params.id)
    if (!found) throw new NotFound('taxonomy', request.params.id)
    return found
  })

  app.get('/taxonomy_terms', {
    schema: {
      operationId: 'listHsdsTaxonomyTerms', tags: ['hsds'], summary: 'Terms of every taxonomy: phases, care types, roles, target groups, modes, regions',
      querystring: HsdsTaxonomyTermQuery, response: { 200: listResponse(HsdsTaxonomyTerm) }
    }
  }, async (request, reply) => {
    const { search, taxonomy_id: taxonomyId, parent_id: parentId, top_only: topOnly, page: number, per_page: perPage, format } = request.query
    const found = taxonomiesFor(negotiateLanguage(request, reply)).terms.filter((t) =>
      (taxonomyId === undefined || t.taxonomy_id === taxonomyId) &&
      (parentId === undefined || t.parent_id === parentId) &&
      (topOnly !== true || t.parent_id === null) &&
      matches(search, t.name, t.code))
    return respond(reply, found.map(termWire), number, perPage, format)
  })

  app.get('/taxonomy_terms/:id', {
    schema: { operationId: 'getHsdsTaxonomyTerm', tags: ['hsds'], summary: 'One taxonomy term', params: HsdsIdParams, querystring: HsdsListQuery.pick({ lang: true }), response: { 200: HsdsTaxonomyTerm } }
  }, async (request, reply) => {
    const found = taxonomiesFor(negotiateLanguage(request, reply)).byId.get(request.params.id)
    if (!found) throw new NotFound('taxonomy term', request.params.id)
    return termWire(found)
  })
}

/** A Page of the list, or with format=ndjson every record on its own line, unpaged. */
function respond<T> (reply: FastifyReply, all: T[], number: number, perPage: number, format: 'json' | 'ndjson') {
  if (format === 'ndjson') return ndjson(reply, [all])
  return page(all.slice((number - 1) * perPage, number * perPage), all.length, number, perPage)
}
