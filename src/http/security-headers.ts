// Security headers on every answer, worked out once at start.
// @fastify/helmet builds helmet's middleware again on every request, which cost more CPU than answering a cached search.
// Answers are JSON (or YAML) read by programs: they get the set OWASP advises for REST APIs (no sniffing, no framing,
// a CSP that allows nothing, HSTS, no referrer). Helmet's defaults are about HTML pages (scripts, popups, DNS
// prefetching), so only the pages of /docs carry them.
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify'
import helmet, { type HelmetOptions } from 'helmet'
import type { IncomingMessage, ServerResponse } from 'node:http'

const API_HEADERS: HelmetOptions = {
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ['\'none\''], frameAncestors: ['\'none\''] } },
  xFrameOptions: { action: 'deny' },
  crossOriginOpenerPolicy: false,
  crossOriginResourcePolicy: false,
  originAgentCluster: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false
}

/** The headers helmet sets with these options (its defaults without), by name. */
export function securityHeaders (options?: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {}
  // Helmet only sets and removes headers (no directive here depends on the request), so one run with a recorder tells them all.
  const recorder = { setHeader: (name: string, value: string) => { headers[name.toLowerCase()] = value }, removeHeader: () => undefined }
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, () => undefined)
  return headers
}

/** Installs the API's headers on the root instance, so every route and every error answer carries them. */
export function installSecurityHeaders (app: FastifyInstance): void {
  const headers = securityHeaders(API_HEADERS)
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers)
    done()
  })
}

const pageHeaders = securityHeaders()

/** onRequest hook for the routes of HTML pages and their assets: helmet's defaults over the API's set (same names, other values). */
export function pageSecurityHeaders (_request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
  reply.headers(pageHeaders)
  done()
}
