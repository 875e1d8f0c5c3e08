// GET /v1/phases, /care-types, /roles, /roles/{code}, /target-groups, /languages, and the code lists /modes, /cost-types, /referral-types, /waiting-times.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { Db } from '../db/client.js'
import { NotFound } from '../http/errors.js'
import { negotiateLanguage } from '../http/language.js'
import { page, pageOf } from '../http/page.js'
import type { ContentLang } from '../text/schemas.js'
import { getRole, listCareTypes, listLanguages, listPhases, listRoles, listTargetGroups } from './queries.js'
import { CODE_LISTS } from './code-lists.js'
import { CareType, CodeListItem, Language, Phase, Role, RoleDetail, TargetGroup, TaxonomyQuery } from './schemas.js'

export const taxonomyRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const lists = [
    { path: '/phases', operationId: 'listPhases', item: Phase, list: listPhases, summary: 'Phases of a young family\'s life, as month ranges relative to birth' },
    { path: '/care-types', operationId: 'listCareTypes', item: CareType, list: listCareTypes, summary: 'Care types: a tree of categories and types' },
    { path: '/roles', operationId: 'listRoles', item: Role, list: listRoles, summary: 'Support figures (roles) around a young family' },
    { path: '/target-groups', operationId: 'listTargetGroups', item: TargetGroup, list: listTargetGroups, summary: 'Target groups of offers' },
    { path: '/languages', operationId: 'listLanguages', item: Language, list: listLanguages, summary: 'Languages in which offers are given' }
  ] as const
  for (const { path, operationId, item, list, summary } of lists) {
    app.get(path, {
      schema: { operationId, tags: ['taxonomies'], summary, querystring: TaxonomyQuery, response: { 200: pageOf(item) } }
    }, async (request, reply) => {
      const { page: number, per_page: perPage } = request.query
      const all = (list as (db: Db, lang: ContentLang) => unknown[])(db, negotiateLanguage(request, reply))
      return page(all.slice((number - 1) * perPage, number * perPage), all.length, number, perPage) as never
    })
  }

  // The fixed code lists of offers, served the same way: what list items and filters use, with labels.
  for (const { path, operationId, summary, labels } of CODE_LISTS) {
    const items = Object.entries(labels).map(([code, l]) => ({ code, labels: l as Record<ContentLang, string> }))
    app.get(path, {
      schema: { operationId, tags: ['taxonomies'], summary, querystring: TaxonomyQuery, response: { 200: pageOf(CodeListItem) } }
    }, async (request, reply) => {
      const lang = negotiateLanguage(request, reply)
      const { page: number, per_page: perPage } = request.query
      const all = items.map((i) => ({ code: i.code, label: i.labels[lang], labels: i.labels }))
      return page(all.slice((number - 1) * perPage, number * perPage), all.length, number, perPage)
    })
  }

  app.get('/roles/:code', {
    schema: {
      operationId: 'getRole', tags: ['taxonomies'], summary: 'One support figure, with the number of published offers that involve it',
      params: z.object({ code: z.string().max(60) }), querystring: TaxonomyQuery.pick({ lang: true }), response: { 200: RoleDetail }
    }
  }, async (request, reply) => {
    const role = getRole(db, request.params.code, negotiateLanguage(request, reply))
    if (!role) throw new NotFound('role', request.params.code)
    return role
  })
}
