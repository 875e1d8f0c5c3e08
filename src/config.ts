// Reads and validates the service's settings from the environment, once.
import { z } from 'zod'

const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1')
const list = z.string().transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))

export const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_PATH: z.string().min(1).default('data/directory.db'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Load the sample offers on start; turn off for a production database. */
  SAMPLE_DATA: flag.default(true),
  /** Public URL of the service, used in links the API hands out (HSDS `openapi_url`). */
  PUBLIC_BASE_URL: z.url().default('http://localhost:3000'),
  SQLITE_SYNCHRONOUS: z.enum(['FULL', 'NORMAL']).default('FULL'),
  SQLITE_BUSY_TIMEOUT_MS: z.coerce.number().int().min(0).max(60000).default(5000),
  /** Largest file POST /v1/admin/import takes (the other routes keep Fastify's 1 MiB). */
  IMPORT_MAX_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(10 * 1024 * 1024),
  /** Public search responses remembered per feed position (repeated searches skip the search); 0 turns it off. */
  SEARCH_CACHE_ENTRIES: z.coerce.number().int().min(0).max(100000).default(1000)
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
