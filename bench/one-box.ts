// `npx tsx bench/one-box.ts [database]`: the one box and autocomplete in process, per bench case: the mean time of
// each step over the case's 200 questions (after one warm-up pass): reading, answering (with relaxation), extras
// (highlights, interpretation), the page; and suggest. Without HTTP and validation.
import { openDb } from '../src/db/client.js'
import { OfferSearchQuery } from '../src/offers/public-schemas.js'
import { answerQuestion } from '../src/search/answer.js'
import { resolveOfferQuery } from '../src/search/params.js'
import { answerExtras } from '../src/search/question-answer.js'
import { readQuestion } from '../src/search/question.js'
import { resultPageJson } from '../src/search/render.js'
import { offerSearch } from '../src/search/service.js'
import { suggestionsJson } from '../src/search/suggest.js'
import { cases } from './cases.js'

const database = process.argv[2] ?? 'data/bench-50000.db'
const db = openDb(database)
const started = performance.now()
const index = offerSearch(db).current()
console.log(`index of ${index.size} offers built in ${(performance.now() - started).toFixed(0)} ms`)
const rounds = Number(process.env.ROUNDS ?? 10)
// PROFILE=file: a CPU profile of the timed rounds only (after each case's warm-up pass).
// Steps are timed in CPU time of the process (load on the machine inflates wall time).
const now = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000 }
const profile = process.env.PROFILE === undefined ? undefined : new (await import('node:inspector/promises')).Session()
profile?.connect()
await profile?.post('Profiler.enable')
const timed = async <T>(run: () => T) => {
  await profile?.post('Profiler.start')
  const out = run()
  const result = await profile?.post('Profiler.stop')
  if (result !== undefined) (await import('node:fs')).appendFileSync(process.env.PROFILE!, JSON.stringify(result.profile) + '\n')
  return out
}
for (const c of cases(database).filter((c) => c.name.startsWith('one box') || c.name === 'suggest')) {
  const params = c.paths.map((p) => Object.fromEntries(new URL(p, 'http://bench').searchParams))
  if (c.name === 'suggest') {
    const first = performance.now()
    for (const p of params) suggestionsJson(index, p.q!, 'nl', 10)
    const cold = performance.now() - first
    const t = performance.now()
    const cpu = process.cpuUsage()
    await timed(() => { for (let r = 0; r < rounds; r++) for (const p of params) suggestionsJson(index, p.q!, 'nl', 10) })
    console.log(`${c.name.padEnd(18)} first pass ${(cold / params.length * 1000).toFixed(0)} µs, then ${((performance.now() - t) / (rounds * params.length) * 1000).toFixed(0)} µs per request; CPU ${((process.cpuUsage(cpu).user + process.cpuUsage(cpu).system) / (rounds * params.length)).toFixed(0)} µs`)
    continue
  }
  const times = { read: 0, answer: 0, extras: 0, page: 0 }
  let searches = 0
  const once = (p: Record<string, string>, timed: boolean) => {
    const q = OfferSearchQuery.parse(p)
    let t0 = now()
    const query = resolveOfferQuery(index, q, 'nl')
    const reading = readQuestion(index, q.q!, 'nl')
    let t1 = now()
    if (timed) times.read += t1 - t0
    t0 = t1
    const { result, relaxed } = answerQuestion(index, query, reading, 'nl')
    t1 = now()
    if (timed) { times.answer += t1 - t0; searches += 1 + relaxed.length }
    t0 = t1
    const extras = answerExtras(index, result, reading, relaxed, 'nl')
    t1 = now()
    if (timed) times.extras += t1 - t0
    t0 = t1
    resultPageJson(index, result, 'nl', q.page, q.per_page, { ...extras, openAt: new Date() })
    if (timed) times.page += now() - t0
  }
  const first = performance.now()
  for (const p of params) once(p, false)
  const cold = performance.now() - first
  const cpu = process.cpuUsage()
  await timed(() => { for (let r = 0; r < rounds; r++) for (const p of params) once(p, true) })
  const used = process.cpuUsage(cpu)
  const n = rounds * params.length
  const us = (ms: number) => (ms / n * 1000).toFixed(0)
  console.log(`${c.name.padEnd(18)} first pass ${(cold / params.length * 1000).toFixed(0)} µs; then read ${us(times.read)}, answer ${us(times.answer)} ` +
    `(${(searches / n).toFixed(2)} searches), extras ${us(times.extras)}, page ${us(times.page)}, total ${us(times.read + times.answer + times.extras + times.page)} µs; CPU ${((used.user + used.system) / n).toFixed(0)} µs`)
}
db.$client.close()
