// The import's worker thread: reads, checks and writes the file it is handed through its own connection to the database (import.ts serveImport).
import { workerData } from 'node:worker_threads'
import { openDb } from '../db/client.js'
import { serveImport, type WorkerStart } from './import.js'

const { path, connection, port } = workerData as WorkerStart
serveImport(port, () => {
  const db = openDb(path, connection)
  return { db, release: () => db.$client.close() }
})
