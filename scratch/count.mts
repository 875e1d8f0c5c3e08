import { openDb } from '../src/db/client.js'
import { searchOffers } from '../src/search/engine.js'
import { offerSearch } from '../src/search/service.js'
import { resolveOfferQuery } from '../src/offers/search-params.js'
import { OfferSearchQuery } from '../src/offers/public-schemas.js'
import { readFileSync } from 'node:fs'
const db = openDb('data/bench-50000.db')
const index = offerSearch(db).current()
const [dir, name] = process.argv.slice(2)
const paths = [...readFileSync(`${dir}/${name}.lua`, 'utf8').matchAll(/"(\/v1\/offers\?[^"]+)"/g)].map((m) => m[1]!)
const totals = paths.map((p) => searchOffers(index, resolveOfferQuery(index, OfferSearchQuery.parse(Object.fromEntries(new URL(p, 'http://x').searchParams)), 'nl')).total).sort((a, b) => a - b)
console.log(name, 'totals min/median/max', totals[0], totals[totals.length >> 1], totals.at(-1))
