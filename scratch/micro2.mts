import { openDb } from '../src/db/client.js'
import { searchOffers } from '../src/search/engine.js'
import { offerSearch } from '../src/search/service.js'
import { resolveOfferQuery } from '../src/offers/search-params.js'
import { OfferSearchQuery } from '../src/offers/public-schemas.js'
import { readFileSync } from 'node:fs'
const db = openDb('data/bench-50000.db')
const index = offerSearch(db).current()
const [dir, name, rounds] = process.argv.slice(2)
const paths = [...readFileSync(`${dir}/${name}.lua`, 'utf8').matchAll(/"(\/v1\/offers\?[^"]+)"/g)].map((m) => m[1]!)
const queries = paths.map((p) => resolveOfferQuery(index, OfferSearchQuery.parse(Object.fromEntries(new URL(p, 'http://x').searchParams)), 'nl'))
const t = performance.now()
let n = 0
for (let r = 0; r < Number(rounds); r++) for (const q of queries) { searchOffers(index, q); n++ }
console.log(name, ((performance.now() - t) / n * 1000).toFixed(1), 'µs/search')
