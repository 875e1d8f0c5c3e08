// kill -9 during write bursts, CRASH_CYCLES times (50 by default): no acknowledged write lost, nothing half-written.
import Database from 'better-sqlite3'
import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { burst } from '../helpers/burst.js'
import { checkDatabase, seededDatabase, startServer, tempDir } from '../helpers/server.js'

// Spawns processes or runs thousands of cases: more than tap's default 30 s on a busy 2-core machine.
t.setTimeout(900_000)

// Until the curation endpoints exist the writes are the fixture's POST /test/offers (an offer with 33 service-area rows,
// links, contacts, hours, a revision, its search row and a feed entry, in one transaction); after the merge, POST /v1/admin/offers.
const WRITE = '/test/offers'
const CYCLES = Number(process.env.CRASH_CYCLES ?? 50)
const SYNCHRONOUS = process.env.SQLITE_SYNCHRONOUS ?? 'FULL'

/** Entries written by the burst that lack a part of what their transaction wrote. */
const HALF_WRITTEN = `
  SELECT o.id FROM offers o, offers template
  WHERE o.slug LIKE 'copy-%' AND template.id = ?
    AND ((SELECT count(*) FROM offer_service_areas WHERE offer_id = o.id) <> (SELECT count(*) FROM offer_service_areas WHERE offer_id = template.id)
      OR (SELECT count(*) FROM offer_roles WHERE offer_id = o.id) <> (SELECT count(*) FROM offer_roles WHERE offer_id = template.id)
      OR NOT EXISTS (SELECT 1 FROM offer_search WHERE offer_id = o.id)
      OR NOT EXISTS (SELECT 1 FROM revisions WHERE entity_kind = 'offer' AND entity_id = o.id)
      OR NOT EXISTS (SELECT 1 FROM change_feed WHERE entity_kind = 'offer' AND entity_id = o.id))`

t.test(`kill -9 at a random moment of a write burst, ${CYCLES} times (synchronous=${SYNCHRONOUS})`, async (t) => {
  const file = seededDatabase(tempDir(t))
  const acknowledged: string[] = []
  const results = { cycles: 0, integrityOk: 0, lost: 0, halfWritten: 0, failures: {} as Record<number, number> }
  let template: string | undefined
  for (let cycle = 1; cycle <= CYCLES; cycle++) {
    const server = await startServer(t, file, { env: { SQLITE_SYNCHRONOUS: SYNCHRONOUS } })
    const writes = burst(`${server.url}${WRITE}`, 8)
    await sleep(50 + Math.floor(Math.random() * 400))
    server.process.kill('SIGKILL')
    await server.exited
    await writes.stop()
    acknowledged.push(...writes.acknowledged)
    for (const [status, n] of Object.entries(writes.failures)) results.failures[Number(status)] = (results.failures[Number(status)] ?? 0) + n

    const { integrity, foreignKeyViolations } = checkDatabase(file)
    const db = new Database(file, { readonly: true })
    template ??= (db.prepare("SELECT offer_id FROM offer_service_areas WHERE offer_id IN (SELECT id FROM offers WHERE slug NOT LIKE 'copy-%') GROUP BY offer_id ORDER BY count(*) DESC, offer_id LIMIT 1").pluck().get() as string)
    const stored = new Set(db.prepare("SELECT id FROM offers WHERE slug LIKE 'copy-%'").pluck().all() as string[])
    const half = db.prepare(HALF_WRITTEN).pluck().all(template) as string[]
    db.close()
    results.cycles++
    if (integrity === 'ok' && foreignKeyViolations === 0) results.integrityOk++
    results.lost += acknowledged.filter((id) => !stored.has(id)).length
    results.halfWritten += half.length
    if (integrity !== 'ok' || foreignKeyViolations > 0 || results.lost > 0 || half.length > 0) break
  }
  t.comment(`${acknowledged.length} acknowledged writes over ${results.cycles} cycles; answers other than 201: ${JSON.stringify(results.failures)}`)
  t.equal(results.cycles, CYCLES, 'every cycle ran')
  t.equal(results.integrityOk, CYCLES, 'integrity_check ok and no foreign-key violation after every kill')
  t.equal(results.lost, 0, 'no acknowledged write lost')
  t.equal(results.halfWritten, 0, 'no entry half-written')
  t.ok(acknowledged.length > CYCLES, 'the bursts wrote (more than one entry per cycle on average)')
})
