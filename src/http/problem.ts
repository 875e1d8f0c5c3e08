// Every error leaves as RFC 9457 problem+json, documented on every route; 5xx never carry internals.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod'
import { STATUS_CODES } from 'node:http'
import { z } from 'zod'
import { FieldErrors } from './errors.js'

export const FieldError = z.object({
  in: z.string().max(20).meta({ description: 'Where the field is: body, querystring, params, headers' }),
  path: z.string().max(500).meta({ description: 'JSON pointer to the field' }),
  message: z.string().max(500)
})

export const Problem = z.object({
  type: z.string().max(200),
  title: z.string().max(200),
  status: z.int().min(400).max(599),
  detail: z.string().max(2000).optional(),
  instance: z.string().max(2000).optional(),
  request_id: z.string().max(100).optional(),
  errors: z.array(FieldError).max(1000).optional()
}).meta({ id: 'Problem', description: 'An error, as RFC 9457 problem details' })
export type Problem = z.infer<typeof Problem>

export const PROBLEM_TYPE = 'application/problem+json'

/** How long an overloaded, busy or restarting service asks clients to wait, in seconds. */
export const RETRY_AFTER_S = 5

/** SQLite result codes that mean "try again later", not "the server is broken". */
const UNAVAILABLE_SQLITE = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_FULL', 'SQLITE_READONLY', 'SQLITE_IOERR'])

/** The path only: a query string may carry what the caller should not have sent there (a key), and an answer never echoes it. */
const instanceOf = (url: string) => url.split('?', 1)[0]!.slice(0, 2000)

export function sendProblem (reply: FastifyReply, request: FastifyRequest, status: number, extra: Partial<Problem> = {}) {
  // Details may echo the request (a header, a field name): cut them to the documented bounds rather than fail the answer.
  const { detail, errors, ...rest } = extra
  // Every 503 says when to come back (overload, a busy or full database, a restart, not ready yet).
  if (status === 503 && !reply.hasHeader('retry-after')) reply.header('retry-after', String(RETRY_AFTER_S))
  return reply.code(status).type(PROBLEM_TYPE).send({
    type: 'about:blank', title: STATUS_CODES[status] ?? 'Error', status, instance: instanceOf(request.url), request_id: String(request.id), ...rest,
    ...(detail === undefined ? {} : { detail: detail.slice(0, 2000) }),
    ...(errors === undefined ? {} : { errors: errors.slice(0, 1000).map((e) => ({ in: e.in.slice(0, 20), path: e.path.slice(0, 500), message: e.message.slice(0, 500) })) })
  } satisfies Problem)
}

export function installProblemHandling (app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError & { errors?: FieldErrors['errors'], code?: string }, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      // Fastify names the part that failed (body, querystring, params, headers); zod gives every issue a path ("/" for the
      // whole part) and a message.
      const where = String(err.validationContext)
      return sendProblem(reply, request, 400, {
        detail: `Invalid ${where}`,
        errors: err.validation.map((v) => ({ in: where, path: v.instancePath, message: String(v.message) }))
      })
    }
    if (err instanceof FieldErrors) return sendProblem(reply, request, err.statusCode, { detail: err.message, errors: err.errors })
    const sqliteCode = /^SQLITE_[A-Z]+/.exec(err.code ?? '')?.[0]
    if (sqliteCode !== undefined && UNAVAILABLE_SQLITE.has(sqliteCode)) {
      request.log.warn({ code: err.code }, 'database unavailable')
      return sendProblem(reply, request, 503, { detail: 'The directory cannot take this request right now; try again shortly' })
    }
    // Constraints are checked before writing; one that still fails is a conflict with stored data (a race, a duplicate).
    if (sqliteCode === 'SQLITE_CONSTRAINT') return sendProblem(reply, request, 409, { detail: 'The change conflicts with stored data' })
    const status = err.statusCode ?? 500
    if (status >= 400 && status < 500) return sendProblem(reply, request, status, { detail: err.message })
    if (status === 503) return sendProblem(reply, request, 503, { detail: err.message })
    request.log.error({ err }, 'unhandled error')
    return sendProblem(reply, request, 500, { detail: 'An unexpected error occurred; it has been logged with this request_id' })
  })
  app.setNotFoundHandler(notFound)

  // Document the shared error answers on every route that declares its responses.
  app.addHook('onRoute', (route) => {
    const schema = route.schema as { response?: Record<string | number, unknown>, body?: unknown, security?: Array<Record<string, unknown>> } | undefined
    if (!schema?.response) return
    // A route that takes a key, even optionally, can meet a bad one.
    const keyed = schema.security?.some((requirement) => Object.keys(requirement).length > 0) === true
    const answers = { ...STANDARD, ...(schema.body === undefined ? {} : WITH_BODY), ...(keyed ? WITH_KEY : {}) }
    for (const [status, description] of Object.entries(answers)) {
      schema.response[status] ??= problemResponse(description)
    }
  })
}

/** The answer for a URL no route matches. */
export function notFound (request: FastifyRequest, reply: FastifyReply) {
  return sendProblem(reply, request, 404, { detail: `No route ${request.method} ${request.url.split('?')[0]}` })
}

/** What any route may answer: bad input, no such thing, over the rate limit, a bug, overload or shutdown. */
const STANDARD = {
  400: 'Invalid request', 404: 'Not found', 429: 'Too many requests: wait as long as Retry-After says',
  500: 'Unexpected error', 503: 'Temporarily unavailable (overloaded, busy or restarting): retry after Retry-After seconds'
}
const WITH_BODY = { 413: 'The request body is too large', 415: 'The request body is not JSON' }
const WITH_KEY = { 401: 'No valid API key in X-Api-Key', 403: 'This key may not do this' }

/** A documented problem+json answer, for a route's `response` map. */
export function problemResponse (description: string) {
  return { description, content: { [PROBLEM_TYPE]: { schema: Problem } } }
}
