// A per-client request budget on every route, announced in RateLimit-* headers (IETF draft) and answered 429 when spent.
import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../config.js'
import { TooManyRequests } from './errors.js'

/** The headers every rate-limited answer carries, as the contract documents them. */
export const RATE_LIMIT_HEADERS = ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'] as const

export async function registerRateLimit (app: FastifyInstance, config: Config): Promise<void> {
  await app.register(rateLimit, {
    global: true,
    max: config.RATE_LIMIT_PER_MINUTE,
    timeWindow: 60_000,
    // The client's address (X-Forwarded-For only when TRUST_PROXY says so); partner keys get their own budget later.
    keyGenerator: (request) => request.ip,
    enableDraftSpec: true,
    errorResponseBuilder: (_request, context) =>
      new TooManyRequests(`More than ${context.max} requests per minute; retry in ${context.after}`)
  })
}
