// `npm run bench:import` (and the end of `npm run bench`): how long /health waits while a 10,000-row CSV import is
// checked (dry run) and written, against the built service started as `npm start` runs it, on a copy of the sample
// database, with a light search load beside it (one search at a time, 50 ms apart). /health is asked again as soon as it
// answers; the longest and the 99th-percentile waits are reported per phase, with the machine's load average. The first
// search after start (which builds the search's lexicon and index) and one search of each word run before the phases, and the first search after the
// import (the index following the new offers) after them, each measured on its own line.
// Options (environment): BENCH_IMPORT_ROWS (10000), BENCH_IMPORT_BUILD (true: `npm run build` first; false: use dist/
// as it is), BENCH_ONLY (a regular expression: this bench runs when it matches 'import').
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { openDb } from '../src/db/client.js'
import { loadReference } from '../src/db/reference.js'
import { loadSample } from '../src/datasets/sample.js'
import { issueKey } from '../src/keys/store.js'

if (!new RegExp(process.env.BENCH_ONLY ?? '').test('import')) process.exit(0)

const root = fileURLToPath(new URL('..', import.meta.url))
const PORT = 3921
const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 10000)
const base = `http://127.0.0.1:${PORT}`
const SEARCHES = ['baby', 'slaap', 'Antwerpen', 'huilen', 'groep', 'papa', 'consultatie', 'Aanbod']

if (process.env.BENCH_IMPORT_BUILD !== 'false') execFileSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] })

const work = mkdtempSync(join(tmpdir(), 'bench-import-'))
const database = join(work, 'directory.db')
const db = openDb(database)
loadReference(db)
loadSample(db)
const key = issueKey(db, { role: 'admin', label: 'bench' }, { key_id: null, label: 'bench' }).plain
db.$client.close()

const header = 'slug;organisation_id;name_nl;description_nl;care_type;from_month;to_month;languages;modes;service_area;cost_type;contact_name;opening_hours'
const csv = [header, ...Array.from({ length: ROWS }, (_, i) =>
  `bench-${i};consultatiebureau-seefhoek;Aanbod ${i};Beschrijving van aanbod ${i}, met wat tekst zoals een echte beschrijving die heeft;` +
  'lotgenotengroep;0;12;nl|fr;group;11002|BE-VAN;free;Onthaal;1 09:00-12:00|2 13:00-15:00')].join('\n')

async function waitFor (url: string): Promise<void> {
  for (;;) {
    try {
      if ((await fetch(url)).ok) return
    } catch { /* not listening yet */ }
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

const stats = (waits: number[]) => {
  const sorted = [...waits].sort((a, b) => a - b)
  return { n: waits.length, max: sorted.at(-1) ?? 0, p99: sorted[Math.floor(sorted.length * 0.99)] ?? 0 }
}

/** Asks /health back to back, and (with `searches`) searches now and then, while `job` runs; returns the job's time and the waits. */
async function during (job: () => Promise<Response>, searches = true) {
  const health: number[] = []
  const search: number[] = []
  let running = true
  const started = performance.now()
  const importing = job().then(async (res) => { await res.text(); running = false; return res.status })
  const searching = (async () => {
    for (let i = 0; running && searches; i++) {
      const t0 = performance.now()
      await (await fetch(`${base}/v1/offers?q=${SEARCHES[i % SEARCHES.length]}`)).text()
      search.push(performance.now() - t0)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  })()
  while (running) {
    const t0 = performance.now()
    await (await fetch(`${base}/health`)).text()
    health.push(performance.now() - t0)
  }
  const status = await importing
  await searching
  return { status, ms: performance.now() - started, health: stats(health), search: stats(search) }
}

const server: ChildProcess = spawn(process.execPath, ['dist/server.js'], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
  env: {
    ...process.env, PORT: String(PORT), HOST: '127.0.0.1', DATABASE_PATH: database, DATASET: 'none', LOG_LEVEL: 'warn',
    IMPORT_MAX_BYTES: String(50 * 1024 * 1024), PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0', RATE_LIMIT_PER_MINUTE: '10000000', RATE_LIMIT_CURATOR_PER_MINUTE: '10000000'
  }
})
try {
  await waitFor(`${base}/ready`)
  const ms = (n: number) => `${n.toFixed(0)} ms`
  // The first search builds the search's lexicon and index, and each word's first search looks it up in the text index:
  // measured apart, so the phases below measure the import alone.
  const cold = await during(() => fetch(`${base}/v1/offers?q=${SEARCHES[0]}`), false)
  console.log(`first search after start ${ms(cold.ms)}; /health longest ${ms(cold.health.max)}`)
  for (const word of SEARCHES.slice(1)) await (await fetch(`${base}/v1/offers?q=${word}`)).text()
  const post = (query: string) => () => fetch(`${base}/v1/admin/import?${query}`, { method: 'POST', headers: { 'x-api-key': key, 'content-type': 'text/csv' }, body: csv })
  for (const [name, query] of [['dry run', 'dry_run=true'], ['import', 'dry_run=false']] as const) {
    const r = await during(post(query))
    console.log(`${ROWS}-row ${name.padEnd(7)} ${r.status} in ${(r.ms / 1000).toFixed(1)} s; /health asked ${r.health.n} times: longest ${ms(r.health.max)}, ` +
      `p99 ${ms(r.health.p99)}; ${r.search.n} searches: longest ${ms(r.search.max)}, p99 ${ms(r.search.p99)}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`)
  }
  // The search index follows the 10,000 new offers on the next search (src/search/): measured apart, as the import's aftermath.
  const after = await during(() => fetch(`${base}/v1/offers?q=Aanbod`), false)
  console.log(`first search after the import ${ms(after.ms)}; /health asked ${after.health.n} times: longest ${ms(after.health.max)}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`)
} finally {
  server.kill('SIGTERM')
  await new Promise((resolve) => server.once('exit', resolve))
  rmSync(work, { recursive: true, force: true })
}
