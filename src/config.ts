// Reads and validates the service's settings from the environment, once.
import { z } from 'zod'

const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1')
const list = z.string().transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))

function trustProxy (value: string): boolean | string[] {
  if (value === 'true' || value === 'false') return value === 'true'
  return value.split(',').map((s) => s.trim()).filter(Boolean)
}

export const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_PATH: z.string().min(1).default('data/directory.db'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * The data set an empty database starts with: `starter` (real offers, marked not yet verified), `sample` (invented
   * offers, for demos and tests) or `none`. A database holds one data set and loads each of its entries once.
   */
  DATASET: z.enum(['starter', 'sample', 'none']).default('starter'),
  /** Replaced by DATASET; refused, so a deployment that still sets it learns so instead of getting another data set. */
  SAMPLE_DATA: z.undefined({ error: 'SAMPLE_DATA is replaced by DATASET=starter|sample|none (SAMPLE_DATA=false is DATASET=none)' }).optional(),
  /** Public URL of the service, used in links the API hands out (HSDS `openapi_url`). */
  PUBLIC_BASE_URL: z.url().default('http://localhost:3000'),
  SQLITE_SYNCHRONOUS: z.enum(['FULL', 'NORMAL']).default('FULL'),
  SQLITE_BUSY_TIMEOUT_MS: z.coerce.number().int().min(0).max(60000).default(5000),
  /** Largest file POST /v1/admin/import takes (the other routes keep Fastify's 1 MiB). */
  IMPORT_MAX_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(10 * 1024 * 1024),
  // Limits and timeouts (README "Reliability and security"); tests set short values.
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(1024 * 1024),
  /** Time to receive a whole request; Node answers 408 when it runs out. */
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  /** Time from the end of the headers to the end of the body; a slower client's connection is closed. */
  BODY_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  /** How often Node checks requests against REQUEST_TIMEOUT_MS (its default of 30 s delays every 408 by up to that much). */
  CONNECTIONS_CHECK_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(1_000),
  MAX_HEADER_BYTES: z.coerce.number().int().min(1024).max(1024 * 1024).default(16 * 1024),
  /** Answer 503 while the event loop lags more than this on average; 0 turns the check off. */
  PRESSURE_MAX_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
  // Request budgets per minute (README "Rate limits"): callers without a valid key by client address, each key on its own.
  /** Per client address, for callers without a valid key. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(10_000_000).default(600),
  /** Per partner key (partners mirror the whole directory). */
  RATE_LIMIT_PARTNER_PER_MINUTE: z.coerce.number().int().min(1).max(10_000_000).default(3000),
  /** Per admin or editor key. */
  RATE_LIMIT_CURATOR_PER_MINUTE: z.coerce.number().int().min(1).max(10_000_000).default(1200),
  /** Requests with an unknown, malformed or revoked key per client address; the next one gets 429. */
  RATE_LIMIT_FAILED_KEYS_PER_MINUTE: z.coerce.number().int().min(1).max(10_000_000).default(10),
  /** Correction reports (POST /v1/offers/{id}/reports) per client address per hour; the next one gets 429. */
  REPORTS_PER_HOUR: z.coerce.number().int().min(1).max(10_000).default(5),
  /** Whether X-Forwarded-* headers are believed: false, true (any proxy), or the trusted proxies' addresses/CIDRs (comma list). */
  TRUST_PROXY: z.string().default('false').transform(trustProxy),
  /** Log client addresses and full URLs (with query strings): for debugging only, families' searches are private. */
  LOG_REQUEST_DETAILS: flag.default(false),
  /** Browser origins allowed to call the admin API; none by default. */
  CORS_ADMIN_ORIGINS: list.default([]),
  /** How long a SIGTERM may take before the process is ended anyway. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** Public search responses remembered per feed position (repeated searches skip the search); 0 turns it off. */
  SEARCH_CACHE_ENTRIES: z.coerce.number().int().min(0).max(100000).default(1000),
  /** Keep the search index next to the database file (`<file>.search-index`), so a restart with the same data reads it back. */
  SEARCH_SNAPSHOT: flag.default(true)
})

export type Config = z.infer<typeof ConfigSchema>

export class ConfigError extends Error {}

export function loadConfig (env: Record<string, string | undefined>): Config {
  const parsed = ConfigSchema.safeParse(env)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`)
  }
  return parsed.data
}
