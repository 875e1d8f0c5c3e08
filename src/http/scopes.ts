// What a route scope adds to its routes: public reads are cacheable and open to any origin; keyed scopes are neither.
import cors from '@fastify/cors'
import type { RouteOptions } from 'fastify'
import fp from 'fastify-plugin'
import { z } from 'zod'
import type { Db } from '../db/client.js'
import { conditionalGet } from './conditional.js'
import { notFound } from './problem.js'

/**
 * Any web page may read public data. The plugin answers preflights, from a scope of their own: its hook runs on every
 * request of its scope and builds route options and its options anew each time, which cost more than the one header
 * a simple request needs, set here before the other hooks of the scope.
 */
export const publicCors = fp(async (scope) => {
  // strictPreflight off: a plain OPTIONS (no preflight headers) gets 204, not the plugin's text/plain 400.
  await scope.register(async (preflights) => {
    // POST: reports from the field (src/reports/routes.ts), which any web page may send.
    await preflights.register(cors, { origin: '*', methods: ['GET', 'HEAD', 'POST', 'OPTIONS'], strictPreflight: false })
  })
  scope.addHook('onRequest', (_request, reply, done) => {
    reply.header('access-control-allow-origin', '*')
    done()
  })
  // A refusal before the scope's own hooks (the rate limit, overload) must reach browser apps too: a 429 they cannot read
  // looks like a dead service. Retry-After is exposed so they can say when to come back.
  scope.addHook('onError', (_request, reply, _error, done) => {
    reply.header('access-control-allow-origin', '*')
    reply.header('access-control-expose-headers', 'Retry-After')
    done()
  })
}, { name: 'public-cors' })

/** Public reads: CORS for any origin, an ETag from the directory's state with 304 on If-None-Match, and a short shared cache. */
export const publicScope = fp<{ db: Db }>(async (scope, { db }) => {
  await scope.register(publicCors)
  const conditional = conditionalGet(db)
  scope.decorateRequest(conditional.decoration, null)
  scope.addHook('onRoute', conditional.onRoute)
  scope.addHook('onRequest', conditional.onRequest)
  scope.addHook('onRoute', documentNotModified)
  scope.addHook('onSend', (request, reply, payload, done) => {
    if (request.method === 'GET' && reply.statusCode < 300 && !reply.hasHeader('cache-control')) reply.header('cache-control', 'public, max-age=60')
    done(null, payload)
  })
}, { name: 'public-scope' })

/** onRoute hook for the public scope: its GETs may answer 304 to a matching If-None-Match. */
function documentNotModified (route: RouteOptions): void {
  const response = (route.schema as { response?: Record<string, unknown> } | undefined)?.response
  // A null schema documents the answer without a body.
  if (response && route.method === 'GET') response[304] ??= z.null().meta({ description: 'Not modified: the ETag in If-None-Match is current' })
}

export type PrivateScopeOptions = {
  /** Browser origins allowed to call these routes (CORS_ADMIN_ORIGINS); an unknown origin gets no CORS headers. */
  origins: string[]
}

/** Keyed routes (admin, curation): `await admin.register(privateScope, { origins: config.CORS_ADMIN_ORIGINS })`. */
export const privateScope = fp<PrivateScopeOptions>(async (scope, { origins }) => {
  const allowed = new Set(origins)
  await scope.register(cors, {
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'],
    allowedHeaders: ['Content-Type', 'X-Api-Key', 'If-Match', 'If-None-Match', 'Idempotency-Key'],
    exposedHeaders: ['ETag', 'Location', 'Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'],
    credentials: false,
    maxAge: 600,
    strictPreflight: false
  })
  // Entries, keys and audit rows must not linger in browser or proxy caches.
  scope.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store')
  })
  // Unknown paths under the scope's prefix answer like its routes: after the scope's hooks (a key check says 401 first,
  // so which paths exist is told to key holders only), and not cached.
  scope.setNotFoundHandler(notFound)
}, { name: 'private-scope' })
