// `npx tsx bench/import.ts`: how long /health waits while a 10,000-row CSV import is checked (dry run) and written,
// against the service started as `npm start` would, on a copy of the sample database. /health is asked again as
// soon as it answers; the longest and the 99th-percentile waits are reported per phase.
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { openDb } from '../src/db/client.js'
import { loadReference } from '../src/db/reference.js'
import { loadSample } from '../src/datasets/sample.js'
import { issueKey } from '../src/keys/store.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const PORT = 3921
const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 10000)
const base = `http://127.0.0.1:${PORT}`

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

/** Asks /health back to back while `job` runs; returns the job's time and the waits. */
async function during (job: () => Promise<Response>) {
  const waits: number[] = []
  let running = true
  const started = performance.now()
  const importing = job().then(async (res) => { await res.text(); running = false; return res.status })
  while (running) {
    const t0 = performance.now()
    await (await fetch(`${base}/health`)).text()
    waits.push(performance.now() - t0)
  }
  const status = await importing
  const sorted = [...waits].sort((a, b) => a - b)
  return { status, ms: performance.now() - started, asked: waits.length, max: sorted.at(-1) ?? 0, p99: sorted[Math.floor(sorted.length * 0.99)] ?? 0 }
}

const server: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
  env: {
    ...process.env, PORT: String(PORT), HOST: '127.0.0.1', DATABASE_PATH: database, DATASET: 'none', LOG_LEVEL: 'warn',
    IMPORT_MAX_BYTES: String(50 * 1024 * 1024), PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0', RATE_LIMIT_PER_MINUTE: '10000000', RATE_LIMIT_CURATOR_PER_MINUTE: '10000000'
  }
})
try {
  await waitFor(`${base}/ready`)
  const post = (query: string) => () => fetch(`${base}/v1/admin/import?${query}`, { method: 'POST', headers: { 'x-api-key': key, 'content-type': 'text/csv' }, body: csv })
  for (const [name, query] of [['dry run', 'dry_run=true'], ['import', 'dry_run=false']] as const) {
    const r = await during(post(query))
    console.log(`${ROWS}-row ${name.padEnd(7)} ${r.status} in ${(r.ms / 1000).toFixed(1)} s; /health asked ${r.asked} times, longest wait ${r.max.toFixed(0)} ms, p99 ${r.p99.toFixed(0)} ms`)
  }
} finally {
  server.kill('SIGTERM')
  await new Promise((resolve) => server.once('exit', resolve))
  rmSync(work, { recursive: true, force: true })
}
