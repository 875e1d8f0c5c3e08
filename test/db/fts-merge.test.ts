// The full-text index is merged between requests, never inside a write, and never by waiting on another writer's lock;
// a whole merge leaves one segment (an erasure waits for it: test/admin/erasure-bytes.test.ts).
import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { type Db, openDb } from '../../src/db/client.js'
import { mergeBetweenRequests, mergePending } from '../../src/db/fts-merge.js'
import { setup } from '../helpers/app.js'
import { keyFor, OWN, withKey } from '../helpers/curation.js'

/** Whether FTS5 would merge anything now, asked in a savepoint that is rolled back (its own test: two changes or more). */
function mergeWaiting (db: Db): boolean {
  const changes = () => db.$client.prepare('SELECT total_changes()').pluck().get() as number
  db.$client.exec('SAVEPOINT probe')
  const before = changes()
  db.$client.prepare("INSERT INTO offer_search (offer_search, rank) VALUES ('merge', 64)").run()
  const waiting = changes() - before >= 2
  db.$client.exec('ROLLBACK TO probe; RELEASE probe')
  return waiting
}

/** Writes of search rows as separate transactions, each leaving a segment (a row added, then taken away): 2n segments, more than the sixteen of one level a merge takes. */
function segments (db: Db, n: number): void {
  for (let i = 0; i < n; i++) {
    db.$client.prepare("INSERT INTO offer_search (rowid, offer_id, name) VALUES (9000000, 'probe', 'segment')").run()
    db.$client.prepare('DELETE FROM offer_search WHERE rowid = 9000000').run()
  }
}

const segmentCount = (db: Db) => db.$client.prepare('SELECT count(DISTINCT segid) FROM offer_search_idx').pluck().get() as number

async function settled (db: Db): Promise<void> {
  for (let waited = 0; mergePending(db); waited += 10) {
    if (waited > 20_000) throw new Error('the merge did not end')
    await sleep(10)
  }
}

t.test('a write leaves the merge to the steps after it', async (t) => {
  const { app, db } = await setup(t)
  segments(db, 20)
  t.ok(mergeWaiting(db), 'writes of search rows did not merge their segments themselves')
  const key = keyFor(db, 'admin')
  const patched = await app.inject({ method: 'PATCH', url: `/v1/admin/offers/${OWN.offer}`, headers: withKey(key, { 'if-match': '*' }), payload: { description: { nl: 'Een nieuwe beschrijving.' } } })
  t.equal(patched.statusCode, 200)
  t.ok(mergePending(db), 'the write asked for a merge')
  await settled(db)
  t.notOk(mergeWaiting(db), 'merged between requests')
  const found = await app.inject('/v1/offers?read_q=false&q=beschrijving')
  t.ok(found.json().contents.some((o: { id: string }) => o.id === OWN.offer), 'the text written is found')
})

t.test('a whole merge leaves one segment; asked while another merge runs, it joins it', async (t) => {
  const { db } = await setup(t)
  segments(db, 3)
  t.equal(await mergeBetweenRequests(db), true, 'a merge ends when FTS5 finds nothing worth merging')
  t.ok(segmentCount(db) > 1, 'which leaves segments fewer than a level takes')
  segments(db, 20)
  const picked = mergeBetweenRequests(db)
  const whole = mergeBetweenRequests(db, { whole: true })
  t.strictSame(await Promise.all([picked, whole]), [true, true], 'both hear the end')
  t.equal(segmentCount(db), 1, 'one segment')
  t.notOk(mergePending(db))
})

t.test('a merge step never waits on another connection holding the write lock', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'fts-merge-'))
  const file = join(dir, 'merge.db')
  const db = openDb(file)
  const other = new Database(file)
  t.teardown(() => { other.close(); db.$client.close(); rmSync(dir, { recursive: true, force: true }) })
  segments(db, 20)
  // A step that waited on the lock would hold this thread for a minute, past the test's time limit.
  db.$client.pragma('busy_timeout = 60000')
  other.exec('BEGIN IMMEDIATE')
  mergeBetweenRequests(db)
  await sleep(250)
  t.ok(mergePending(db), 'still to do while the lock is held elsewhere')
  t.equal(db.$client.pragma('busy_timeout', { simple: true }), 60000, 'the connection waits on locks as before for everything else')
  other.exec('COMMIT')
  await settled(db)
  t.notOk(mergeWaiting(db), 'merged once the lock was let go')
})

t.test('a connection closed before its step ends the merge', async (t) => {
  const db = openDb(':memory:')
  segments(db, 20)
  const first = mergeBetweenRequests(db)
  const second = mergeBetweenRequests(db)
  db.$client.close()
  t.strictSame(await Promise.all([first, second]), [false, false], 'both hear that it did not end merged')
  t.notOk(mergePending(db))
})

t.test('a merge that fails ends, and leaves the failure to the next write', async (t) => {
  // A database without the full-text table: the merge step's statement fails.
  const bare = new Database(':memory:')
  t.teardown(() => bare.close())
  const db = { $client: bare } as unknown as Db
  const timeout = bare.pragma('busy_timeout', { simple: true })
  t.equal(await mergeBetweenRequests(db), false, 'the merge ends unmerged')
  t.notOk(mergePending(db))
  t.equal(bare.pragma('busy_timeout', { simple: true }), timeout, 'the connection keeps its own lock wait')
})
