// `npm run backup` during a write burst: a consistent, checked copy, moved into place atomically, that the service starts on.
import Database from 'better-sqlite3'
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { burst, offerWrite } from '../helpers/burst.js'
import { checkDatabase, runToEnd, seededDatabase, startServer, tempDir } from '../helpers/server.js'

const count = (sql: string) => (file: string) => {
  const db = new Database(file, { readonly: true })
  try {
    return db.prepare(sql).pluck().get() as number
  } finally {
    db.close()
  }
}
const offers = count('SELECT count(*) FROM offers')
const publicChanges = count('SELECT count(*) FROM change_feed')

t.test('a backup taken during writes is whole, passes integrity_check, and the service starts on it', async (t) => {
  const dir = tempDir(t)
  const file = seededDatabase(dir)
  const target = join(dir, 'backup.db')
  const write = offerWrite(file)
  const server = await startServer(t, file)
  const before = offers(file)
  const writes = burst(server.url, write, 4)
  await sleep(1000)
  const first = await runToEnd('src/cli/backup.ts', { DATABASE_PATH: file }, { args: [target] })
  await sleep(1000)
  await writes.stop()
  const after = offers(file)
  t.equal(first.code, 0, first.stderr)
  t.equal(first.stdout, `backed up ${file} to ${target}\n`)
  t.ok(after > before, `${after - before} writes during the burst (${JSON.stringify(writes.failures)} failed)`)
  t.strictSame(checkDatabase(target), { integrity: 'ok', foreignKeyViolations: 0 })
  const copied = offers(target)
  t.ok(copied >= before && copied <= after, `the copy holds ${copied} offers: between ${before} and ${after}`)

  const firstInode = statSync(target).ino
  const second = await runToEnd('src/cli/backup.ts', { DATABASE_PATH: file }, { args: [target] })
  t.equal(second.code, 0, second.stderr)
  t.not(statSync(target).ino, firstInode, 'the second backup replaced the file in one rename')
  t.equal(offers(target), after, 'and holds every write')
  t.strictSame(readdirSync(dir).filter((f) => f.includes('partial')), [], 'no partial file left behind')

  server.process.kill('SIGTERM')
  await server.exited
  const restored = await startServer(t, target)
  t.equal((await fetch(`${restored.url}/ready`)).status, 200, 'the service starts on the backup')
  // The public read partners mirror the directory with (GET /v1/offers once the public search is merged).
  const feed = await fetch(`${restored.url}/v1/changes`)
  t.equal(feed.status, 200, 'and serves the public directory')
  t.equal(((await feed.json()) as { total_items: number }).total_items, publicChanges(target), 'all of it')
  const last = writes.acknowledged.at(-1)!
  const entry = await fetch(`${restored.url}/v1/admin/offers/${last}`, { headers: write.headers })
  t.equal(entry.status, 200, 'and the last write before the backup')
  t.match(await entry.json(), { id: last, status: 'draft', service_area: write.content.service_area })
})

t.test('a backup that cannot be made leaves no file and says why', async (t) => {
  const dir = tempDir(t)
  const missing = await runToEnd('src/cli/backup.ts', { DATABASE_PATH: join(dir, 'absent.db') }, { args: [join(dir, 'copy.db')] })
  t.equal(missing.code, 1)
  t.match(missing.stderr, /^backup failed: /)
  t.strictSame(readdirSync(dir), [])
  const usage = await runToEnd('src/cli/backup.ts', { DATABASE_PATH: join(dir, 'absent.db') })
  t.equal(usage.code, 2)
  t.equal(usage.stderr, 'usage: npm run backup -- <backup file>\n')
})
