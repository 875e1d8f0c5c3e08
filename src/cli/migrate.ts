// Applies the migrations to DATABASE_PATH and loads the reference data, for operators (`npm run db:migrate`).
import { loadConfig } from '../config.js'
import { openDb } from '../db/client.js'
import { loadReference } from '../db/reference.js'

const config = loadConfig(process.env)
const db = openDb(config.DATABASE_PATH, { busyTimeoutMs: config.SQLITE_BUSY_TIMEOUT_MS })
loadReference(db)
db.$client.close()
console.log(`migrated ${config.DATABASE_PATH}`)
