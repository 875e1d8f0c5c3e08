// Test-only routes (hidden from the contract) for what the read-only API cannot trigger yet: bodies, slow handlers, thrown errors.
import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { setTimeout as sleep } from 'node:timers/promises'
import { z } from 'zod'
import { FieldErrors, Unavailable } from '../../src/http/errors.js'
import { sendProblem } from '../../src/http/problem.js'

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const

/** Errors the handlers of the real service can meet, by name. */
const FAILURES: Record<string, () => Error> = {
  bug: () => new Error(`secret internals in ${process.cwd()}/src/offers/store.ts: SELECT * FROM offers`),
  busy: () => Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }),
  full: () => Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }),
  readonly: () => Object.assign(new Error('attempt to write a readonly database'), { code: 'SQLITE_READONLY' }),
  constraint: () => Object.assign(new Error('UNIQUE constraint failed: offers.slug'), { code: 'SQLITE_CONSTRAINT_UNIQUE' }),
  fields: () => new FieldErrors([{ in: 'body', path: '/care_type', message: 'unknown care type' }]),
  unavailable: () => new Unavailable('The export is being rebuilt')
}

export function testRoutes (app: FastifyInstance): void {
  const routes = app.withTypeProvider<ZodTypeProvider>()
  // `ms`: the handler takes that long once the body is in.
  routes.post('/test/echo', {
    schema: {
      hide: true,
      querystring: z.object({ ms: z.coerce.number().int().min(0).max(10_000).default(0) }),
      body: z.strictObject({ name: z.string().max(100) }),
      response: { 200: z.object({ name: z.string() }) }
    }
  }, async (request) => {
    await sleep(request.query.ms)
    return request.body
  })
  routes.get('/test/slow', {
    schema: { hide: true, querystring: z.object({ ms: z.coerce.number().int().min(0).max(10_000) }), response: { 200: z.object({ slept: z.number() }) } }
  }, async (request) => {
    await sleep(request.query.ms)
    return { slept: request.query.ms }
  })
  // The request's logger: a line at each level and one from a child, after setting the request's level when asked.
  routes.get('/test/log', {
    schema: {
      hide: true,
      querystring: z.object({ level: z.enum(LOG_LEVELS).optional() }),
      response: { 200: z.object({ started: z.string(), level: z.string() }) }
    }
  }, async (request) => {
    const started = request.log.level
    if (request.query.level !== undefined) request.log.level = request.query.level
    for (const level of LOG_LEVELS) request.log[level](`line at ${level}`)
    request.log.silent('never written')
    request.log.child({ part: 'child' }).info('line from a child')
    return { started, level: request.log.level }
  })
  // A route with a log level of its own.
  routes.get('/test/log/debug', { logLevel: 'debug', schema: { hide: true, response: { 200: z.object({}) } } }, async (request) => {
    request.log.debug('line at debug on a debug route')
    return {}
  })
  routes.get('/test/problem/:status', {
    schema: { hide: true, params: z.object({ status: z.coerce.number().int().min(400).max(599) }) }
  }, async (request, reply) => sendProblem(reply, request, request.params.status))
  // An answer its own schema rejects (a bug): the serializer must refuse to send it.
  routes.get('/test/mismatch', {
    schema: { hide: true, response: { 200: z.object({ count: z.int() }) } }
  }, async () => ({ count: 'many' }) as unknown as { count: number })
  routes.get('/test/fail/:kind', {
    schema: { hide: true, params: z.object({ kind: z.enum(Object.keys(FAILURES) as [string, ...string[]]) }), response: { 200: z.object({}) } }
  }, async (request) => { throw FAILURES[request.params.kind]!() })
}
