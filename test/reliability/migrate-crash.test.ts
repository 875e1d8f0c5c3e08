// kill -9 while `npm run db:migrate` builds a new database (migrations, then the reference data), MIGRATE_CYCLES times:
// the next run completes it, with every migration applied once and the whole reference loaded.
import Database from 'better-sqlite3'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { openDb } from '../../src/db/client.js'
import { loadReference } from '../../src/db/reference.js'
import { checkDatabase, run, runToEnd, tempDir } from '../helpers/server.js'

const CYCLES = Number(process.env.MIGRATE_CYCLES ?? 10)
const MIGRATIONS = (JSON.parse(readFileSync(new URL('../../migrations/meta/_journal.json', import.meta.url), 'utf8')) as { entries: unknown[] }).entries.length
const REFERENCE_TABLES = ['regions', 'region_ancestors', 'region_aliases', 'postcodes', 'phases', 'care_types', 'roles', 'target_groups', 'languages']

/** Rows per reference table in a database built without interruption. */
function counts (db: Database.Database): Record<string, number> {
  return Object.fromEntries(REFERENCE_TABLES.map((table) => [table, db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number]))
}

/** What a killed run left: how many migrations it recorded, and whether it got to the reference data. */
function leftBehind (file: string): string {
  if (!existsSync(file)) return 'no file'
  const db = new Database(file, { readonly: true })
  try {
    // Killed mid-write before WAL was switched on: a hot rollback journal that only a writer (the next run) may roll back.
    if (existsSync(`${file}-journal`) && statSync(`${file}-journal`).size > 0) return 'a hot journal, rolled back by the next run'
    const hasJournal = db.prepare("SELECT count(*) FROM sqlite_master WHERE name = '__drizzle_migrations'").pluck().get() === 1
    const applied = hasJournal ? db.prepare('SELECT count(*) FROM __drizzle_migrations').pluck().get() as number : 0
    const regions = applied === MIGRATIONS ? db.prepare('SELECT count(*) FROM regions').pluck().get() as number : 0
    return `${applied}/${MIGRATIONS} migrations, ${regions > 0 ? 'reference loaded' : 'no reference'}`
  } finally {
    db.close()
  }
}

t.test(`kill -9 during db:migrate on a new database, ${CYCLES} times: the next run completes it`, async (t) => {
  const fresh = openDb(':memory:')
  loadReference(fresh)
  const expected = counts(fresh.$client)
  fresh.$client.close()
  const outcomes: Record<string, number> = {}
  for (let cycle = 1; cycle <= CYCLES; cycle++) {
    const file = join(tempDir(t), 'directory.db')
    const child = run('src/cli/migrate.ts', { DATABASE_PATH: file })
    const exited = new Promise((resolve) => child.on('exit', resolve))
    // The file appears when the run opens the database; the migrations follow within tens of milliseconds, then the
    // reference load: every other kill aims at the migrations.
    while (!existsSync(file) && child.exitCode === null) await sleep(1)
    await sleep(Math.floor(Math.random() * (cycle % 2 === 1 ? 40 : 400)))
    child.kill('SIGKILL')
    await exited
    const state = leftBehind(file)
    outcomes[state] = (outcomes[state] ?? 0) + 1

    const again = await runToEnd('src/cli/migrate.ts', { DATABASE_PATH: file })
    t.equal(again.code, 0, `cycle ${cycle} (${state}): the next run succeeds ${again.stderr}`)
    t.strictSame(checkDatabase(file), { integrity: 'ok', foreignKeyViolations: 0 }, `cycle ${cycle}: integrity`)
    const db = new Database(file, { readonly: true })
    t.equal(db.prepare('SELECT count(*) FROM __drizzle_migrations').pluck().get(), MIGRATIONS, `cycle ${cycle}: each migration applied once`)
    t.strictSame(counts(db), expected, `cycle ${cycle}: the whole reference`)
    db.close()
  }
  t.comment(`what the kills left behind: ${JSON.stringify(outcomes)}`)
})
