// Issues an API key from the command line (`npm run key -- --role admin`); prints the secret once.
import { loadConfig } from '../config.js'
import { openDb } from '../db/client.js'
import { FieldErrors } from '../http/errors.js'
import { keyCommand, UsageError } from '../keys/command.js'

const config = loadConfig(process.env)
const db = openDb(config.DATABASE_PATH, { busyTimeoutMs: config.SQLITE_BUSY_TIMEOUT_MS, synchronous: config.SQLITE_SYNCHRONOUS })
try {
  process.stdout.write(keyCommand(db, process.argv.slice(2)))
} catch (err) {
  if (!(err instanceof UsageError || err instanceof FieldErrors)) throw err
  const details = err instanceof FieldErrors ? err.errors.map((e) => `\n  ${e.path}: ${e.message}`).join('') : ''
  console.error(err.message + details)
  process.exitCode = 2
} finally {
  db.$client.close()
}
