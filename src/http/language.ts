// Content negotiation: `lang=` wins over Accept-Language; nl is the fallback; the answer says which it used.
import type { FastifyReply, FastifyRequest } from 'fastify'
import { CONTENT_LANGS, type ContentLang } from '../text/schemas.js'

export function negotiateLanguage (request: FastifyRequest, reply: FastifyReply): ContentLang {
  const lang = (request.query as { lang?: ContentLang } | undefined)?.lang ?? headerLanguage(request.headers['accept-language'])
  reply.header('content-language', lang)
  reply.header('vary', 'Accept-Language')
  return lang
}

/** The language an Accept-Language header chooses when `lang=` does not: its best of nl/fr/en, or nl. */
export const headerLanguage = (header: string | undefined): ContentLang => fromHeader(header) ?? 'nl'

/** The best of nl/fr/en by q-value in an Accept-Language header (RFC 9110 §12.5.4), or undefined. */
export function fromHeader (header: string | undefined): ContentLang | undefined {
  if (!header) return undefined
  let best: ContentLang | undefined
  let bestQ = 0
  for (const part of header.slice(0, 500).split(',')) {
    const [tag = '', ...params] = part.trim().toLowerCase().split(';')
    const q = Number(params.map((p) => p.trim()).find((p) => p.startsWith('q='))?.slice(2) ?? 1)
    const primary = tag.split('-')[0] as ContentLang
    if ((CONTENT_LANGS as readonly string[]).includes(primary) && q > bestQ) { best = primary; bestQ = q }
  }
  return best
}
