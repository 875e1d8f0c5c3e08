// kill -9 during write bursts, CRASH_CYCLES times (50 by default): no acknowledged write lost, nothing half-written.
import Database from 'better-sqlite3'
import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { burst, offerWrite } from '../helpers/burst.js'
import { checkDatabase, seededDatabase, startServer, tempDir } from '../helpers/server.js'

const CYCLES = Number(process.env.CRASH_CYCLES ?? 50)
const SYNCHRONOUS = process.env.SQLITE_SYNCHRONOUS ?? 'FULL'

/** Rows each write puts in each table of the offer (one row per value of the body's lists). */
const PARTS = {
  offer_service_areas: 'service_area', offer_roles: 'roles', offer_target_groups: 'target_groups', offer_languages: 'languages',
  offer_modes: 'modes', offer_locations: 'location_ids', contacts: 'contacts', opening_hours: 'opening_hours'
} as const

/** Entries written by the bursts that lack a part of what their transaction wrote. */
const halfWritten = (expected: Record<string, number>) => `
  SELECT o.id FROM offers o WHERE o.slug LIKE 'copy-%' AND (
    ${Object.keys(PARTS).map((table) => `(SELECT count(*) FROM ${table} WHERE offer_id = o.id) <> ${expected[table]}`).join('\n    OR ')}
    OR NOT EXISTS (SELECT 1 FROM offer_search WHERE offer_id = o.id)
    OR NOT EXISTS (SELECT 1 FROM revisions WHERE entity_kind = 'offer' AND entity_id = o.id)
    OR NOT EXISTS (SELECT 1 FROM audit_log WHERE entity_kind = 'offer' AND entity_id = o.id))`

t.test(`kill -9 at a random moment of a write burst, ${CYCLES} times (synchronous=${SYNCHRONOUS})`, async (t) => {
  const file = seededDatabase(tempDir(t))
  const write = offerWrite(file)
  const expected = Object.fromEntries(Object.entries(PARTS).map(([table, field]) => [table, (write.content[field] as unknown[]).length]))
  const acknowledged: string[] = []
  const results = { cycles: 0, integrityOk: 0, lost: 0, halfWritten: 0, failures: {} as Record<number, number> }
  const started = Date.now()
  for (let cycle = 1; cycle <= CYCLES; cycle++) {
    const server = await startServer(t, file, { env: { SQLITE_SYNCHRONOUS: SYNCHRONOUS } })
    const writes = burst(server.url, write, 8)
    // Kill in the middle of the burst, not during its first request (which a busy machine may take long to answer).
    for (const deadline = Date.now() + 10_000; writes.acknowledged.length === 0 && Date.now() < deadline;) await sleep(10)
    await sleep(50 + Math.floor(Math.random() * 400))
    server.process.kill('SIGKILL')
    await server.exited
    await writes.stop()
    acknowledged.push(...writes.acknowledged)
    for (const [status, n] of Object.entries(writes.failures)) results.failures[Number(status)] = (results.failures[Number(status)] ?? 0) + n

    const { integrity, foreignKeyViolations } = checkDatabase(file)
    const db = new Database(file, { readonly: true })
    const stored = new Set(db.prepare("SELECT id FROM offers WHERE slug LIKE 'copy-%'").pluck().all() as string[])
    const half = db.prepare(halfWritten(expected)).pluck().all() as string[]
    db.close()
    results.cycles++
    if (integrity === 'ok' && foreignKeyViolations === 0) results.integrityOk++
    results.lost += acknowledged.filter((id) => !stored.has(id)).length
    results.halfWritten += half.length
    if (integrity !== 'ok' || foreignKeyViolations > 0 || results.lost > 0 || half.length > 0) break
  }
  t.comment(`${acknowledged.length} acknowledged writes over ${results.cycles} cycles in ${Date.now() - started} ms; answers other than 201: ${JSON.stringify(results.failures)}`)
  t.equal(results.cycles, CYCLES, 'every cycle ran')
  t.equal(results.integrityOk, CYCLES, 'integrity_check ok and no foreign-key violation after every kill')
  t.equal(results.lost, 0, 'no acknowledged write lost')
  t.equal(results.halfWritten, 0, 'no entry half-written')
  t.ok(acknowledged.length > CYCLES, 'the bursts wrote (more than one entry per cycle on average)')
})
