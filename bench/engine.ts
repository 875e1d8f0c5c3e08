// `npx tsx bench/engine.ts [database]`: the search engine alone, in process, per bench case: the mean time of
// searchOffers over the case's 200 searches (after one warm-up pass), without HTTP, validation or rendering.
import { openDb } from '../src/db/client.js'
import { OfferSearchQuery } from '../src/offers/public-schemas.js'
import { resolveOfferQuery } from '../src/search/params.js'
import { searchOffers } from '../src/search/engine.js'
import { offerSearch } from '../src/search/service.js'
import { cases } from './cases.js'

const database = process.argv[2] ?? 'data/bench-50000.db'
const db = openDb(database)
const started = performance.now()
const index = offerSearch(db).current()
console.log(`index of ${index.size} offers built in ${(performance.now() - started).toFixed(0)} ms`)
for (const c of cases(database)) {
  const queries = c.paths.map((p) => resolveOfferQuery(index, OfferSearchQuery.parse(Object.fromEntries(new URL(p, 'http://bench').searchParams)), 'nl'))
  for (const q of queries) searchOffers(index, q)
  const rounds = 20
  const t = performance.now()
  for (let r = 0; r < rounds; r++) for (const q of queries) searchOffers(index, q)
  console.log(`${c.name.padEnd(16)} ${((performance.now() - t) / (rounds * queries.length) * 1000).toFixed(0)} µs per search`)
}
db.$client.close()
