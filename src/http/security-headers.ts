// Security headers on every answer: helmet's defaults (nosniff, frame options, CSP, HSTS, …), worked out once at start.
// @fastify/helmet builds helmet's middleware again on every request, which cost more CPU than answering a cached search.
import type { FastifyInstance } from 'fastify'
import helmet from 'helmet'
import type { IncomingMessage, ServerResponse } from 'node:http'

/** The headers helmet's defaults set, by name. */
export function securityHeaders (): Record<string, string> {
  const headers: Record<string, string> = {}
  // Helmet only sets and removes headers (no directive here depends on the request), so one run with a recorder tells them all.
  const recorder = { setHeader: (name: string, value: string) => { headers[name.toLowerCase()] = value }, removeHeader: () => undefined }
  helmet()({} as IncomingMessage, recorder as unknown as ServerResponse, () => undefined)
  return headers
}

/** Installs the headers on the root instance, so every route and every error answer carries them. */
export function installSecurityHeaders (app: FastifyInstance): void {
  const headers = securityHeaders()
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers)
    done()
  })
}
