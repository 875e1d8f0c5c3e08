// Conditional GETs for the public directory: the ETag names the directory's state and the request, so it is known
// before any work is done, and a client that has the current answer gets 304 at once (without spending its budget).
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction, RouteOptions } from 'fastify'
import { randomUUID } from 'node:crypto'
import { feedPosition } from '../core/feed-position.js'
import type { Db } from '../db/client.js'
import { headerLanguage } from './language.js'

/** What a public answer depends on, worked out once per request. */
export type PublicState = {
  /** The feed position the request saw: it moves with every change of the public directory. */
  position: number
  /** The request as far as the answer depends on it (URL, and the language Accept-Language chooses): a cache key within one position. */
  key: string
  etag: string
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Public scope: what this route's answer to a request depends on (set by `conditionalGet`). */
    publicState?: (request: FastifyRequest) => PublicState
    /** The answer depends on the clock too (open now, an alert that ends): its ETag and cache key name the minute. */
    clock?: boolean
  }
}

/**
 * FNV-1a (32 bits) of the request key, in base 36: the ETag's part that tells requests apart. (@fastify/etag's fnv1a
 * takes Buffers too, through a closure per call, and cost about four times as much on every public read.)
 */
function hashOf (key: string): string {
  let h = 0x811c9dc5
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193)
  // 31 bits: a small integer, which V8 writes in base 36 on its fast path.
  return (h >>> 1).toString(36)
}

/**
 * Public answers depend only on the published directory (its feed position), the reference data (fixed for the
 * life of the process: it loads at start) and the request itself (URL and language); those marked `clock` on the minute too.
 */
function stateReader (db: Db, bootId: string, clock: boolean) {
  return (request: FastifyRequest): PublicState => {
    const position = feedPosition(db)
    // The answer depends on Accept-Language only through the language it chooses: headers that choose the same one
    // share the ETag and the cached answer.
    const key = `${request.url}|${headerLanguage(request.headers['accept-language'])}${clock ? `|${Math.floor(Date.now() / 60_000)}` : ''}`
    return { position, key, etag: `W/"${bootId}.${position}.${hashOf(key)}"` }
  }
}

/** If-None-Match compares weakly: W/"x" matches "x"; a list matches when one of its tags does. */
function matchesEtag (header: string, etag: string): boolean {
  // The common case, a client sending back the tag it was given, without splitting anything.
  if (header === etag) return true
  const bare = etag.replace(/^W\//, '')
  return header.split(',').some((tag) => {
    const t = tag.trim()
    return t === '*' || t.replace(/^W\//, '') === bare
  })
}

/**
 * Worked out once per request: the rate limit, the 304 and the response cache must all see the same state.
 * Kept on the request itself (a decoration of the public scope), not in a WeakMap: V8's young-generation collector
 * keeps a WeakMap's values alive, so per-request states would pile up in the old generation until a full collection.
 */
const STATE = Symbol('publicState')
type WithState = FastifyRequest & { [STATE]: PublicState | null }

/** The state a public read depends on; undefined outside the public scope. */
export function publicState (request: FastifyRequest): PublicState | undefined {
  const known = (request as WithState)[STATE]
  if (known) return known
  // Read once per request: Fastify builds `routeOptions` anew on every access.
  const read = request.routeOptions.config.publicState
  return read === undefined ? undefined : ((request as WithState)[STATE] = read(request))
}

/** Whether the request will be answered 304: a public read whose If-None-Match names the current ETag. */
export function notModified (request: FastifyRequest): boolean {
  const header = request.headers['if-none-match']
  if (header === undefined || (request.method !== 'GET' && request.method !== 'HEAD')) return false
  const state = publicState(request)
  return state !== undefined && matchesEtag(header, state.etag)
}

/**
 * For a scope of public reads: `onRoute` gives each route the state reader, `onRequest` sends the ETag, or the 304.
 * (Preflights never reach the hook: CORS answers them first.)
 */
export function conditionalGet (db: Db, bootId: string = randomUUID().slice(0, 8)) {
  const read = stateReader(db, bootId, false)
  const readClocked = stateReader(db, bootId, true)
  return {
    /** The request decoration that holds the state (declared up front, so every request has the same shape). */
    decoration: STATE,
    onRoute: (route: RouteOptions) => { route.config = { ...route.config, publicState: route.config?.clock === true ? readClocked : read } },
    onRequest: (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
      reply.header('etag', publicState(request)!.etag)
      reply.header('vary', 'Accept-Language')
      if (notModified(request)) reply.code(304).send()
      else done()
    }
  }
}
