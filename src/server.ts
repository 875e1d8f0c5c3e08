// Starts the service: config from the environment, database migrated and loaded, then listen; closes gracefully.
import closeWithGrace from 'close-with-grace'
import { buildApp } from './app.js'
import { ConfigError, loadConfig } from './config.js'
import { openDb } from './db/client.js'
import { loadReference } from './db/reference.js'
import { loadSample } from './db/sample.js'

async function main (): Promise<void> {
  const config = loadConfig(process.env)
  const db = openDb(config.DATABASE_PATH, { busyTimeoutMs: config.SQLITE_BUSY_TIMEOUT_MS, synchronous: config.SQLITE_SYNCHRONOUS })
  loadReference(db)
  const added = config.SAMPLE_DATA ? loadSample(db) : 0
  const app = await buildApp({ config, db })
  if (added > 0) app.log.info({ added }, 'sample offers loaded')
  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'closing after an error')
    else app.log.info({ signal }, 'closing')
    await app.close()
    // Not an onClose hook: buildApp has made the app ready, and hooks cannot be added after that.
    db.$client.close()
  })
  await app.listen({ port: config.PORT, host: config.HOST })
}

main().catch((err: unknown) => {
  // A bad setting is the operator's to fix: say which, without a stack trace.
  console.error(err instanceof ConfigError ? err.message : err)
  process.exit(1)
})
