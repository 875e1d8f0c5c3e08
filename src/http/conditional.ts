// Conditional GETs for the public directory: the ETag names the directory's state and the request, so it is known
// before any work is done, and a client that has the current answer gets 304 at once (without spending its budget).
import { fnv1a } from '@fastify/etag'
import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify'
import { randomUUID } from 'node:crypto'
import { feedPosition } from '../changes/feed.js'
import type { Db } from '../db/client.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Public scope: the ETag of this route's answer to a request (set by `conditionalGet`). */
    publicEtag?: (request: FastifyRequest) => string
  }
}

/**
 * Public answers depend only on the published directory (its feed position), the reference data (fixed for the
 * life of the process: it loads at start) and the request itself (URL and language).
 */
export function publicEtag (db: Db, bootId: string) {
  return (request: FastifyRequest): string => {
    const language = request.headers['accept-language'] ?? ''
    return `W/"${bootId}.${feedPosition(db)}.${fnv1a(`${request.url}|${language}`)}"`
  }
}

export function matchesEtag (header: string | undefined, etag: string): boolean {
  if (header === undefined) return false
  const bare = etag.replace(/^W\//, '')
  return header.split(',').some((tag) => {
    const t = tag.trim()
    return t === '*' || t.replace(/^W\//, '') === bare
  })
}

// Worked out once per request: the rate limit asks before the scope's hook answers, and both must see the same state.
const etags = new WeakMap<FastifyRequest, string>()

function etagFor (request: FastifyRequest, etagOf: (request: FastifyRequest) => string): string {
  let etag = etags.get(request)
  if (etag === undefined) {
    etag = etagOf(request)
    etags.set(request, etag)
  }
  return etag
}

/** Whether the request will be answered 304: a public read whose If-None-Match names the current ETag. */
export function notModified (request: FastifyRequest): boolean {
  const etagOf = request.routeOptions.config.publicEtag
  return etagOf !== undefined && (request.method === 'GET' || request.method === 'HEAD') &&
    matchesEtag(request.headers['if-none-match'], etagFor(request, etagOf))
}

/**
 * For a scope of public reads: `onRoute` gives each route the ETag function, `onRequest` sends the ETag, or the 304.
 * (Preflights never reach the hook: CORS answers them first.)
 */
export function conditionalGet (db: Db, bootId: string = randomUUID().slice(0, 8)) {
  const etagOf = publicEtag(db, bootId)
  return {
    onRoute: (route: RouteOptions) => { route.config = { ...route.config, publicEtag: etagOf } },
    onRequest: async (request: FastifyRequest, reply: FastifyReply) => {
      reply.header('etag', etagFor(request, etagOf))
      reply.header('vary', 'Accept-Language')
      if (notModified(request)) return reply.code(304).send()
    }
  }
}
