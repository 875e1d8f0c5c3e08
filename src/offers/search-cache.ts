// Remembers public search responses per feed position, so a repeated search (the website's popular queries) is
// answered before validation and search. ETags and 304s come from the /v1 scope (src/http/conditional.ts).
import type { FastifyReply, FastifyRequest } from 'fastify'
import { fromHeader } from '../http/language.js'
import type { OfferSearch } from '../search/service.js'
import { CONTENT_LANGS, type ContentLang } from '../text/schemas.js'

const JSON_TYPE = 'application/json; charset=utf-8'

/** The content language a request asks for, or undefined when `lang` is not a content language (validation will say so). */
function askedLanguage (request: FastifyRequest): ContentLang | undefined {
  const lang = (request.query as { lang?: unknown }).lang
  if (lang === undefined) return fromHeader(request.headers['accept-language']) ?? 'nl'
  return (CONTENT_LANGS as readonly unknown[]).includes(lang) ? lang as ContentLang : undefined
}

export class SearchResponseCache {
  private readonly bodies = new Map<string, Buffer>()
  private position = -1

  constructor (private readonly search: OfferSearch, private readonly maxEntries: number) {}

  /** onRequest: the remembered body of the same request at the same feed position, if there is one. */
  readonly answerEarly = async (request: FastifyRequest, reply: FastifyReply) => {
    if (this.bodies.size === 0) return
    const lang = askedLanguage(request)
    if (lang === undefined || this.search.position() !== this.position) return
    const body = this.bodies.get(`${lang} ${request.url}`)
    if (body !== undefined) return reply.headers({ 'content-language': lang, vary: 'Accept-Language' }).type(JSON_TYPE).send(body)
  }

  /** Sends a JSON body and remembers it for the next identical request. */
  send (request: FastifyRequest, reply: FastifyReply, position: number, lang: ContentLang, body: Buffer) {
    if (this.maxEntries > 0) {
      if (position !== this.position || this.bodies.size >= this.maxEntries) { this.bodies.clear(); this.position = position }
      this.bodies.set(`${lang} ${request.url}`, body)
    }
    return reply.type(JSON_TYPE).send(body)
  }
}
