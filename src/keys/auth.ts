// The key check for protected scopes: who is calling (`request.apiKey`), and whether the route lets that role in.
import type { FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { Db } from '../db/client.js'
import type { Actor } from '../core/entry.js'
import { Forbidden, Unauthorized } from '../http/errors.js'
import { problemResponse } from '../http/problem.js'
import { type ApiKeyIdentity, authenticate, type KeyRole } from './store.js'

declare module 'fastify' {
  interface FastifyRequest { apiKey: ApiKeyIdentity | null }
  interface FastifyContextConfig {
    /** The key roles a route admits; a protected route that names none admits only admins. */
    roles?: readonly KeyRole[]
  }
}

// Each request's key is authenticated once: the rate limit (on every route) asks first, the key check reuses the answer.
const callers = new WeakMap<FastifyRequest, ApiKeyIdentity | undefined>()

/** The caller behind the request's X-Api-Key; undefined without a key, or for a malformed, unknown or revoked one. */
export function callerKey (db: Db, request: FastifyRequest): ApiKeyIdentity | undefined {
  const header = request.headers['x-api-key']
  if (typeof header !== 'string') return undefined
  if (!callers.has(request)) callers.set(request, authenticate(db, header))
  return callers.get(request)
}

/** The OpenAPI security schemes of the keyed scopes (src/http/openapi.ts): one each, as OWASP API5 asks of admin routes. */
export type KeyScheme = 'adminKey' | 'partnerKey'

/**
 * Registered inside a scope (not the whole app): every route in that scope needs a valid key in `X-Api-Key`
 * (never the query string) whose role the route admits. No or a bad key: 401; a key of another role: 403.
 */
export const keyAuth = fp<{ db: Db, scheme: KeyScheme }>(async (scope, { db, scheme }) => {
  scope.decorateRequest('apiKey', null)
  scope.addHook('onRoute', (route) => {
    const schema = route.schema as { security?: unknown, response?: Record<string | number, unknown> } | undefined
    if (!schema?.response) return
    schema.security = [{ [scheme]: [] }]
    schema.response[401] ??= problemResponse('No valid API key in X-Api-Key (missing, malformed, unknown or revoked)')
    schema.response[403] ??= problemResponse('The key\'s role may not do this')
  })
  scope.addHook('onRequest', async (request) => {
    const key = callerKey(db, request)
    if (!key) throw new Unauthorized()
    const admitted = request.routeOptions.config.roles ?? ['admin']
    if (!admitted.includes(key.role)) throw new Forbidden(`A ${key.role} key may not ${request.method} ${request.routeOptions.url}`)
    request.apiKey = key
  })
}, { name: 'key-auth' })

/** The caller as the history and the audit log name it. */
export function actorOf (request: FastifyRequest): Actor {
  const key = request.apiKey!
  return { key_id: key.id, label: key.label }
}

/** Admins curate everything; an editor only the organisations on its key; partners nothing. */
export function mayCurate (key: ApiKeyIdentity, organisationId: string): boolean {
  return key.role === 'admin' || (key.role === 'editor' && key.organisation_ids.has(organisationId))
}
