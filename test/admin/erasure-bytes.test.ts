// Erased means gone: entries carrying unique markers are erased through HTTP, and no byte of the database, its WAL, the
// index snapshot, a backup taken afterwards or any public or partner answer holds a marker. A backup taken before the
// erasures, restored, erases them again before it serves anything.
import { appendFileSync, copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { buildApp, type App } from '../../src/app.js'
import { erasureLogFile, replayErasures } from '../../src/curation/erasure.js'
import { openDb } from '../../src/db/client.js'
import { loadReference } from '../../src/db/reference.js'
import { loadSample } from '../../src/datasets/sample.js'
import { snapshotFile } from '../../src/search/snapshot.js'
import { checkContract, testConfig } from '../helpers/app.js'
import { call, keyFor, locationBody, offerBody, organisationBody, OTHER, OWN } from '../helpers/curation.js'
import { runToEnd } from '../helpers/server.js'

// Each marker differs from the others from its fifth character on, so FTS5, which stores a term as the part that
// differs from the term before it, still stores that part whole: the tail is what the bytes are searched for.
const MARKERS = {
  organisation: 'Zq9wAorgkx7m', street: 'Zq9wBstrkx7m', unlinked: 'Zq9wCunlkx7m', offer: 'Zq9wDoffkx7m',
  person: 'Zq9wEperkx7m', email: 'zq9wfmailkx7m@example.org', lone: 'Zq9wGlonkx7m', rewritten: 'Zq9wHrewkx7m'
}
const tails = Object.values(MARKERS).map((m) => m.slice(4).toLowerCase())
/** The markers whose tail is in these bytes (compared without case: FTS5 stores terms in lower case). */
const found = (bytes: Buffer | string) => {
  const text = (typeof bytes === 'string' ? bytes : bytes.toString('latin1')).toLowerCase()
  return Object.keys(MARKERS).filter((_, i) => text.includes(tails[i]!))
}
const fileBytes = (file: string) => (existsSync(file) ? readFileSync(file) : Buffer.alloc(0))

async function open (t: Test, file: string) {
  const db = openDb(file)
  loadReference(db)
  const app = await buildApp({ config: testConfig({ SEARCH_SNAPSHOT: 'true' }), db }, {}, checkContract(t))
  return { app, db, close: async () => { await app.close(); db.$client.close() } }
}

/** Every public and partner answer that could show an entry: the feed from the start, both exports, HSDS, search. */
async function publicAnswers (app: App, partner: string): Promise<string> {
  const bodies: string[] = []
  for (let url: string | null = '/v1/changes?per_page=100'; url !== null;) {
    const page = (await app.inject(url)).json() as { contents: unknown[], next_cursor: string, total_items: number }
    bodies.push(JSON.stringify(page.contents))
    url = page.contents.length === 100 ? `/v1/changes?per_page=100&since=${page.next_cursor}` : null
  }
  for (const url of ['/v1/export', '/v1/export?format=csv']) bodies.push((await app.inject({ url, headers: { 'x-api-key': partner } })).body)
  for (const url of ['/hsds/services?per_page=100', '/hsds/organizations?per_page=100', '/hsds/service_at_locations?per_page=100',
    '/v1/offers?per_page=100', '/v1/organisations?per_page=100']) {
    bodies.push((await app.inject(url)).body)
  }
  // A search answer says how it read the question (the words as typed); what it found is what must hold no marker.
  for (const m of Object.values(MARKERS)) bodies.push(JSON.stringify((await app.inject(`/v1/offers?q=${m}`)).json().contents))
  return bodies.join('\n')
}

t.test('erased entries leave no byte behind, on disk or in any answer; a restore erases them again', async (t) => {
  const dir = t.testdir()
  const file = join(dir, 'directory.db')
  const seeded = openDb(file)
  loadReference(seeded)
  loadSample(seeded)
  seeded.$client.close()

  // ---- The entries, each carrying a marker, as curators would make them.
  let service = await open(t, file)
  const admin = keyFor(service.db, 'admin', [], 'Privacy officer')
  const partner = keyFor(service.db, 'partner')
  const { app } = service
  const organisation = (await call(app, admin, 'POST', '/v1/admin/organisations', organisationBody({ slug: 'marker-org', name: { nl: MARKERS.organisation } }))).body
  const street = (await call(app, admin, 'POST', '/v1/admin/locations', locationBody(organisation.id, { name: 'Huis', street: `${MARKERS.street} 1` }))).body
  const offer = (await call(app, admin, 'POST', '/v1/admin/offers', offerBody(organisation.id, {
    slug: 'marker-offer', name: { nl: `${MARKERS.offer} groep` }, location_ids: [street.id], opening_hours: [{ weekday: 1, opens: '09:00', closes: '12:00', location_id: street.id }]
  }))).body
  for (const url of [`/v1/admin/organisations/${organisation.id}`, `/v1/admin/locations/${street.id}`, `/v1/admin/offers/${offer.id}`]) {
    t.equal((await call(app, admin, 'POST', `${url}/publish`)).status, 200, `${url} published`)
  }
  // A location linked to a published offer, then unlinked: its address stays in the offer's earlier feed entry.
  const unlinked = (await call(app, admin, 'POST', '/v1/admin/locations', locationBody(OWN.organisation, { name: 'Tijdelijk', street: `${MARKERS.unlinked} 2` }))).body
  await call(app, admin, 'POST', `/v1/admin/locations/${unlinked.id}/publish`)
  const patch = async (id: string, body: Record<string, unknown>, on = app) => {
    const etag = (await call(on, admin, 'GET', `/v1/admin/offers/${id}`)).headers.etag as string
    const res = await call(on, admin, 'PATCH', `/v1/admin/offers/${id}`, body, { 'if-match': etag })
    t.equal(res.status, 200)
    return res.body
  }
  await patch(OWN.offer, { location_ids: [OWN.location, unlinked.id] })
  await patch(OWN.offer, { location_ids: [OWN.location] })
  // A person on a published offer, edited once (a new contact id), and a phone-only contact.
  const withPerson = await patch(OWN.offer, { contacts: [{ name: MARKERS.person, email: MARKERS.email, phone: '03 111 22 33' }, { phone: '03 999 88 77' }] })
  await patch(OWN.offer, { contacts: [{ name: MARKERS.person, email: MARKERS.email, phone: '03 111 22 44' }, { phone: '03 999 88 77' }] })
  const person = withPerson.contacts[0].id as string
  const phoneOnly = withPerson.contacts[1].id as string
  // An offer of its own, in another organisation.
  // Its first description is rewritten before it is published: the full-text index keeps the old terms, hidden, until merged.
  const lone = (await call(app, admin, 'POST', '/v1/admin/offers', offerBody(OTHER.organisation, { slug: 'lone-offer', name: { nl: MARKERS.lone }, description: { nl: `Eerst ${MARKERS.rewritten}` } }))).body
  await patch(lone.id, { description: { nl: 'Een groep voor ouders.' } })
  await call(app, admin, 'POST', `/v1/admin/offers/${lone.id}/publish`)
  t.strictSame(found(await publicAnswers(app, partner)).sort(), ['email', 'lone', 'offer', 'organisation', 'person', 'street', 'unlinked'],
    'before: every marker is in the public answers (the check can fail)')
  const before = join(dir, 'before-erasure.db')
  await service.db.$client.backup(before)
  await service.close()
  t.strictSame(found(fileBytes(snapshotFile(service.db)!)).sort(), ['lone', 'offer', 'organisation'], 'the index snapshot holds the published organisations\' and offers\' names')
  t.strictSame(found(fileBytes(file)).sort(), Object.keys(MARKERS).sort(), 'before: every marker is in the database file')

  // ---- The erasures, through HTTP, on a running service (its index read from the snapshot).
  service = await open(t, file)
  const erase = async (url: string, status = 204) => t.equal((await call(service.app, admin, 'DELETE', url)).status, status, url)
  await erase(`/v1/admin/organisations/${organisation.id}?erase=true&cascade=true`)
  await erase(`/v1/admin/locations/${unlinked.id}?erase=true`)
  await erase(`/v1/admin/offers/${lone.id}?erase=true`)
  // The person is dropped by a PATCH first (as in the report), then erased from what the history and the feed kept.
  await patch(OWN.offer, { contacts: [{ phone: '03 999 88 77' }] }, service.app)
  await erase(`/v1/admin/offers/${OWN.offer}/contacts/${person}?erase=true`)
  await erase(`/v1/admin/offers/${OWN.offer}/contacts/${phoneOnly}?erase=true`)
  await erase(`/v1/admin/offers/${OWN.offer}/contacts/${person}?erase=true`, 404)
  await erase(`/v1/admin/offers/${OWN.offer}/contacts/${OWN.offer}?erase=true`, 404)
  await erase(`/v1/admin/offers/${OWN.offer}/contacts/${phoneOnly}`, 400)
  const current = (await call(service.app, admin, 'GET', `/v1/admin/offers/${OWN.offer}`)).body
  t.strictSame(current.contacts, [], 'the phone-only contact, erased while current, left the offer')
  t.match(current, { status: 'published', location_ids: [OWN.location] })

  t.strictSame(found(await publicAnswers(service.app, partner)), [], 'no public or partner answer holds a marker')
  const history = (await call(service.app, admin, 'GET', `/v1/admin/offers/${OWN.offer}/history?per_page=100`)).body
  t.strictSame(found(JSON.stringify(history)), [], 'nor the offer\'s history')
  t.ok(history.contents.length >= 6, 'which keeps its revisions')
  t.strictSame(found(fileBytes(snapshotFile(service.db)!)), [], 'the index snapshot holds none (it is removed until the next save)')
  t.strictSame(found(Buffer.concat([fileBytes(file), fileBytes(`${file}-wal`)])), [], 'nor the database file and its WAL, while the service runs')
  t.equal(fileBytes(`${file}-wal`).length, 0, 'the WAL was truncated')
  const log = service.db.$client.prepare('SELECT entity_kind, entity_id, parent_id FROM erasure_log ORDER BY id').all()
  t.strictSame(log, [
    { entity_kind: 'organisation', entity_id: organisation.id, parent_id: null }, { entity_kind: 'offer', entity_id: offer.id, parent_id: null },
    { entity_kind: 'location', entity_id: street.id, parent_id: null }, { entity_kind: 'location', entity_id: unlinked.id, parent_id: null },
    { entity_kind: 'offer', entity_id: lone.id, parent_id: null }, { entity_kind: 'contact', entity_id: person, parent_id: OWN.offer },
    { entity_kind: 'contact', entity_id: phoneOnly, parent_id: OWN.offer }
  ], 'the erasure log: ids, no content')
  const after = join(dir, 'after-erasure.db')
  const backup = await runToEnd('src/cli/backup.ts', { DATABASE_PATH: file }, { args: [after] })
  t.equal(backup.code, 0, backup.stderr)
  t.strictSame(found(fileBytes(after)), [], 'nor a backup taken after the erasures')
  await service.close()
  t.strictSame(found(Buffer.concat([fileBytes(file), fileBytes(`${file}-wal`), fileBytes(snapshotFile(service.db)!)])), [],
    'nor, after a clean stop, the database file and the index snapshot saved then')
  t.ok(existsSync(snapshotFile(service.db)!), 'the snapshot was saved again at the stop')

  // ---- A restore of the backup taken before the erasures: they are made again before it serves anything.
  const lines = readFileSync(erasureLogFile(service.db)!, 'utf8')
  t.equal(lines.trim().split('\n').length, 7, 'the file beside the database lists the same erasures')
  t.strictSame(found(lines), [], 'without content')
  copyFileSync(before, file)
  appendFileSync(erasureLogFile(service.db)!, `{"torn line\n{}\n${JSON.stringify({ at: new Date().toISOString(), entity_kind: 'contact', entity_id: lone.id, parent_id: null })}\n`)
  const restored = await open(t, file)
  t.strictSame(found(fileBytes(file)).sort(), Object.keys(MARKERS).sort(), 'the restored copy holds every marker')
  const replayed = replayErasures(restored.db, restored.app.log)
  t.equal(replayed.length, 8, 'the seven erasures and the one of a contact of an offer this copy does not know')
  t.strictSame(found(await publicAnswers(restored.app, partner)), [], 'the restored service answers without a marker')
  t.strictSame(found(Buffer.concat([fileBytes(file), fileBytes(`${file}-wal`), fileBytes(snapshotFile(restored.db)!)])), [],
    'its files hold none')
  t.equal(replayErasures(restored.db, restored.app.log).length, 0, 'a second start replays nothing')
  rmSync(erasureLogFile(restored.db)!)
  t.equal(replayErasures(restored.db, restored.app.log).length, 0)
  t.equal(readFileSync(erasureLogFile(restored.db)!, 'utf8').trim().split('\n').length, 8, 'a lost file is written again from the database\'s log')
  await restored.close()
  writeFileSync(erasureLogFile(restored.db)!, '')
})
