// Starts the service: config from the environment, database migrated and loaded, then listen; closes gracefully.
// src/server.ts runs it; the fault tests run it too, with test-only routes added through `extend`.
import closeWithGrace from 'close-with-grace'
import { buildApp, type Extend } from './app.js'
import { type Config, loadConfig } from './config.js'
import { replayErasures } from './curation/erasure.js'
import { checkpointInBackground } from './db/checkpoints.js'
import { type Db, openDb } from './db/client.js'
import { loadReference } from './db/reference.js'
import { applyRenamedCodes } from './entries/region-renames.js'
import { type DatasetLoad, loadDataset } from './datasets/load.js'

/** SQLite's answers when the file or its directory cannot be written (or opened for writing). */
const UNWRITABLE = /^SQLITE_(READONLY|CANTOPEN|PERM|AUTH)/

export class CannotStart extends Error {}

/** Opens the database for writing. A read-only one would serve reads and fail every curation: refuse to start instead. */
function openWritable (config: Config): Db {
  try {
    const db = openDb(config.DATABASE_PATH, { busyTimeoutMs: config.SQLITE_BUSY_TIMEOUT_MS, synchronous: config.SQLITE_SYNCHRONOUS })
    // A file SQLite could only open for reading still opens (read-only); find out with a write that is rolled back.
    const version = db.$client.pragma('user_version', { simple: true }) as number
    db.$client.exec('BEGIN IMMEDIATE')
    try {
      db.$client.pragma(`user_version = ${version}`)
    } finally {
      db.$client.exec('ROLLBACK')
    }
    return db
  } catch (err) {
    const code = (err as { code?: unknown }).code
    if (typeof code !== 'string' || !UNWRITABLE.test(code)) throw err
    throw new CannotStart(`Cannot start: the database ${config.DATABASE_PATH} is not writable (${code}). ` +
      'The service needs write access to the database file and its directory.')
  }
}

/** A data set is a convenience: whatever goes wrong with it is logged, and the service starts with what it has. */
function loadDatasetAtStart (db: Db, name: 'sample' | 'starter'): DatasetLoad | Error {
  try {
    return loadDataset(db, name)
  } catch (err) {
    return err as Error
  }
}

export async function start (env: Record<string, string | undefined>, extend?: (app: Parameters<Extend>[0], db: Db) => ReturnType<Extend>): Promise<void> {
  const config = loadConfig(env)
  const db = openWritable(config)
  loadReference(db)
  applyRenamedCodes(db)
  const dataset = config.DATASET === 'none' ? null : loadDatasetAtStart(db, config.DATASET)
  const app = await buildApp({ config, db }, {}, extend && ((app) => extend(app, db)))
  if (dataset instanceof Error) app.log.error({ dataset: config.DATASET }, `data set not loaded: ${dataset.message}`)
  else if (dataset?.skipped) app.log.warn({ dataset: dataset.dataset }, `data set not loaded: ${dataset.skipped}`)
  else if (dataset) app.log.info({ dataset: dataset.dataset, added: dataset.added }, 'data set loaded')
  // A restored backup erases again, before it listens, what was erased after it was made.
  replayErasures(db, app.log)
  const checkpoints = db.$client.memory
    ? undefined
    : checkpointInBackground(db, (err) => app.log.error({ err }, 'the WAL checkpoints stopped: the connection checkpoints by itself again'))
  closeWithGrace({ delay: config.SHUTDOWN_GRACE_MS, logger: app.log }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'closing after an error')
    else app.log.info({ signal }, 'closing')
    await app.close()
    await checkpoints?.stop()
    // The last connection to close checkpoints the WAL into the database file and removes -wal and -shm.
    db.$client.close()
    app.log.info('closed')
  })
  await app.listen({ port: config.PORT, host: config.HOST })
  app.log.info({ ready_ms: Math.round(process.uptime() * 1000), rss_mb: Math.round(process.memoryUsage().rss / 2 ** 20) }, 'ready')
}
