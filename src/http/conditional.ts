// Conditional GETs for the public directory: the ETag names the directory's state and the request, so it is known
// before any work is done, and a client that has the current answer gets 304 at once.
import { fnv1a } from '@fastify/etag'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { randomUUID } from 'node:crypto'
import { feedPosition } from '../changes/feed.js'
import type { Db } from '../db/client.js'

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

export function conditionalGet (db: Db, bootId: string = randomUUID().slice(0, 8)) {
  const etagOf = publicEtag(db, bootId)
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return
    const etag = etagOf(request)
    reply.header('etag', etag)
    reply.header('vary', 'Accept-Language')
    if (matchesEtag(request.headers['if-none-match'], etag)) return reply.code(304).send()
  }
}
