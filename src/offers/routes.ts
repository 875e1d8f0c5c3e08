// GET /v1/offers (search) and GET /v1/offers/{id or slug}: published offers of published organisations only.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { Deps } from '../http/deps.js'
import { NotFound } from '../http/errors.js'
import { negotiateLanguage } from '../http/language.js'
import { answerQuestion } from '../search/answer.js'
import { searchOffers } from '../search/engine.js'
import { literalReading, readQuestion } from '../search/question.js'
import { offerDetail, resultPageJson } from '../search/render.js'
import { offerSearch } from '../search/service.js'
import { IdOrSlugParams, LangQuery, OfferDetail, OfferList, OfferSearchQuery } from './public-schemas.js'
import { ResponseCache } from './response-cache.js'
import { answerExtras } from './question-answer.js'
import { resolveOfferQuery } from './search-params.js'

const answer = (...args: Parameters<typeof answerQuestion>) => ({ ...answerQuestion(...args), reading: args[2] })

export const offerRoutes: FastifyPluginAsyncZod<Deps> = async (app, { db, config }) => {
  const search = offerSearch(db)
  // One cache for both routes: its keys are request URLs, which differ.
  const cache = new ResponseCache(config.SEARCH_CACHE_ENTRIES)

  app.get('/offers', {
    onRequest: cache.answerEarly,
    schema: {
      operationId: 'searchOffers',
      tags: ['offers'],
      summary: 'Search published care offers',
      description: 'Every parameter narrows the result (AND); a comma list inside one parameter means any of its values (OR). ' +
        'Region search follows the region hierarchy: an offer serving a province, gewest or the whole country serves every municipality in it, ' +
        'and an offer that is only online, by phone or chat is found in every region. A postcode stands for its municipality and its ' +
        'eerstelijnszone (Antwerpen is split over five zones by postcode). Phases and age filter by overlap of month ranges.',
      querystring: OfferSearchQuery,
      response: { 200: OfferList }
    }
  }, async (request, reply) => {
    const lang = negotiateLanguage(request, reply)
    const index = search.current()
    const q = request.query
    const query = resolveOfferQuery(index, q, lang)
    if (q.q === undefined) return cache.send(request, reply, lang, resultPageJson(index, searchOffers(index, query), lang, q.page, q.per_page))
    const { result, reading, relaxed } = q.read_q === 'false'
      ? { result: searchOffers(index, query), reading: literalReading(q.q, query.text), relaxed: [] }
      : answer(index, query, readQuestion(index, q.q, lang), lang)
    return cache.send(request, reply, lang, resultPageJson(index, result, lang, q.page, q.per_page, answerExtras(index, result, reading, relaxed, lang)))
  })

  app.get('/offers/:id', {
    onRequest: cache.answerEarly,
    schema: {
      operationId: 'getOffer',
      tags: ['offers'],
      summary: 'One published offer in full: organisation, locations, service area, phases, roles, contacts, opening hours, accessibility',
      params: IdOrSlugParams,
      querystring: LangQuery,
      response: { 200: OfferDetail }
    }
  }, async (request, reply) => {
    const lang = negotiateLanguage(request, reply)
    const index = search.current()
    const { id } = request.params
    const ordinal = index.find(id)
    if (ordinal === undefined) throw new NotFound('offer', id)
    // Serialised (and checked against the schema) here, so that the cache keeps the bytes sent.
    return cache.send(request, reply, lang, Buffer.from(reply.serialize(offerDetail(index, ordinal, lang)) as string))
  })
}
