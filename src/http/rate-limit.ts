// Request budgets per caller, announced on every answer in RateLimit-* headers (IETF draft) and answered 429 when spent:
// callers without a valid key by client address, each partner key and each admin or editor key on a budget of its own,
// and failed key attempts by client address. A conditional GET answered 304 costs nothing.
//
// The counting is @fastify/rate-limit's (a window per caller from its first request, in a bounded LRU map from
// toad-cache, as the plugin's local store keeps them), done in one synchronous hook: the plugin's per-request path
// awaits three promises and cost about a tenth of the CPU of every answer, a cached search or a 304 included.
import { normalizeIP } from '@fastify/rate-limit'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { LruMap } from 'toad-cache'
import type { Config } from '../config.js'
import { notModified } from './conditional.js'
import { TooManyRequests } from './errors.js'

/** The headers every rate-limited answer carries, as the contract documents them. */
export const RATE_LIMIT_HEADERS = ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'] as const

const WINDOW_MS = 60_000
/** Callers remembered per budget (the plugin's default): beyond that the least recent one starts afresh. */
const CALLERS = 5000

type Window = { start: number, used: number }

/** One kind of budget: `max` requests per caller per window (a minute unless told), starting at the caller's first request. */
export class Budget {
  private readonly windows = new LruMap<Window>(CALLERS)

  constructor (readonly max: number, readonly windowMs = WINDOW_MS) {}

  /** The caller's current window, with this request counted unless `spend` is false (a missing one is not stored then). */
  window (caller: string, spend: boolean, now: number): Window {
    let window = this.windows.get(caller)
    if (window === undefined || window.start + this.windowMs <= now) {
      window = { start: now, used: 0 }
      if (spend) this.windows.set(caller, window)
    }
    if (spend) window.used++
    return window
  }
}

/**
 * The client's address (X-Forwarded-For only when TRUST_PROXY says so); an IPv6 client by its /64, as one host holds one.
 * An address without a colon is IPv4 and needs no normalising (the plugin's IPv6 test is a long regular expression).
 */
export const addressOf = ({ ip }: FastifyRequest) => (ip.includes(':') ? normalizeIP(ip) : ip)

/** Writes the RateLimit headers of the caller's window; true when it is spent. */
function announce (reply: FastifyReply, budget: Budget, window: Window, now: number): boolean {
  reply.header('ratelimit-limit', budget.max)
  reply.header('ratelimit-remaining', Math.max(0, budget.max - window.used))
  reply.header('ratelimit-reset', secondsLeft(window, now))
  return window.used > budget.max
}

const secondsLeft = (window: Window, now: number) => Math.ceil((window.start + WINDOW_MS - now) / 1000)

function refusal (reply: FastifyReply, window: Window, now: number, why: string): Error {
  const wait = secondsLeft(window, now)
  reply.header('retry-after', wait)
  return new TooManyRequests(`${why}; retry in ${wait} s`)
}

/** Who is calling: the key behind the request's X-Api-Key, or undefined without a valid one (src/keys/auth.ts). */
export type Caller = (request: FastifyRequest) => { id: string, role: string } | undefined

export function installRateLimit (app: FastifyInstance, { config, caller }: { config: Config, caller: Caller }): void {
  // A budget per kind of caller. A valid key spends its own budget wherever it is sent; a missing or bad one leaves the
  // caller anonymous.
  const anonymous = new Budget(config.RATE_LIMIT_PER_MINUTE)
  const partner = new Budget(config.RATE_LIMIT_PARTNER_PER_MINUTE)
  const curator = new Budget(config.RATE_LIMIT_CURATOR_PER_MINUTE)
  const failedKeys = new Budget(config.RATE_LIMIT_FAILED_KEYS_PER_MINUTE)

  // On the root instance, so it runs before every scope's hooks (the key check, the 304) and on unknown routes too.
  app.addHook('onRequest', (request, reply, done) => {
    const now = Date.now()
    // Guessing keys, on any route (a valid key shows in its RateLimit-Limit): a budget per address, whatever the key.
    const key = caller(request)
    if (key === undefined && request.headers['x-api-key'] !== undefined) {
      const failed = failedKeys.window(addressOf(request), true, now)
      if (announce(reply, failedKeys, failed, now)) {
        return done(refusal(reply, failed, now, `More than ${failedKeys.max} failed key attempts per minute from this address`))
      }
    }
    const budget = key === undefined ? anonymous : key.role === 'partner' ? partner : curator
    const free = notModified(request)
    const window = budget.window(key === undefined ? addressOf(request) : key.id, !free, now)
    if (announce(reply, budget, window, now) && !free) return done(refusal(reply, window, now, `More than ${budget.max} requests per minute`))
    done()
  })
}
