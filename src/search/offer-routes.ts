// GET /v1/offers (search) and GET /v1/offers/{id or slug}: published offers of published organisations only.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { Deps } from '../http/deps.js'
import { NotFound } from '../http/errors.js'
import { negotiateLanguage } from '../http/language.js'
import { IdOrSlugParams, LangQuery, OfferDetail, OfferList, OfferSearchQuery } from '../offers/public-schemas.js'
import { announceReplaced } from '../http/replaced-codes.js'
import { answerQuestion } from './answer.js'
import { searchOffers } from './engine.js'
import type { SearchIndex } from './index.js'
import { askedMoment, resolveOfferQuery } from './params.js'
import { answerExtras } from './question-answer.js'
import { literalReading, readQuestion } from './question.js'
import { offerDetail, resultPageJson } from './render.js'
import { ResponseCache } from './response-cache.js'
import { offerSearch } from './service.js'

const answer = (...args: Parameters<typeof answerQuestion>) => ({ ...answerQuestion(...args), reading: args[2] })

export const offerRoutes: FastifyPluginAsyncZod<Deps> = async (app, { db, config }) => {
  const search = offerSearch(db)
  // One cache for both routes: its keys are request URLs, which differ.
  const cache = new ResponseCache(config.SEARCH_CACHE_ENTRIES)

  app.get('/offers', {
    // Before the cache's early answer, so a cached page says it too.
    onRequest: [(request, reply, done) => { announceReplaced(reply, replacedRegions(search.current(), request.query)); done() }, cache.answerEarly],
    config: { clock: true },
    schema: {
      operationId: 'searchOffers',
      tags: ['offers'],
      summary: 'Search published care offers',
      description: 'Every parameter narrows the result (AND); a comma list inside one parameter means any of its values (OR). ' +
        'Region search follows the region hierarchy: an offer serving a province, gewest or the whole country serves every municipality in it, ' +
        'and an offer that is only online, by phone or chat is found in every region. A postcode stands for its municipality and its ' +
        'eerstelijnszone (Antwerpen is split over four zones by postcode). Phases and age filter by overlap of month ranges. ' +
        'An old region code (a merged municipality, a renamed zone such as elz-oostende-bredene) searches as the current one; the answer then ' +
        'carries `X-Region-Replaced: old=current` and a `Link` to the current region.',
      querystring: OfferSearchQuery,
      response: { 200: OfferList }
    }
  }, async (request, reply) => {
    const lang = negotiateLanguage(request, reply)
    const index = search.current()
    const q = request.query
    const now = new Date()
    const query = resolveOfferQuery(index, q, lang, now)
    const openAt = askedMoment(q, now)
    if (q.q === undefined) return cache.send(request, reply, lang, resultPageJson(index, searchOffers(index, query), lang, q.page, q.per_page, { openAt }))
    const { result, reading, relaxed } = q.read_q === 'false'
      ? { result: searchOffers(index, query), reading: literalReading(q.q, query.text), relaxed: [] }
      : answer(index, query, readQuestion(index, q.q, lang), lang)
    return cache.send(request, reply, lang, resultPageJson(index, result, lang, q.page, q.per_page, { ...answerExtras(index, result, reading, relaxed, lang), openAt }))
  })

  app.get('/offers/:id', {
    onRequest: cache.answerEarly,
    config: { clock: true },
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

/** The region codes of a search that are old codes, with the current code each stands for. */
function replacedRegions (index: SearchIndex, query: unknown): Array<{ old: string, current: string }> {
  const region = (query as { region?: unknown }).region
  if (typeof region !== 'string') return []
  return [...new Set(region.split(','))].flatMap((old) => {
    const current = index.ref.regions.has(old) ? undefined : index.ref.aliases.get(old)
    return current === undefined ? [] : [{ old, current }]
  })
}
