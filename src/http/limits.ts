// Resource limits: body size and encoding, header size, request and body-receive deadlines, overload shedding.
import underPressure from '@fastify/under-pressure'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import type { Config } from '../config.js'
import { BadRequest } from './errors.js'
import { PROBLEM_TYPE, RETRY_AFTER_S, sendProblem } from './problem.js'

/** Settings Fastify and Node's HTTP server take at construction. */
export function serverLimits (config: Config) {
  return {
    bodyLimit: config.BODY_LIMIT_BYTES,
    requestTimeout: config.REQUEST_TIMEOUT_MS,
    http: { maxHeaderSize: config.MAX_HEADER_BYTES, connectionsCheckingInterval: config.CONNECTIONS_CHECK_INTERVAL_MS },
    // Requests that arrive while closing get our own problem+json 503 (see shutdown.ts), not Fastify's plain one.
    return503OnClosing: false,
    clientErrorHandler,
    // URLs the router refuses before any route is found: a path segment over maxParamLength (414), bad %-encoding (400).
    frameworkErrors: (err: FastifyError, request: FastifyRequest, reply: FastifyReply) =>
      sendProblem(reply, request, err.statusCode === 414 ? 414 : 400, { detail: err.statusCode === 414 ? 'A path segment is too long' : 'The URL is not valid' })
  }
}

/** Errors Node raises before a request reaches Fastify (timeouts, oversized headers, bad framing), as problem+json. */
function clientErrorHandler (this: FastifyInstance, err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return
  const status = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400
  const detail = status === 408 ? 'The request was not received in time' : status === 431 ? 'The request headers are too large' : 'The request is not valid HTTP'
  this.log.debug({ code: err.code, status }, 'client error')
  const body = JSON.stringify({ type: 'about:blank', title: STATUS_CODES[status], status, detail })
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ${PROBLEM_TYPE}\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`)
  }
  socket.destroy()
}

/** Installs the per-request limits on the root instance (before any route scope, so every route inherits them). */
export async function installLimits (app: FastifyInstance, config: Config): Promise<void> {
  // Node's requestTimeout does not cut a client that trickles its body under Fastify: give the body its own deadline,
  // which ends when the body has arrived or the answer is done. Most requests have no body, and cost one check here:
  // the deadline's listeners are on that request alone, not lifecycle hooks that would run on every request.
  app.addHook('onRequest', (request, reply, done) => {
    if (request.headers['content-length'] === undefined && request.headers['transfer-encoding'] === undefined) return done()
    const deadline = setTimeout(() => {
      request.log.info('request body not received in time')
      if (!reply.raw.headersSent) {
        const body = JSON.stringify({ type: 'about:blank', title: STATUS_CODES[408], status: 408, detail: 'The request body was not received in time' })
        reply.raw.writeHead(408, { 'content-type': PROBLEM_TYPE, 'content-length': Buffer.byteLength(body), connection: 'close' })
        reply.raw.end(body)
      }
      request.raw.socket.destroySoon()
    }, config.BODY_TIMEOUT_MS)
    const clear = () => clearTimeout(deadline)
    request.raw.once('end', clear)
    reply.raw.once('close', clear)
    done()
  })

  // JSON is UTF-8 (RFC 8259): reject bytes that do not decode instead of replacing them with U+FFFD.
  const parseJson = app.getDefaultJsonParser('error', 'error')
  const decoder = new TextDecoder('utf-8', { fatal: true })
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    let text: string
    try {
      text = decoder.decode(body as Buffer)
    } catch {
      done(new BadRequest('The request body is not valid UTF-8'), undefined)
      return
    }
    // Many clients send Content-Type: application/json on a POST without a body (a workflow step): no body, not an error.
    // A route that needs a body still says so, through its schema.
    if (text === '') done(null, undefined)
    else parseJson(request, text, done)
  })
  // JSON routes take JSON only: a text/plain body is 415, not a string that fails validation.
  app.removeContentTypeParser('text/plain')

  if (config.PRESSURE_MAX_EVENT_LOOP_DELAY_MS > 0) {
    await app.register(underPressure, { maxEventLoopDelay: config.PRESSURE_MAX_EVENT_LOOP_DELAY_MS, retryAfter: RETRY_AFTER_S })
  }
}
