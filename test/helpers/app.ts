// The one way to get an app in a test: a fresh in-memory SQLite with the real migrations and reference data.
import type { Test } from 'tap'
import { buildApp } from '../../src/app.js'
import { type Config, loadConfig } from '../../src/config.js'
import { openDb } from '../../src/db/client.js'
import { loadReference } from '../../src/db/reference.js'
import { loadSample } from '../../src/db/sample.js'

export function testConfig (over: Record<string, string> = {}): Config {
  return loadConfig({ LOG_LEVEL: 'silent', ...over })
}

export async function setup (t: Test, { sample = true, env = {} }: { sample?: boolean, env?: Record<string, string> } = {}) {
  const db = openDb(':memory:')
  loadReference(db)
  if (sample) loadSample(db)
  const app = await buildApp({ config: testConfig(env), db })
  t.teardown(async () => { await app.close(); db.$client.close() })
  return { app, db }
}
