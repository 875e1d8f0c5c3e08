// Spawns the real service as a child process on a temporary database, for fault tests (crash, busy, full, read-only, shutdown).
import Database from 'better-sqlite3'
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { copyFileSync, existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Test } from 'tap'
import { openDb } from '../../src/db/client.js'
import { loadReference } from '../../src/db/reference.js'
import { loadSample } from '../../src/datasets/sample.js'
import { issueKey } from '../../src/keys/store.js'
import { TEST_ENV } from './app.js'
import { CACHE_DIR, contentHash, ROOT } from './cache.js'
import { TEST_ACTOR } from './curation.js'

export { ROOT }
/** The entry point `npm start` runs. */
export const SERVER = 'src/server.ts'
/** The same service with test-only routes (a slow answer, a cap on the database's size): test/fixtures/server.ts. */
export const FIXTURE_SERVER = 'test/fixtures/server.ts'

/** A fresh temporary directory, removed when the test ends. */
export function tempDir (t: Test): string {
  const dir = mkdtempSync(join(tmpdir(), 'pimh-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

let template: string | undefined
/** A database file with migrations, reference and sample data, copied so each server starts fast on its own file. */
export function seededDatabase (dir: string): string {
  if (template === undefined) {
    template = join(mkdtempSync(join(tmpdir(), 'pimh-template-')), 'directory.db')
    const db = openDb(template)
    loadReference(db)
    loadSample(db)
    db.$client.close()
    process.on('exit', () => rmSync(join(template!, '..'), { recursive: true, force: true }))
  }
  const file = join(dir, 'directory.db')
  copyFileSync(template, file)
  return file
}

export type Running = {
  process: ChildProcess
  url: string
  /** The server's log lines, parsed. */
  logs: Array<Record<string, unknown>>
  stderr: () => string
  exited: Promise<{ code: number | null, signal: NodeJS.Signals | null }>
  /** The first log line with this message, once it has arrived (stdout lags the HTTP answer a little). */
  logged: (msg: string) => Promise<Record<string, unknown> | undefined>
}

/** Child processes get a plain environment: no test runner hooks or coverage instrumentation. */
function childEnv (env: Record<string, string>): Record<string, string> {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ']
  return { ...Object.fromEntries(keep.flatMap((k) => (process.env[k] === undefined ? [] : [[k, process.env[k]!]]))), ...env }
}

/**
 * An entry point (`src/server.ts`) bundled with what it imports into one JavaScript file, built once per change of the
 * sources and shared by the test processes (test/helpers/cache.ts). A start of the service from it costs about half
 * the CPU of one from the sources transpiled file by file, and a third of one through tsx (most of a start is loading
 * modules): the crash test starts it 50 times. Each `import.meta.url` stays its source file's URL, so what the code
 * reads next to itself (migrations, seed, widget assets, the search code's digest) is what it reads from the sources.
 */
export function compiled (entry: string): string {
  const file = `${CACHE_DIR}entry-${contentHash(['src', 'test/helpers', 'test/fixtures', 'package-lock.json'])}-${entry.replaceAll('/', '-').replace(/\.ts$/, '.mjs')}`
  if (!existsSync(file)) {
    const partial = `${file}.${process.pid}.mjs`
    execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'test/helpers/bundle.ts'), entry, partial], { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '' }, stdio: ['ignore', 'ignore', 'inherit'] })
    renameSync(partial, file)
  }
  return file
}

/**
 * Runs `node <entry compiled to JavaScript> [...args]` with the given environment (and optional argv prefix, e.g. setpriv).
 * tap adds its process-info loader to every child's NODE_OPTIONS; `env -u` drops it, so a server killed with -9
 * or run as another user behaves as in production (these entry points are tested here, not measured for coverage).
 */
export function run (entry: string, env: Record<string, string>, { prefix = [], args = [] }: { prefix?: string[], args?: string[] } = {}): ChildProcess {
  const command = [...prefix, 'env', '-u', 'NODE_OPTIONS', process.execPath, compiled(entry), ...args]
  return spawn(command[0]!, command.slice(1), { cwd: ROOT, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] })
}

/** Starts the service on `database` and resolves once it listens; the test's teardown kills what is left. */
export async function startServer (t: Test, database: string, { env = {}, entry = SERVER, prefix = [] }: { env?: Record<string, string>, entry?: string, prefix?: string[] } = {}): Promise<Running> {
  // Overload shedding and the rate limits are off unless a test turns them on: a busy CI machine must not make a fault test flaky.
  const rateLimits = Object.fromEntries(Object.entries(TEST_ENV).filter(([name]) => name.startsWith('RATE_LIMIT_')))
  const defaults = { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', DATASET: 'none', PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0', ...rateLimits }
  const child = run(entry, { ...defaults, DATABASE_PATH: database, ...env }, { prefix })
  const logs: Array<Record<string, unknown>> = []
  let stderr = ''
  let buffered = ''
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk })
  const exited = new Promise<{ code: number | null, signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })))
  t.teardown(() => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL') })
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk
      const lines = buffered.split('\n')
      buffered = lines.pop()!
      for (const line of lines) {
        const entry = JSON.parse(line) as Record<string, unknown>
        logs.push(entry)
        const address = /^Server listening at (http:\/\/127\.0\.0\.1:\d+)$/.exec(String(entry.msg))
        if (address) resolve(address[1]!)
      }
    })
    void exited.then(({ code, signal }) => reject(new Error(`the server exited (${code ?? signal}) before listening: ${stderr}`)))
  })
  const logged = async (msg: string) => {
    for (let i = 0; i < 50 && !logs.some((l) => l.msg === msg); i++) await sleep(100)
    return logs.find((l) => l.msg === msg)
  }
  return { process: child, url, logs, stderr: () => stderr, exited, logged }
}

/** An admin key issued in a database file before the service starts on it: its plain value. */
export function adminKey (file: string): string {
  const db = openDb(file)
  try {
    return issueKey(db, { role: 'admin', label: 'test admin' }, TEST_ACTOR).plain
  } finally {
    db.$client.close()
  }
}

/** What SQLite itself says of a database file after a fault: integrity, foreign keys. */
export function checkDatabase (file: string): { integrity: string, foreignKeyViolations: number } {
  const db = new Database(file, { fileMustExist: true })
  try {
    return {
      integrity: String(db.pragma('integrity_check', { simple: true })),
      foreignKeyViolations: (db.pragma('foreign_key_check') as unknown[]).length
    }
  } finally {
    db.close()
  }
}

/** Runs a command-line entry to its end: exit code and output. */
export async function runToEnd (entry: string, env: Record<string, string>, options: { prefix?: string[], args?: string[] } = {}) {
  const child = run(entry, env, options)
  let stdout = ''
  let stderr = ''
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk })
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk })
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
  return { code, stdout, stderr }
}
