// The WAL is copied into the database file by a worker thread, not by the commit of the connection that wrote.
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import t, { type Test } from 'tap'
import { checkpointInBackground } from '../../src/db/checkpoints.js'
import { type Db, openDb } from '../../src/db/client.js'

function fileDb (t: Test): { db: Db, dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'checkpoints-'))
  const db = openDb(join(dir, 'directory.db'))
  t.teardown(() => { if (db.$client.open) db.$client.close(); rmSync(dir, { recursive: true, force: true }) })
  db.$client.exec('CREATE TABLE probe (bytes BLOB)')
  return { db, dir }
}

/** Thirty commits of 8 KB each; the WAL's size after them. */
function writes (db: Db): number {
  for (let i = 0; i < 30; i++) db.$client.prepare('INSERT INTO probe VALUES (randomblob(8192))').run()
  return statSync(`${db.$client.name}-wal`).size
}

t.test('the WAL is checkpointed from a worker thread, so it is written again from its start', async (t) => {
  const alone = fileDb(t)
  alone.db.$client.pragma('wal_autocheckpoint = 0')
  const first = writes(alone.db)
  await sleep(1500)
  t.ok(writes(alone.db) > first * 1.5, 'without checkpoints the WAL grows with every commit')

  const { db } = fileDb(t)
  const failures: Error[] = []
  const checkpoints = checkpointInBackground(db, (err) => failures.push(err))
  t.equal(db.$client.pragma('wal_autocheckpoint', { simple: true }), 0, 'the connection does not checkpoint in its commits')
  const before = writes(db)
  await sleep(1500)
  t.ok(writes(db) <= before, 'checkpointed meanwhile: the next commits wrote the WAL from its start again')
  await checkpoints.stop()
  t.equal(db.$client.pragma('wal_autocheckpoint', { simple: true }), 1000, 'stopped: the connection checkpoints by itself again')
  t.strictSame(failures, [])
})

t.test('a worker that fails hands the checkpoints back to the connection', async (t) => {
  const { db, dir } = fileDb(t)
  const failures: Error[] = []
  const checkpoints = checkpointInBackground(db, (err) => failures.push(err))
  // The worker opens the database after it starts: with its directory gone, it cannot.
  rmSync(dir, { recursive: true, force: true })
  await checkpoints.stop()
  t.equal(failures.length, 1, 'the failure is reported')
  t.match(failures[0]?.message, /unable to open|cannot open|directory/i)
  t.equal(db.$client.pragma('wal_autocheckpoint', { simple: true }), 1000, 'the connection checkpoints by itself again')
})
