// Disk full (SQLITE_FULL, simulated with PRAGMA max_page_count): writes get 503, reads go on, writes resume without a restart.
import Database from 'better-sqlite3'
import t from 'tap'
import { offerWrite, post } from '../helpers/burst.js'
import { checkDatabase, FIXTURE_SERVER, seededDatabase, startServer, tempDir } from '../helpers/server.js'

// The writes are the real POST /v1/admin/offers; the fixture adds only the cap, which must be set on the service's own connection.
t.test('when the database cannot grow, writes fail cleanly and whole, and recover when space returns', async (t) => {
  const file = seededDatabase(tempDir(t))
  const write = offerWrite(file)
  const server = await startServer(t, file, { entry: FIXTURE_SERVER })
  const cap = (extra: number | null) => fetch(`${server.url}/test/max-page-count`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ extra_pages: extra }) })
  t.equal((await cap(40)).status, 200, 'room for about 40 more pages')
  const accepted: string[] = []
  let full: Response | undefined
  for (let i = 0; i < 500 && full === undefined; i++) {
    const res = await post(server.url, write)
    if (res.status === 201) accepted.push(((await res.json()) as { id: string }).id)
    else full = res
  }
  t.ok(full, `the cap bites after ${accepted.length} writes`)
  t.equal(full?.status, 503, 'a write that does not fit: 503')
  t.equal(full?.headers.get('content-type'), 'application/problem+json; charset=utf-8')
  t.equal(full?.headers.get('retry-after'), '5')
  t.match(await server.logged('database unavailable'), { code: 'SQLITE_FULL' })
  t.equal((await fetch(`${server.url}/v1/regions?level=province`)).status, 200, 'reads keep working')
  t.equal((await post(server.url, write)).status, 503, 'still full')
  t.equal((await cap(null)).status, 200)
  const resumed = await post(server.url, write)
  t.equal(resumed.status, 201, 'space is back: the next write succeeds without a restart')
  accepted.push(((await resumed.json()) as { id: string }).id)
  server.process.kill('SIGTERM')
  await server.exited

  t.strictSame(checkDatabase(file), { integrity: 'ok', foreignKeyViolations: 0 })
  const db = new Database(file, { readonly: true })
  t.teardown(() => db.close())
  const ids = (sql: string) => (db.prepare(sql).pluck().all() as string[]).sort()
  t.strictSame(ids("SELECT id FROM offers WHERE slug LIKE 'copy-%'"), [...accepted].sort(), 'exactly the accepted writes are stored: none lost, none partial')
  t.strictSame(ids("SELECT offer_id FROM offer_search WHERE offer_id IN (SELECT id FROM offers WHERE slug LIKE 'copy-%')"), [...accepted].sort(), 'each with its search row')
})
