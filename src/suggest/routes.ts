// GET /v1/suggest: autocomplete for the one search box (src/search/suggest.ts), cached and conditional like other public reads.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { Deps } from '../http/deps.js'
import { negotiateLanguage } from '../http/language.js'
import { ResponseCache } from '../offers/response-cache.js'
import { offerSearch } from '../search/service.js'
import { suggest } from '../search/suggest.js'
import { ContentLang } from '../text/schemas.js'

const Label = z.string().max(300)
export const SuggestQuery = z.object({
  q: z.string().min(1).max(100).meta({ description: 'What was typed so far', example: 'gen' }),
  limit: z.coerce.number().int().min(1).max(20).default(8).meta({ description: 'At most this many suggestions' }),
  lang: ContentLang.optional()
})
export const SuggestionList = z.object({
  contents: z.array(z.object({
    kind: z.enum(['place', 'phase', 'care_type', 'role', 'target_group', 'offer']),
    code: z.string().max(500).meta({ description: 'Its code (an offer: its slug)' }),
    label: Label.meta({ description: 'In the answer\'s language' }),
    detail: Label.nullable().meta({ description: 'A place: its kind and where it lies; an offer: its organisation' }),
    count: z.int().min(0).max(Number.MAX_SAFE_INTEGER).meta({ description: 'Published offers it leads to' }),
    action: z.object({
      param: z.enum(['region', 'phase', 'care_type', 'role', 'target_group', 'q']),
      value: z.string().max(500)
    }).meta({ description: 'What selecting it does: a filter (`region=44021`) or a text (`q=…`)' })
  })).max(20)
}).meta({
  id: 'SuggestionList',
  example: {
    contents: [
      { kind: 'place', code: '44021', label: 'Gent', detail: 'gemeente, Oost-Vlaanderen', count: 12, action: { param: 'region', value: '44021' } },
      { kind: 'place', code: '41018', label: 'Geraardsbergen', detail: 'gemeente, Oost-Vlaanderen', count: 9, action: { param: 'region', value: '41018' } },
      { kind: 'offer', code: 'na-de-storm', label: 'Gespreksgroep Na de Storm (postnatale depressie)', detail: 'Vzw Na de Storm', count: 1, action: { param: 'q', value: 'Gespreksgroep Na de Storm (postnatale depressie)' } }
    ]
  }
})

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
    const contents = suggest(search.current(), request.query.q, lang, request.query.limit)
    return cache.send(request, reply, lang, Buffer.from(reply.serialize({ contents }) as string))
  })
}
