// Applies the migrations to DATABASE_PATH and loads the reference data, for operators (`npm run db:migrate`).
import { loadConfig } from '../config.js'
import { openDb } from '../db/client.js'
import { loadReference } from '../db/reference.js'
import { applyRenamedCodes } from '../entries/region-renames.js'

const config = loadConfig(process.env)
const db = openDb(config.DATABASE_PATH, { busyTimeoutMs: config.SQLITE_BUSY_TIMEOUT_MS })
loadReference(db)
applyRenamedCodes(db)
db.$client.close()
console.log(`migrated ${config.DATABASE_PATH}`)
