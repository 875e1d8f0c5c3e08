// Copies the WAL into the database file from a thread of its own. SQLite does it in the commit that takes the WAL
// past a thousand pages, on the connection that wrote: at 50,000 offers 70 to 100 ms every few curation writes, while
// every search waited. The service's connection no longer checkpoints by itself; a worker thread, with its own
// connection, checkpoints every second without ever blocking a reader or the writer (PASSIVE).
import { Worker } from 'node:worker_threads'
import type { Db } from './client.js'

/** How often the worker checkpoints. */
const EVERY_MS = 1000
/** SQLite's own threshold, in pages, taken up again should the worker stop. */
const AUTOCHECKPOINT_PAGES = 1000

// Plain CommonJS run by the worker: it needs nothing of the service but the driver.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(require('node:url').fileURLToPath(workerData.driver))
const db = new Database(workerData.path, { timeout: 0 })
const timer = setInterval(() => db.pragma('wal_checkpoint(PASSIVE)'), workerData.everyMs)
parentPort.once('message', () => { clearInterval(timer); db.close(); parentPort.close() })
`

export type Checkpoints = { stop: () => Promise<void> }

/**
 * Checkpoints `db`'s WAL from a worker thread until stopped; the connection's own checkpoints are off meanwhile. Should
 * the worker fail, the connection checkpoints by itself again, and `onError` hears why.
 */
export function checkpointInBackground (db: Db, onError: (err: Error) => void): Checkpoints {
  const client = db.$client
  const driver = import.meta.resolve('better-sqlite3')
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path: client.name, driver, everyMs: EVERY_MS } })
  // It never keeps the process alive by itself (a start that fails before listening ends the process), but stopping it
  // is waited for.
  worker.unref()
  client.pragma('wal_autocheckpoint = 0')
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()))
  worker.once('error', (err) => {
    if (client.open) client.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`)
    onError(err)
  })
  return {
    stop: async () => {
      worker.ref()
      worker.postMessage('stop')
      await exited
      if (client.open) client.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`)
    }
  }
}
