// GET /v1/suggest: autocomplete for the one search box (src/search/suggest.ts), cached and conditional like other public reads.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { Deps } from '../http/deps.js'
import { negotiateLanguage } from '../http/language.js'
import { ResponseCache } from './response-cache.js'
import { offerSearch } from './service.js'
import { suggestionsJson } from './suggest.js'
import { SuggestionList, SuggestQuery } from './suggest-schemas.js'

export const suggestRoutes: FastifyPluginAsyncZod<Deps> = async (app, { db, config }) => {
  const search = offerSearch(db)
  const cache = new ResponseCache(config.SEARCH_CACHE_ENTRIES)
  app.get('/suggest', {
    onRequest: cache.answerEarly,
    schema: {
      operationId: 'suggest',
      tags: ['offers'],
      summary: 'Autocomplete for the search box: places, phases, care types, roles, target groups and offer names',
      description: 'As people type: what starts with `q` (or a word of it), then what is a typo or two from it (one edit from five letters, ' +
        'two from nine; never in the first letter), each ranked by how many published offers it leads to; Flemish and Brussels places ' +
        'before Walloon ones; offer names last. `action` says what selecting it does.',
      querystring: SuggestQuery,
      response: { 200: SuggestionList }
    }
  }, async (request, reply) => {
    const lang = negotiateLanguage(request, reply)
    // Written without zod's parse of the answer (as the search pages are): suggestionsJson builds only what
    // SuggestionList allows, and every test checks the answers against openapi.yaml. The parse was a tenth of the
    // server's CPU per suggest (CPU profile under wrk at 50,000 offers).
    const body = suggestionsJson(search.current(), request.query.q, lang, request.query.limit)
    return cache.send(request, reply, lang, Buffer.from(body))
  })
}
