// Remembers public offer answers (searches and detail pages) per feed position, so a repeated request (the website's
// popular searches and offers) is answered before validation, search and rendering. ETags and 304s come from the /v1
// scope (src/http/conditional.ts), whose per-request state (feed position and request key) this cache shares: no
// second look at the feed. Measured by `npm run bench` (50,000 offers): the repeated facets search is answered about
// 10,100 times a second from the cache, against about 3,600 for facets searches computed (docs/performance.md).
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify'
import { publicState } from '../http/conditional.js'
import type { ContentLang } from '../text/schemas.js'

const JSON_TYPE = 'application/json; charset=utf-8'

type Remembered = { lang: ContentLang, body: Buffer }

export class ResponseCache {
  private readonly answers = new Map<string, Remembered>()
  private position = -1

  constructor (private readonly maxEntries: number) {}

  /** onRequest: the remembered answer to the same request at the same feed position, if there is one. */
  readonly answerEarly = (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    const state = publicState(request)!
    // Answers of an earlier position are dropped at the first request that sees the new one: after an erasure they
    // may hold what was erased.
    if (state.position !== this.position && this.answers.size > 0) this.answers.clear()
    const hit = state.position === this.position ? this.answers.get(state.key) : undefined
    if (hit === undefined) return done()
    reply.header('content-language', hit.lang).type(JSON_TYPE).send(hit.body)
  }

  /** Sends a JSON body and remembers it for the next identical request at the feed position the request saw. */
  send (request: FastifyRequest, reply: FastifyReply, lang: ContentLang, body: Buffer) {
    if (this.maxEntries > 0) {
      const { position, key } = publicState(request)!
      if (position !== this.position || this.answers.size >= this.maxEntries) { this.answers.clear(); this.position = position }
      // A copy of its own: a page is a view into a slab shared with other answers (src/search/render.ts).
      this.answers.set(key, { lang, body: Buffer.from(body) })
    }
    return reply.type(JSON_TYPE).send(body)
  }
}
