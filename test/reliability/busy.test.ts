// A second process holding the write lock: a short hold is waited out, a hold beyond the busy timeout is 503, never 500.
import Database from 'better-sqlite3'
import t from 'tap'
import { offerWrite, post } from '../helpers/burst.js'
import { seededDatabase, startServer, tempDir } from '../helpers/server.js'

t.test('the database is busy: reads go on, writes wait up to SQLITE_BUSY_TIMEOUT_MS, then get 503 + Retry-After', async (t) => {
  const file = seededDatabase(tempDir(t))
  const write = offerWrite(file)
  const server = await startServer(t, file, { env: { SQLITE_BUSY_TIMEOUT_MS: '3000' } })
  // This test process is the second process: it takes the write lock the way a CLI import or a migration would.
  const other = new Database(file)
  t.teardown(() => { if (other.inTransaction) other.exec('ROLLBACK'); other.close() })

  other.exec('BEGIN IMMEDIATE')
  const released = new Promise<void>((resolve) => setTimeout(() => { other.exec('COMMIT'); resolve() }, 500))
  const waited = await post(server.url, write)
  await released
  t.equal(waited.status, 201, 'a lock held for 500 ms is waited out')

  other.exec('BEGIN IMMEDIATE')
  const read = await fetch(`${server.url}/v1/regions?level=province`)
  t.equal(read.status, 200, 'reads are not blocked by the writer (WAL)')
  const refused = await post(server.url, write)
  other.exec('ROLLBACK')
  t.equal(refused.status, 503, 'a lock held beyond the timeout: 503')
  t.equal(refused.headers.get('retry-after'), '5')
  t.equal(refused.headers.get('content-type'), 'application/problem+json; charset=utf-8')
  t.match(await refused.json(), { status: 503, detail: 'The directory cannot take this request right now; try again shortly' })
  t.match(await server.logged('database unavailable'), { code: 'SQLITE_BUSY' }, 'logged as a warning with its code')
  const resumed = await post(server.url, write)
  t.equal(resumed.status, 201, 'writes resume once the lock is gone')
  if (resumed.status !== 201) t.comment(JSON.stringify(server.logs.filter((l) => l.level as number >= 40)))
})
