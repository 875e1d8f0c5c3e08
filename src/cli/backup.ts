// `npm run backup -- <file>`: a consistent copy of DATABASE_PATH while the service runs (SQLite's online backup),
// checked, then moved into place in one rename, so <file> is always either the previous backup or the new one.
import Database from 'better-sqlite3'
import { renameSync, rmSync } from 'node:fs'
import { loadConfig } from '../config.js'

const target = process.argv[2]
if (!target) {
  console.error('usage: npm run backup -- <backup file>')
  process.exit(2)
}
const config = loadConfig(process.env)
const temporary = `${target}.partial-${process.pid}`
let source: Database.Database | undefined
try {
  source = new Database(config.DATABASE_PATH, { readonly: true, fileMustExist: true, timeout: config.SQLITE_BUSY_TIMEOUT_MS })
  // Whole steps: a write by the service between two steps restarts the copy, so copy everything in one step.
  await source.backup(temporary, { progress: () => 1_000_000_000 })
  const copy = new Database(temporary, { fileMustExist: true })
  const check = copy.pragma('integrity_check', { simple: true })
  copy.close()
  if (check !== 'ok') throw new Error(`the copy fails integrity_check: ${String(check)}`)
  renameSync(temporary, target)
  console.log(`backed up ${config.DATABASE_PATH} to ${target}`)
} catch (err) {
  rmSync(temporary, { force: true })
  console.error(`backup failed: ${(err as Error).message}`)
  process.exitCode = 1
} finally {
  source?.close()
}
