// `npx tsx bench/follow.ts [database] [check]`: PATCHes of 40 published offers through the API, in process, each followed by the
// index (the time of following, and of the first filter and text search after it); `check` compares the ids with a fresh build.
// It writes to the database (use a copy when the numbers of `npm run bench` matter).
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { openDb } from '../src/db/client.js'
import { issueKey } from '../src/keys/store.js'
import { offerSearch } from '../src/search/service.js'
import { SearchIndex } from '../src/search/index.js'

const db = openDb(process.argv[2] ?? 'data/bench-50000.db')
const config = loadConfig({ LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '1000000', RATE_LIMIT_CURATOR_PER_MINUTE: '1000000', PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0', SEARCH_SNAPSHOT: 'false' })
const app = await buildApp({ config, db })
await app.ready()
const key = issueKey(db, { role: 'admin', label: 'measure' }, { key_id: null, label: 'measure' }).plain
const search = offerSearch(db)
let t = performance.now()
let index = search.current()
console.log(`build ${(performance.now() - t).toFixed(0)} ms, ${index.size} offers`)
const ids = db.$client.prepare("SELECT id FROM offers WHERE status = 'published' ORDER BY random() LIMIT 40").pluck().all() as string[]
const fields = [
  (i: number) => ({ cost_type: i % 2 ? 'paid' : 'free' }),
  (i: number) => ({ name: { nl: `Hernoemd aanbod ${i}` } }),
  (i: number) => ({ description: { nl: `Nieuwe tekst ${i}` } }),
  (i: number) => ({ languages: i % 2 ? ['nl', 'fr'] : ['nl'] })
]
for (let k = 0; k < ids.length; k++) {
  const body = fields[k % fields.length]!(k)
  t = performance.now()
  const res = await app.inject({ method: 'PATCH', url: `/v1/admin/offers/${ids[k]}`, headers: { 'x-api-key': key, 'if-match': '*' }, payload: body })
  const write = performance.now() - t
  t = performance.now()
  index = search.current()
  const follow = performance.now() - t
  t = performance.now()
  await app.inject('/v1/offers?postcode=9000&phase=baby')
  const s1 = performance.now() - t
  t = performance.now()
  await app.inject('/v1/offers?read_q=false&q=ouders&postcode=2000')
  const s2 = performance.now() - t
  console.log(`${Object.keys(body)[0]!.padEnd(12)} ${res.statusCode} write ${write.toFixed(1)} ms, follow ${follow.toFixed(1)} ms, first filter ${s1.toFixed(1)} ms, first text ${s2.toFixed(1)} ms ${JSON.stringify(search.followed)}`)
}
if (process.argv[3] === 'check') {
  const fresh = new SearchIndex(db, search.ref, index.position)
  console.log('same ids', JSON.stringify(fresh.ids) === JSON.stringify(index.ids))
}
await app.close()
