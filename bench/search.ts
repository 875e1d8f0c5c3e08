// `npm run bench`: the public search at 50,000 generated offers, as ratios of requests per second to a yardstick
// (bench/yardstick.ts) measured in the same run. Server pinned to core 0, wrk (-t1 -c50) to core 1, 3 s runs alternating
// yardstick and target, the median of the per-pair ratios; service time as p50/p99 at one connection. `npm run bench`
// pins this script to core 0 too: the curator's PATCHes it sends, on wrk's core, delayed wrk's own reading of answers
// (p99 with writes 21.6 ms, max 105 ms; pinned, 7.9 and 39 ms).
// "search while curating": the filter and text searches under load alone and with one admin PATCH of a published offer
// a second, in alternated rounds, then with a 5,000-row import, in the same run (throughput ratio, p99 and max latency).
// Options (environment): BENCH_OFFERS (50000), BENCH_PAIRS (7), BENCH_SECONDS (3), BENCH_DB (data/bench-<offers>.db), BENCH_ONLY
// (a regular expression of the cases to run; `datasets`: ready time and RSS with DATASET=starter and sample), BENCH_PORT (3911),
// BENCH_CURATING_SECONDS (20: each of the two loads, in BENCH_CURATING_ROUNDS alternated rounds, 4).
import Database from 'better-sqlite3'
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { type IncomingMessage, request } from 'node:http'
import { tmpdir } from 'node:os'
import { createInterface } from 'node:readline'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { openDb } from '../src/db/client.js'
import { issueKey } from '../src/keys/store.js'
import { cases } from './cases.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const offers = Number(process.env.BENCH_OFFERS ?? 50000)
const pairs = Number(process.env.BENCH_PAIRS ?? 7)
const seconds = Number(process.env.BENCH_SECONDS ?? 3)
const database = process.env.BENCH_DB ?? join(root, 'data', `bench-${offers}.db`)
const work = mkdtempSync(join(tmpdir(), 'bench-'))
/** BENCH_PORT: the server's port (3911); the yardstick takes 10 below it, the data-set starts 10 above (two benches on one machine must not share ports). */
const TARGET_PORT = Number(process.env.BENCH_PORT ?? 3911)
const YARDSTICK_PORT = TARGET_PORT - 10
const CURATING_PORT = TARGET_PORT + 1
/**
 * The curated server's warm-up under load, with a PATCH a second: with 6 s, the first round with writes was still the
 * slowest of every run (p99 17–24 ms against 4–16 in the later rounds).
 */
const WARM_UP_SECONDS = 15
/** Searchers at once in "search while curating": four, each asking again as soon as answered (as the case was first measured). */
const CURATING_SEARCHERS = 4

function ensureWrk (): void {
  if (spawnSync('wrk', ['--version']).error === undefined) return
  console.log('installing wrk (Debian package)…')
  const install = spawnSync('apt-get', ['install', '-y', 'wrk'], { stdio: 'inherit' })
  if (install.status !== 0) spawnSync('sh', ['-c', 'apt-get update && apt-get install -y wrk'], { stdio: 'inherit' })
  if (spawnSync('wrk', ['--version']).error !== undefined) throw new Error('wrk is needed: apt-get install -y wrk')
}

function generate (): string {
  if (existsSync(database)) {
    // A file migrated before migrations ran with foreign keys off lost its offers' links (languages, modes, areas):
    // its published offers are refused as incomplete by any write, so it is made again.
    const file = new Database(database, { readonly: true })
    const intact = file.prepare('SELECT count(*) FROM offer_languages').pluck().get() as number > 0
    file.close()
    if (intact) return `reused ${database}`
    for (const suffix of ['', '-wal', '-shm', '.search-index']) rmSync(`${database}${suffix}`, { force: true })
    console.log(`${database} had lost its offers' links: generating it again`)
  }
  const started = performance.now()
  execFileSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/generate.ts'), '--count', String(offers), '--database', database], { cwd: root, stdio: 'inherit' })
  return `generated ${offers} offers in ${((performance.now() - started) / 1000).toFixed(1)} s (process start included)`
}

/** Ready-time waits allow minutes: on a loaded, shared machine a first start at 50,000 offers can take more than one. */
async function waitFor (url: string, timeoutMs = 300_000): Promise<number> {
  const started = performance.now()
  for (;;) {
    try {
      if ((await fetch(url)).ok) return performance.now() - started
    } catch { /* not listening yet */ }
    if (performance.now() - started > timeoutMs) throw new Error(`${url} did not answer`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

function start (command: string[], env: Record<string, string>, stdout: 'ignore' | 'pipe' = 'ignore'): ChildProcess {
  return spawn('taskset', ['-c', '0', ...command], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', stdout, 'inherit'] })
}

/** One wrk run; returns requests per second and, with --latency, p50 and p99 in ms. */
function wrk (url: string, script: string, connections: number, duration: number, latency = false) {
  const args = ['-c', '1', 'wrk', '-t1', `-c${connections}`, `-d${duration}s`, '-s', script, ...(latency ? ['--latency'] : []), url]
  const out = execFileSync('taskset', args, { encoding: 'utf8' })
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1])
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0)
  if (non2xx > 0) throw new Error(`${non2xx} failed responses:\n${out}`)
  const ms = (p: string) => {
    const m = new RegExp(`${p}%\\s+([\\d.]+)(us|ms|s)`).exec(out)
    return m === null ? NaN : Number(m[1]) * (m[2] === 'us' ? 0.001 : m[2] === 's' ? 1000 : 1)
  }
  return { rps, p50: ms('50'), p99: ms('99') }
}

/** A wrk run in the background (searches while the bench writes): requests per second, p99 and max latency in ms. */
type Wrk = { rps: number, p99: number, max: number }

function wrkAlongside (url: string, script: string, duration: number): Promise<Wrk> {
  return new Promise((resolve, reject) => {
    const child = spawn('taskset', ['-c', '1', 'wrk', '-t1', `-c${CURATING_SEARCHERS}`, `-d${duration}s`, '-s', script, '--latency', url], { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString() })
    child.on('error', reject)
    child.on('exit', () => {
      const ms = (value: string, unit: string) => Number(value) * (unit === 'us' ? 0.001 : unit === 's' ? 1000 : 1)
      const latency = /Latency\s+([\d.]+)(us|ms|s)\s+([\d.]+)(us|ms|s)\s+([\d.]+)(us|ms|s)/.exec(out)
      const p99 = /99%\s+([\d.]+)(us|ms|s)/.exec(out)
      const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0)
      if (latency === null || p99 === null || non2xx > 0) reject(new Error(`wrk: ${out}`))
      else resolve({ rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]), p99: ms(p99[1]!, p99[2]!), max: ms(latency[5]!, latency[6]!) })
    })
  })
}

/** A wrk script that cycles through paths, with optional headers. */
function script (name: string, paths: string[], headers: Record<string, string> = {}): string {
  const file = join(work, `${name}.lua`)
  writeFileSync(file, `local paths = {${paths.map((p) => JSON.stringify(p)).join(',')}}
local headers = {${Object.entries(headers).map(([k, v]) => `[${JSON.stringify(k)}] = ${JSON.stringify(v)}`).join(',')}}
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i], headers)
end
`)
  return file
}

/** A GET with only the headers given (no Accept-Language, as wrk sends it); the answer's body is discarded. */
function get (path: string, headers: Record<string, string> = {}): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port: TARGET_PORT, path, headers }, (res) => { res.resume(); res.on('end', () => resolve(res)) }).on('error', reject).end()
  })
}

/** Resident and peak memory of a process, in MB (taskset execs node, so a child's pid is the server's). */
const rss = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024
const hwm = (pid: number) => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024
/** The load average (1, 5, 15 min): the machine is shared, and ready times follow it. */
const uptime = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')

const DATASET_PORT = TARGET_PORT + 10
type DatasetStart = { dataset: string, start: 'first' | 'again', ready_ms: number, rss_mb: number, rss_after_searches_mb: number, peak_mb: number, load: string }

/**
 * Ready time (spawn to /ready answering) and RSS of a server on a new database with a data set: the first start
 * (migrations, reference, the data set through the write path, the index) and the next (index snapshot). RSS at
 * ready, and after 300 searches (one-box questions, filters, facets).
 */
async function datasetStarts (dataset: 'starter' | 'sample'): Promise<DatasetStart[]> {
  const file = join(work, `${dataset}.db`)
  const env = { PORT: String(DATASET_PORT), HOST: '127.0.0.1', DATABASE_PATH: file, DATASET: dataset, LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '10000000' }
  const paths = ['/v1/offers?q=moeder%20baby%20opname%20Zoersel', '/v1/offers?postcode=9000&phase=baby', '/v1/offers?q=sage-femme%20Schaerbeek&facets=true', '/v1/offers?region=BE-BRU&facets=true', '/v1/offers?q=verlies%20baby%20Ieper', '/v1/offers']
  const out: DatasetStart[] = []
  for (const when of ['first', 'again'] as const) {
    const server = start([process.execPath, 'dist/server.js'], env)
    const ready = await waitFor(`http://127.0.0.1:${DATASET_PORT}/ready`)
    const atReady = rss(server.pid!)
    for (let i = 0; i < 300; i++) await (await fetch(`http://127.0.0.1:${DATASET_PORT}${paths[i % paths.length]!}`)).arrayBuffer()
    out.push({ dataset, start: when, ready_ms: Math.round(ready), rss_mb: Math.round(atReady), rss_after_searches_mb: Math.round(rss(server.pid!)), peak_mb: Math.round(hwm(server.pid!)), load: uptime() })
    console.log(`DATASET=${dataset} ${when === 'first' ? 'first start (loads it)' : 'next start'}: ready in ${(ready / 1000).toFixed(2)} s, RSS ${atReady.toFixed(0)} MB, ` +
      `${rss(server.pid!).toFixed(0)} MB after 300 searches (peak ${hwm(server.pid!).toFixed(0)} MB); load average ${uptime()}`)
    server.kill('SIGTERM')
    await new Promise((resolve) => server.once('exit', resolve))
  }
  return out
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2 }

async function main () {
  ensureWrk()
  console.log(generate())
  console.log('building dist/ …')
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' })

  // BENCH_ONLY: a regular expression of the case names to measure (default: all); `datasets` is the starter and sample data sets' starts.
  const only = new RegExp(process.env.BENCH_ONLY ?? '')
  const datasets = only.test('datasets') ? [...await datasetStarts('starter'), ...await datasetStarts('sample')] : []

  const yardstick = start([process.execPath, '--import', 'tsx', 'bench/yardstick.ts'], { PORT: String(YARDSTICK_PORT) })
  await waitFor(`http://127.0.0.1:${YARDSTICK_PORT}/`)
  // wrk is one client: the per-address rate limit is raised out of the way (its cost stays in), and the overload
  // guard is off so a busy machine does not turn measurements into 503s.
  const serverEnv = (cache: string) => ({
    PORT: String(TARGET_PORT), HOST: '127.0.0.1', DATABASE_PATH: database, DATASET: 'none', LOG_LEVEL: 'warn', SEARCH_CACHE_ENTRIES: cache,
    RATE_LIMIT_PER_MINUTE: '10000000', RATE_LIMIT_CURATOR_PER_MINUTE: '10000000', PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0'
  })
  const children: ChildProcess[] = [yardstick]
  const stop = () => { for (const c of children) c.kill('SIGTERM') }
  process.on('exit', stop)

  // Ready time: from spawning the server to /ready answering (the index is in place before it listens). Once without
  // a snapshot of the index (a first start, or one after the data changed), then again reading the snapshot it saved.
  rmSync(`${database}.search-index`, { force: true })
  let target = start([process.execPath, 'dist/server.js'], serverEnv('0'))
  children.push(target)
  const coldReady = await waitFor(`http://127.0.0.1:${TARGET_PORT}/ready`)
  target.kill('SIGTERM')
  await new Promise((resolve) => target.once('exit', resolve))
  target = start([process.execPath, 'dist/server.js'], serverEnv('0'))
  children.push(target)
  const ready = await waitFor(`http://127.0.0.1:${TARGET_PORT}/ready`)
  const readyRss = rss(target.pid!)
  const firstSearch = performance.now()
  await fetch(`http://127.0.0.1:${TARGET_PORT}/v1/offers?postcode=9000`)
  console.log(`${offers} offers: ready in ${(ready / 1000).toFixed(2)} s from the index snapshot, ${(coldReady / 1000).toFixed(2)} s building the index; ` +
    `RSS at ready ${readyRss.toFixed(0)} MB; first search ${(performance.now() - firstSearch).toFixed(0)} ms; load average ${uptime()}`)

  const yardstickScript = script('yardstick', ['/'])
  const results: Array<{ name: string, ratio: number, ratios: number[], rps: number, p50: number, p99: number }> = []
  const measure = (name: string, file: string) => {
    // Warm up (term caches, rendered summaries, local orders, JIT) as long as a measured run: a first pass over the 200
    // one-box questions takes about 2 s of the server's time, and a shorter warm-up left the first pair cold.
    wrk(`http://127.0.0.1:${TARGET_PORT}`, file, 50, seconds)
    wrk(`http://127.0.0.1:${YARDSTICK_PORT}`, yardstickScript, 50, 1)
    const ratios: number[] = []
    const rpss: number[] = []
    for (let i = 0; i < pairs; i++) {
      const base = wrk(`http://127.0.0.1:${YARDSTICK_PORT}`, yardstickScript, 50, seconds).rps
      const got = wrk(`http://127.0.0.1:${TARGET_PORT}`, file, 50, seconds).rps
      ratios.push(got / base)
      rpss.push(got)
    }
    const single = wrk(`http://127.0.0.1:${TARGET_PORT}`, file, 1, seconds, true)
    const row = { name, ratio: median(ratios), ratios, rps: median(rpss), p50: single.p50, p99: single.p99 }
    results.push(row)
    console.log(`${name.padEnd(18)} ratio ${row.ratio.toFixed(2)}  (${ratios.map((r) => r.toFixed(2)).join(' ')})  ${row.rps.toFixed(0)} req/s  c=1 p50 ${row.p50.toFixed(3)} ms p99 ${row.p99.toFixed(3)} ms`)
  }

  // The ceiling: a trivial endpoint of the same server, through the same hooks (rate limit, security headers, logging).
  if (only.test('trivial (/health)')) measure('trivial (/health)', script('health', ['/health']))
  for (const c of cases(database).filter((c) => only.test(c.name))) measure(c.name, script(c.name.replace(/\W+/g, '-'), c.paths))
  const base = wrk(`http://127.0.0.1:${YARDSTICK_PORT}`, yardstickScript, 1, seconds, true)
  console.log(`yardstick          c=1 p50 ${base.p50.toFixed(3)} ms p99 ${base.p99.toFixed(3)} ms`)
  // taskset execs node, so the child's pid is the server's.
  console.log(`RSS after the engine runs: ${rss(target.pid!).toFixed(0)} MB (peak ${hwm(target.pid!).toFixed(0)} MB)`)
  target.kill('SIGTERM')
  await new Promise((resolve) => target.once('exit', resolve))

  if (only.test('search while curating')) {
    // On a copy of the database (the import adds 5,000 offers), with a server of its own, alone on its core: an idle
    // server beside it still collects garbage now and then, and held the curated one's thread for 20–35 ms.
    const copy = join(work, 'curating.db')
    copyFileSync(database, copy)
    if (existsSync(`${database}-wal`)) copyFileSync(`${database}-wal`, `${copy}-wal`)
    copyFileSync(`${database}.search-index`, `${copy}.search-index`)
    // With V8's trace of its collections on its output: the major ones are counted per round.
    const curator = start([process.execPath, '--trace-gc', 'dist/server.js'], { ...serverEnv('0'), DATABASE_PATH: copy, PORT: String(CURATING_PORT) }, 'pipe')
    children.push(curator)
    await waitFor(`http://127.0.0.1:${CURATING_PORT}/ready`)
    await curating(copy, curator)
    curator.kill('SIGTERM')
    await new Promise((resolve) => curator.once('exit', resolve))
  }

  // Repeated searches, with the response cache on: the same URL again, and the same URL with its ETag (304).
  if (!only.test('repeated')) {
    stop()
    return
  }
  target = start([process.execPath, 'dist/server.js'], serverEnv('1000'))
  children.push(target)
  await waitFor(`http://127.0.0.1:${TARGET_PORT}/ready`)
  const repeated = '/v1/offers?postcode=9000&phase=baby&facets=true'
  // The ETag names the request's Accept-Language too: ask as wrk does, without one (fetch would send `*`), and check
  // that the tag is answered 304, since wrk counts a 200 as a success as well.
  const etag = (await get(repeated)).headers.etag!
  const revalidated = await get(repeated, { 'if-none-match': etag })
  if (revalidated.statusCode !== 304) throw new Error(`If-None-Match: ${etag} was answered ${revalidated.statusCode}, not 304`)
  measure('repeated (cache)', script('repeated', [repeated]))
  measure('repeated (304)', script('not-modified', [repeated], { 'If-None-Match': etag }))
  console.log(`RSS: ${rss(target.pid!).toFixed(0)} MB (peak ${hwm(target.pid!).toFixed(0)} MB)`)
  writeFileSync(join(root, 'data', `bench-results-${offers}.json`), JSON.stringify({ offers, pairs, seconds, ready_ms: ready, cold_ready_ms: coldReady, ready_rss_mb: readyRss, results, datasets }, null, 2))
  stop()
}

/**
 * Search while curating: the filter and text searches (wrk, four connections) alone, then as long with one admin PATCH
 * of a published offer a second (description, cost, languages in turn: the offer keeps its place in the index), in
 * alternated rounds (this machine's speed drifts within a minute: one phase after the other measured the drift), then
 * with a 5,000-row import; the server has its response cache off, so every search is answered by the engine.
 */
async function curating (copy: string, curator: ChildProcess) {
  const pid = curator.pid!
  // When the server's major (mark-compact) collections happened: each holds its event loop for tens of milliseconds.
  const majors: number[] = []
  createInterface({ input: curator.stdout! }).on('line', (line) => { if (line.includes('Mark-Compact')) majors.push(performance.now()) })
  const counted = async (run: () => Promise<Wrk>) => {
    const from = performance.now()
    const result = await run()
    return { ...result, majors: majors.filter((at) => at >= from && at <= performance.now()).length }
  }
  const duration = Number(process.env.BENCH_CURATING_SECONDS ?? 20)
  const rounds = Number(process.env.BENCH_CURATING_ROUNDS ?? 4)
  const db = openDb(copy)
  const key = issueKey(db, { role: 'admin', label: 'bench' }, { key_id: null, label: 'bench' }).plain
  const offerIds = db.$client.prepare('SELECT id FROM offers WHERE status = \'published\' ORDER BY random() LIMIT 200').pluck().all() as string[]
  const organisation = db.$client.prepare('SELECT slug FROM organisations WHERE status = \'published\' LIMIT 1').pluck().get() as string
  const careType = db.$client.prepare('SELECT code FROM care_types c WHERE NOT EXISTS (SELECT 1 FROM care_types d WHERE d.parent_code = c.code) ORDER BY code LIMIT 1').pluck().get() as string
  db.$client.close()
  const all = cases(database)
  const paths = all.filter((c) => c.name === 'filter' || c.name === 'text broad').flatMap((c) => c.paths)
  const load = script('curating', paths)
  const base = `http://127.0.0.1:${CURATING_PORT}`
  const send = async (method: string, path: string, body: string, type: string) => {
    const started = performance.now()
    const res = await fetch(`${base}${path}`, { method, headers: { 'x-api-key': key, 'if-match': '*', 'content-type': type }, body })
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`)
    return performance.now() - started
  }
  const patches = [
    (i: number) => ({ description: { nl: `Aangepast door de bench (${i}).` } }),
    (i: number) => ({ cost_type: i % 2 === 0 ? 'paid' : 'free' }),
    (i: number) => ({ languages: i % 2 === 0 ? ['nl', 'fr'] : ['nl'] })
  ]
  let written = 0
  const patch = () => send('PATCH', `/v1/admin/offers/${offerIds[written % offerIds.length]}`, JSON.stringify(patches[written % patches.length]!(written++)), 'application/json')
  const writing = async (seconds: number, times: number[]) => {
    for (let i = 0; i < seconds - 1; i++) {
      await new Promise((resolve) => setTimeout(resolve, 1000))
      times.push(await patch())
    }
  }
  // Warm up: every search once (its words looked up, its place's order kept), then under load with a PATCH a second (a
  // server in service has run its write path before; the first PATCH after a start compiles it).
  for (const path of paths) await fetch(`${base}${path}`).then((res) => res.arrayBuffer())
  const warming = wrkAlongside(base, load, WARM_UP_SECONDS)
  await writing(WARM_UP_SECONDS, [])
  await warming
  const phase = Math.max(2, Math.round(duration / rounds))
  const alone: Array<Wrk & { majors: number }> = []
  const withWrites: Array<Wrk & { majors: number }> = []
  const writeTimes: number[] = []
  for (let r = 0; r < rounds; r++) {
    alone.push(await counted(() => wrkAlongside(base, load, phase)))
    withWrites.push(await counted(async () => {
      const running = wrkAlongside(base, load, phase)
      await writing(phase, writeTimes)
      return await running
    }))
  }
  const ratios = alone.map((a, r) => withWrites[r]!.rps / a.rps)
  const pooled = (runs: Wrk[]) => ({ rps: median(runs.map((w) => w.rps)), p99: median(runs.map((w) => w.p99)), max: Math.max(...runs.map((w) => w.max)) })
  const row = (name: string, r: Wrk) => console.log(`${name.padEnd(34)} ${r.rps.toFixed(0)} req/s  p99 ${r.p99.toFixed(1)} ms  max ${r.max.toFixed(1)} ms`)
  const aloneAll = pooled(alone)
  const writingAll = pooled(withWrites)
  console.log(`search while curating: ${rounds} rounds of ${phase} s alone, then ${phase} s with one PATCH a second (req/s and p99: medians of the rounds; max: of all)`)
  row('searches alone', aloneAll)
  row('searches + 1 PATCH/s', writingAll)
  console.log(`search while curating: throughput ratio ${median(ratios).toFixed(2)} (${ratios.map((r) => r.toFixed(2)).join(' ')}), ` +
    `p99 per round alone ${alone.map((w) => w.p99.toFixed(1)).join(' ')} ms, with writes ${withWrites.map((w) => w.p99.toFixed(1)).join(' ')} ms, ` +
    `${writeTimes.length} PATCHes answered in ${Math.min(...writeTimes).toFixed(0)}–${Math.max(...writeTimes).toFixed(0)} ms (median ${median(writeTimes).toFixed(0)})`)
  // A major collection in a round moves its p99 by ten milliseconds or more, alone or with writes: how many fell in each.
  const quiet = (runs: Array<{ p99: number, majors: number }>) => {
    const p99s = runs.filter((w) => w.majors === 0).map((w) => w.p99)
    return p99s.length === 0 ? 'none' : `${median(p99s).toFixed(1)} ms (${p99s.length})`
  }
  console.log(`search while curating: the server's major collections per round alone ${alone.map((w) => w.majors).join(' ')}, with writes ${withWrites.map((w) => w.majors).join(' ')}; ` +
    `median p99 of the rounds without one: alone ${quiet(alone)}, with writes ${quiet(withWrites)}`)

  // A partner's import of 5,000 published offers, while the same searches run.
  const header = 'slug;organisation_id;name_nl;description_nl;care_type;from_month;to_month;languages;modes;service_area;cost_type'
  const csv = [header, ...Array.from({ length: 5000 }, (_, i) => `bench-import-${Date.now()}-${i};${organisation};Bench-aanbod ${i};Ingelezen door de bench;${careType};0;12;nl;group;11002;free`)].join('\n')
  const importing = wrkAlongside(base, load, duration)
  await new Promise((resolve) => setTimeout(resolve, 2000))
  const imported = await send('POST', '/v1/admin/import?dry_run=false&publish=true', csv, 'text/csv')
  const afterImport = performance.now()
  const firstSearch = await fetch(`${base}${paths[0]}`).then(() => performance.now() - afterImport)
  const during = await importing
  row('searches + 5,000-row import', during)
  console.log(`import of 5,000 rows answered in ${imported.toFixed(0)} ms; the first search after it in ${firstSearch.toFixed(0)} ms; ` +
    `throughput ratio over ${duration} s ${(during.rps / aloneAll.rps).toFixed(2)}`)
  console.log(`RSS of the curated server: ${rss(pid).toFixed(0)} MB (peak ${hwm(pid).toFixed(0)} MB)`)
  writeFileSync(join(root, 'data', `bench-curating-${offers}.json`), JSON.stringify({ offers, duration, rounds, alone, writing: withWrites, ratios, writeTimes, importing: during, import_ms: imported }, null, 2))
}

main().catch((err: unknown) => { console.error(err); process.exit(1) })
