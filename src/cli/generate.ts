// `npm run generate -- --count 50000 [--seed 1] [--database path]`: adds synthetic offers to a database, for benchmarks.
import { parseArgs } from 'node:util'
import { loadConfig } from '../config.js'
import { openDb } from '../db/client.js'
import { mergeWholeNow } from '../db/fts-merge.js'
import { loadReference } from '../db/reference.js'
import { generateOffers } from '../datasets/synthetic.js'

const { values } = parseArgs({ options: { count: { type: 'string', default: '1000' }, seed: { type: 'string', default: '1' }, database: { type: 'string' } } })
const count = Number(values.count)
const seed = Number(values.seed)
if (!Number.isInteger(count) || count < 1 || count > 1_000_000 || !Number.isInteger(seed)) {
  console.error('usage: npm run generate -- --count N (1 to 1,000,000) [--seed S] [--database path]')
  process.exit(2)
}
const config = loadConfig(process.env)
const path = values.database ?? config.DATABASE_PATH
const db = openDb(path, { busyTimeoutMs: config.SQLITE_BUSY_TIMEOUT_MS, synchronous: 'NORMAL' })
// One long transaction: keep its pages in memory rather than spilling them to disk mid-way.
db.$client.pragma('cache_size = -524288')
loadReference(db)
const started = performance.now()
const written = generateOffers(db, { count, seed })
// As a server would between requests after a load this size: the load's segments merged into one.
mergeWholeNow(db)
const seconds = (performance.now() - started) / 1000
db.$client.close()
console.log(`${path}: ${written.offers} offers, ${written.organisations} organisations, ${written.locations} locations in ${seconds.toFixed(1)} s`)
