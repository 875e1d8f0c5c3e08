// GET /v1/organisations and GET /v1/organisations/{id or slug}: published providers and their published offers.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { Deps } from '../http/deps.js'
import { NotFound } from '../http/errors.js'
import { negotiateLanguage } from '../http/language.js'
import { page } from '../http/page.js'
import { IdOrSlugParams, LangQuery } from '../offers/public-schemas.js'
import { offerSummary } from './render.js'
import { offerSearch } from './service.js'
import { OrganisationDetail, OrganisationList, OrganisationQuery } from '../organisations/public-schemas.js'
import { findOrganisation, listOrganisations, organisationSummaries } from './organisations.js'

const MAX_OFFERS_SHOWN = 100

export const organisationRoutes: FastifyPluginAsyncZod<Deps> = async (app, { db }) => {
  const search = offerSearch(db)

  app.get('/organisations', {
    schema: {
      operationId: 'listOrganisations', tags: ['organisations'], summary: 'Published providers, by name',
      querystring: OrganisationQuery, response: { 200: OrganisationList }
    }
  }, async (request, reply) => {
    const lang = negotiateLanguage(request, reply)
    const index = search.current()
    const { q, kind, page: number, per_page: perPage } = request.query
    const { total, rows } = listOrganisations(index, { q, kind }, lang, (number - 1) * perPage, perPage)
    return page(rows, total, number, perPage)
  })

  app.get('/organisations/:id', {
    config: { clock: true },
    schema: {
      operationId: 'getOrganisation', tags: ['organisations'], summary: 'One published provider with its published offers',
      params: IdOrSlugParams, querystring: LangQuery, response: { 200: OrganisationDetail }
    }
  }, async (request, reply) => {
    const lang = negotiateLanguage(request, reply)
    const index = search.current()
    const entry = findOrganisation(index, request.params.id)
    if (entry === undefined) throw new NotFound('organisation', request.params.id)
    const [summary] = organisationSummaries(index, [entry], lang)
    const offers = entry.offers.slice(0, MAX_OFFERS_SHOWN).map((ordinal) => offerSummary(index, ordinal, lang))
    return { ...summary!, offers }
  })
}
