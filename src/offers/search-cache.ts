// HTTP caching of the public reads that come from the search index. The ETag is the feed position, the content
// language, a fingerprint of the reference data and a hash of the URL, so checking If-None-Match needs neither
// validation nor a search; a small cache of response bodies, keyed the same way, answers repeated searches.
import type { FastifyReply, FastifyRequest } from 'fastify'
import { fromHeader } from '../http/language.js'
import type { OfferSearch } from '../search/service.js'
import { CONTENT_LANGS, type ContentLang } from '../text/schemas.js'

export const CACHE_CONTROL = 'public, max-age=60'
const JSON_TYPE = 'application/json; charset=utf-8'

/** FNV-1a over the UTF-16 code units, as base 36. */
function hash (s: string): string {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193)
  return (h >>> 0).toString(36)
}

/** The content language a request asks for, or undefined when `lang` is not a content language (validation will say so). */
function askedLanguage (request: FastifyRequest): ContentLang | undefined {
  const lang = (request.query as { lang?: unknown }).lang
  if (lang === undefined) return fromHeader(request.headers['accept-language']) ?? 'nl'
  return (CONTENT_LANGS as readonly unknown[]).includes(lang) ? lang as ContentLang : undefined
}

function matches (ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false
  const bare = etag.slice(2)
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim()
    return t === etag || t === bare
  })
}

export class PublicCache {
  private readonly bodies = new Map<string, string>()
  private position = -1

  constructor (private readonly search: OfferSearch, private readonly maxEntries: number) {}

  etag (position: number, lang: ContentLang, url: string): string {
    return `W/"${position}-${lang}-${this.search.ref.fingerprint}-${hash(url)}"`
  }

  /** onRequest: a 304 for a current ETag, or a remembered body, before validation and search. */
  readonly answerEarly = async (request: FastifyRequest, reply: FastifyReply) => {
    const lang = askedLanguage(request)
    if (lang === undefined) return
    const position = this.search.position()
    const etag = this.etag(position, lang, request.url)
    if (matches(request.headers['if-none-match'], etag)) {
      this.headers(reply, etag, lang)
      return reply.code(304).send()
    }
    if (position !== this.position) return
    const body = this.bodies.get(`${lang} ${request.url}`)
    if (body !== undefined) return this.headers(reply, etag, lang).type(JSON_TYPE).send(body)
  }

  /** Sends a 200 with its validators, remembering a JSON text body for the next identical request. */
  send (request: FastifyRequest, reply: FastifyReply, position: number, lang: ContentLang, body: string | object) {
    this.headers(reply, this.etag(position, lang, request.url), lang)
    if (typeof body !== 'string') return reply.send(body)
    if (this.maxEntries > 0) {
      if (position !== this.position || this.bodies.size >= this.maxEntries) { this.bodies.clear(); this.position = position }
      this.bodies.set(`${lang} ${request.url}`, body)
    }
    return reply.type(JSON_TYPE).send(body)
  }

  private headers (reply: FastifyReply, etag: string, lang: ContentLang): FastifyReply {
    return reply.headers({ etag, 'cache-control': CACHE_CONTROL, 'content-language': lang, vary: 'Accept-Language' })
  }
}
