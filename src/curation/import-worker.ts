// The import's worker thread: writes the rows it is handed through its own connection to the database (import.ts serveWriter).
import { workerData } from 'node:worker_threads'
import { openDb } from '../db/client.js'
import { serveWriter, type WorkerStart } from './import.js'

const { path, connection, port } = workerData as WorkerStart
serveWriter(port, () => {
  const db = openDb(path, connection)
  return { db, release: () => db.$client.close() }
})
