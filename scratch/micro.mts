import { openDb } from '../src/db/client.js'
import { searchOffers } from '../src/search/engine.js'
import { resultPageJson } from '../src/search/render.js'
import { offerSearch } from '../src/search/service.js'
import { resolveOfferQuery } from '../src/offers/search-params.js'
import { OfferSearchQuery } from '../src/offers/public-schemas.js'
import { readFileSync } from 'node:fs'
const db = openDb('data/bench-50000.db')
let t = performance.now()
const service = offerSearch(db)
const index = service.current()
console.log('index build ms', (performance.now() - t).toFixed(0), 'size', index.size, 'heap MB', (process.memoryUsage().heapUsed / 1e6).toFixed(0), 'rss', (process.memoryUsage().rss / 1e6).toFixed(0))
const dir = process.argv[2]!
for (const name of ['filter', 'text-broad', 'text-rare', 'near-radius', 'facets']) {
  const paths = [...readFileSync(`${dir}/${name}.lua`, 'utf8').matchAll(/"(\/v1\/offers\?[^"]+)"/g)].map((m) => m[1]!)
  const queries = paths.map((p) => OfferSearchQuery.parse(Object.fromEntries(new URL(p, 'http://x').searchParams)))
  const run = (n: number) => {
    let sBytes = 0; let tSearch = 0; let tRender = 0; let tResolve = 0; let tPos = 0
    for (let r = 0; r < n; r++) {
      for (const q of queries) {
        const a = performance.now(); service.current(); const a2 = performance.now()
        const resolved = resolveOfferQuery(index, q, 'nl'); const b = performance.now()
        const res = searchOffers(index, resolved); const c = performance.now()
        sBytes += resultPageJson(index, res, 'nl', q.page, q.per_page).length; const d = performance.now()
        tPos += a2 - a; tResolve += b - a2; tSearch += c - b; tRender += d - c
      }
    }
    const k = n * queries.length
    return `pos ${(tPos / k * 1000).toFixed(1)} resolve ${(tResolve / k * 1000).toFixed(1)} search ${(tSearch / k * 1000).toFixed(1)} render ${(tRender / k * 1000).toFixed(1)} µs, ${(sBytes / k).toFixed(0)} bytes`
  }
  t = performance.now(); const cold = run(1); const coldMs = performance.now() - t
  console.log(name.padEnd(12), 'cold', coldMs.toFixed(0), 'ms |', cold, '| warm', run(5))
}
