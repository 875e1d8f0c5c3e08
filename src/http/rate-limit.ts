// Request budgets per caller, announced on every answer in RateLimit-* headers (IETF draft) and answered 429 when spent:
// callers without a valid key by client address, each partner key and each admin or editor key on a budget of its own,
// and failed key attempts by client address. A conditional GET answered 304 costs nothing.
import rateLimit, { normalizeIP } from '@fastify/rate-limit'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Config } from '../config.js'
import type { Db } from '../db/client.js'
import { callerKey } from '../keys/auth.js'
import { notModified } from './conditional.js'
import { TooManyRequests } from './errors.js'

/** The headers every rate-limited answer carries, as the contract documents them. */
export const RATE_LIMIT_HEADERS = ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'] as const

const WINDOW_MS = 60_000

/** A budget as the store counted it (no allowList here, so every request is counted or read). */
type Budget = { max: number, remaining: number, ttlInSeconds: number, isExceeded: boolean }

/**
 * The client's address (X-Forwarded-For only when TRUST_PROXY says so); an IPv6 client by its /64, as one host holds one.
 * An address without a colon is IPv4 and needs no normalising (the plugin's IPv6 test is a long regular expression).
 */
const addressOf = ({ ip }: FastifyRequest) => (ip.includes(':') ? normalizeIP(ip) : ip)

function announce (reply: FastifyReply, budget: Budget): void {
  reply.header('ratelimit-limit', budget.max)
  reply.header('ratelimit-remaining', budget.remaining)
  reply.header('ratelimit-reset', budget.ttlInSeconds)
}

function refuse (reply: FastifyReply, budget: Budget, why: string): never {
  announce(reply, budget)
  reply.header('retry-after', budget.ttlInSeconds)
  throw new TooManyRequests(`${why}; retry in ${budget.ttlInSeconds} s`)
}

export async function registerRateLimit (app: FastifyInstance, { config, db }: { config: Config, db: Db }): Promise<void> {
  // The plugin's store and counting; which budget a request spends, and when, is decided in the hook below.
  await app.register(rateLimit, { global: false })
  // A budget per kind of caller, each with its own maximum and store. A valid key spends its own budget wherever it
  // is sent; a missing or bad one leaves the caller anonymous.
  const limiter = (max: number, keyGenerator: (request: FastifyRequest) => string) => app.createRateLimit({ timeWindow: WINDOW_MS, max, keyGenerator })
  const keyOf = (request: FastifyRequest) => callerKey(db, request)!.id
  const budgets = {
    anonymous: limiter(config.RATE_LIMIT_PER_MINUTE, addressOf),
    partner: limiter(config.RATE_LIMIT_PARTNER_PER_MINUTE, keyOf),
    curator: limiter(config.RATE_LIMIT_CURATOR_PER_MINUTE, keyOf)
  }
  const failedKeys = limiter(config.RATE_LIMIT_FAILED_KEYS_PER_MINUTE, addressOf)

  // On the root instance, so it runs before every scope's hooks (the key check, the 304) and on unknown routes too.
  app.addHook('onRequest', async (request, reply) => {
    // Guessing keys, on any route (a valid key shows in its RateLimit-Limit): a budget per address, whatever the key.
    const key = callerKey(db, request)
    if (key === undefined && request.headers['x-api-key'] !== undefined) {
      const failed = await failedKeys(request) as Budget
      if (failed.isExceeded) refuse(reply, failed, `More than ${failed.max} failed key attempts per minute from this address`)
    }
    const requests = key === undefined ? budgets.anonymous : key.role === 'partner' ? budgets.partner : budgets.curator
    const free = notModified(request)
    const budget = await requests(request, { increment: !free }) as Budget
    if (budget.isExceeded && !free) refuse(reply, budget, `More than ${budget.max} requests per minute`)
    announce(reply, budget)
  })
}
