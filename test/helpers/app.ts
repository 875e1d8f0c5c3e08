// The one way to get an app in a test: a fresh in-memory SQLite with the real migrations and reference data (a copy of
// one built per process), and every response checked against the committed openapi.yaml (a violation fails the test that caused it).
import type { FastifyRequest } from 'fastify'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Test } from 'tap'
import { buildApp, type Extend, loggerOptions } from '../../src/app.js'
import { type Config, loadConfig } from '../../src/config.js'
import type { Db } from '../../src/db/client.js'
import { contractViolations } from './contract.js'
import { testDatabase } from './database.js'

/** Test settings: quiet, short deadlines, and limits that only the tests about them reach. */
export const TEST_ENV: Record<string, string> = {
  LOG_LEVEL: 'silent',
  REQUEST_TIMEOUT_MS: '1000',
  BODY_TIMEOUT_MS: '1000',
  CONNECTIONS_CHECK_INTERVAL_MS: '250',
  RATE_LIMIT_PER_MINUTE: '1000000',
  RATE_LIMIT_PARTNER_PER_MINUTE: '1000000',
  RATE_LIMIT_CURATOR_PER_MINUTE: '1000000',
  RATE_LIMIT_FAILED_KEYS_PER_MINUTE: '1000000',
  PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0'
}

export function testConfig (over: Record<string, string> = {}): Config {
  return loadConfig({ ...TEST_ENV, ...over })
}

export type SetupOptions = {
  sample?: boolean
  env?: Record<string, string>
  /** Adds test-only hooks or routes (mark such routes `schema: { hide: true }`: they are not part of the contract). */
  extend?: Extend
  /** Collects the log lines (as parsed JSON) instead of discarding them. */
  logs?: Array<Record<string, unknown>>
  /** Changes the loaded database before the app is built on it (an older state to upgrade, say). */
  before?: (db: Db) => void
}

export async function setup (t: Test, { sample = true, env = {}, extend, logs, before }: SetupOptions = {}) {
  const db = testDatabase({ sample })
  before?.(db)
  const config = testConfig(env)
  const logger = logs === undefined
    ? {}
    : { logger: { ...(loggerOptions(config) as object), stream: { write: (line: string) => { logs.push(JSON.parse(line)) } } } }
  const app = await buildApp({ config, db }, logger, async (app) => {
    checkContract(t)(app)
    await extend?.(app)
  })
  t.teardown(async () => { await app.close(); db.$client.close() })
  return { app, db }
}

/** Validates every response of the app against openapi.yaml (a streamed body: all but its content); each violation is a failed assertion in `t`. */
export function checkContract (t: Test): Extend {
  return (app) => {
    const payloads = new WeakMap<FastifyRequest, string | undefined>()
    app.addHook('onSend', async (request, _reply, payload) => {
      payloads.set(request, typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : payload == null ? '' : undefined)
      return payload
    })
    // onResponse sees the final status (after a conditional GET may have turned a 200 into a 304).
    app.addHook('onResponse', async (request, reply) => {
      if ((request.routeOptions.schema as { hide?: boolean } | undefined)?.hide === true) return
      // A 204 or 304 goes out without a body, whatever the handler passed to send() (onSend still sees `null` as "null").
      const body = reply.statusCode === 204 || reply.statusCode === 304 ? '' : payloads.get(request)
      const problems = contractViolations({
        method: request.method,
        route: request.routeOptions.url,
        status: reply.statusCode,
        contentType: reply.getHeader('content-type') as string | undefined,
        headers: reply.getHeaders(),
        body
      })
      for (const problem of problems) t.fail(`openapi.yaml contract: ${problem}`, { url: request.url })
    })
  }
}

/** Lets the event loop turn: a change another process (or connection) made shows from the next turn on. */
export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * Answers that depend on the clock (open now) name the minute in their ETag, so two requests either side of a minute's
 * end differ: a test that compares their ETags starts at least five seconds before the next minute.
 */
export async function withinOneMinute (): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000)
  if (left < 5_000) await sleep(left + 50)
}
