// Issues an API key from the command line (`npm run key -- --role admin`); prints the secret once.
import { loadConfig } from '../config.js'
import { openDb } from '../db/client.js'
import { runKeyCommand } from '../keys/command.js'

const config = loadConfig(process.env)
const db = openDb(config.DATABASE_PATH, { busyTimeoutMs: config.SQLITE_BUSY_TIMEOUT_MS, synchronous: config.SQLITE_SYNCHRONOUS })
const { exitCode, stdout, stderr } = runKeyCommand(db, process.argv.slice(2))
db.$client.close()
process.stdout.write(stdout)
process.stderr.write(stderr)
process.exitCode = exitCode
