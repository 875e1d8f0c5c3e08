import { join } from 'node:path'
import t from 'tap'
import { emitOffers } from '../../src/changes/feed.js'
import { feedPosition } from '../../src/core/feed-position.js'
import { inTransaction, openDb } from '../../src/db/client.js'
import { loadReference } from '../../src/db/reference.js'
import { loadSample, sampleId } from '../../src/datasets/sample.js'
import { nextTurn, setup } from '../helpers/app.js'

type Change = { kind: string, id: string, action: 'upsert' | 'delete', data?: { id: string } }

t.test('the change feed', async (t) => {
  const { app } = await setup(t)
  const get = (url: string) => app.inject({ method: 'GET', url })

  t.test('pages through every change with its cursor, oldest first', async (t) => {
    const seen: Change[] = []
    let url = '/v1/changes?per_page=30'
    const sizes = []
    for (;;) {
      const res = await get(url)
      t.equal(res.statusCode, 200)
      t.equal(res.headers['cache-control'], 'no-cache')
      const body = res.json()
      sizes.push([body.size, body.total_items, body.first_page, body.last_page])
      seen.push(...body.contents)
      if (body.last_page) {
        const after = await get(`/v1/changes?since=${body.next_cursor}`)
        t.match(after.json(), { total_items: 0, size: 0, empty: true, last_page: true, next_cursor: body.next_cursor })
        break
      }
      url = `/v1/changes?per_page=30&since=${body.next_cursor}`
    }
    t.strictSame(sizes, [[30, 78, true, false], [30, 48, false, false], [18, 18, false, true]])
    const mirror = new Map<string, unknown>()
    for (const c of seen) {
      if (c.action === 'upsert') mirror.set(`${c.kind}:${c.id}`, c.data)
      else mirror.delete(`${c.kind}:${c.id}`)
    }
    t.equal([...mirror.keys()].filter((k) => k.startsWith('offer:')).length, 39)
    t.equal([...mirror.keys()].filter((k) => k.startsWith('organisation:')).length, 39)
    t.equal(seen[0]!.kind, 'organisation', 'an organisation comes before its offers')
  })

  t.test('an upsert carries the public record in every language, without curators\' notes', async (t) => {
    const body = (await get('/v1/changes?per_page=100')).json()
    const offer = body.contents.find((c: Change & { data: Record<string, unknown> }) => c.kind === 'offer' && c.data.slug === 'mbu-de-wiege')
    t.match(offer.data, { name: { nl: 'Moeder-Baby-Eenheid De Wiege' }, care_type: 'mbu_residentieel', service_area: ['BE-BRU', 'BE-VLG'], last_verified: '2026-11-07T10:00:00.000Z' })
    t.equal(offer.data.locations.length, 1)
    t.equal('internal_note' in offer.data, false)
    t.equal('status' in offer.data, false)
  })

  t.test('bad cursors are problems', async (t) => {
    for (const since of ['bm9wZQ', 'not a cursor!', Buffer.from('v1:abc').toString('base64url')]) {
      const res = await get(`/v1/changes?since=${encodeURIComponent(since)}`)
      t.equal(res.statusCode, 400, since)
      t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
    }
  })
})

t.test('public ETags move with the directory', async (t) => {
  const { app, db } = await setup(t, { sample: false })
  const first = await app.inject('/v1/roles/vroedvrouw')
  const etag = first.headers.etag as string
  t.equal((await app.inject({ url: '/v1/roles/vroedvrouw', headers: { 'if-none-match': etag } })).statusCode, 304)
  // A change written straight into the feed, as another process would: seen from the next turn of the event loop.
  db.$client.prepare(`INSERT INTO change_feed (entity_kind, entity_id, action, reason, at) VALUES ('offer', ?, 'delete', 'archived', ?)`)
    .run('00000000-0000-4000-8000-000000000000', new Date().toISOString())
  await nextTurn()
  const after = await app.inject({ url: '/v1/roles/vroedvrouw', headers: { 'if-none-match': etag } })
  t.equal(after.statusCode, 200)
  t.not(after.headers.etag, etag)
  t.equal((await app.inject({ url: '/v1/changes', headers: { 'if-none-match': after.headers.etag as string } })).statusCode, 200, 'another URL')
  // Only public reads have an ETag to match: elsewhere even `*` gets the full answer.
  const health = await app.inject({ url: '/health', headers: { 'if-none-match': '*' } })
  t.equal(health.statusCode, 200, 'not a public read: no 304')
  t.equal(health.headers.etag, undefined)
})

t.test('the feed position is read once per turn of the event loop, and moves at once with a change made here', async (t) => {
  const path = join(t.testdir(), 'directory.db')
  const db = openDb(path)
  loadReference(db)
  loadSample(db)
  const other = openDb(path)
  t.teardown(() => { db.$client.close(); other.$client.close() })
  const append = (into: typeof db) => into.$client.prepare(`INSERT INTO change_feed (entity_kind, entity_id, action, reason, at) VALUES ('offer', ?, 'delete', 'archived', ?)`)
    .run('00000000-0000-4000-8000-000000000000', new Date().toISOString())
  const start = feedPosition(db)
  t.ok(start > 0)
  append(other)
  t.equal(feedPosition(db), start, 'another process\'s change: not within this turn')
  await nextTurn()
  t.equal(feedPosition(db), start + 1, 'but from the next one')
  emitOffers(db, [sampleId('offer', 'cb-seefhoek')], 'updated', new Date().toISOString())
  t.equal(feedPosition(db), start + 2, 'a change through this connection: at once')
  inTransaction(db, () => {
    append(db)
    t.equal(feedPosition(db), start + 3, 'inside a transaction: read each time')
  })
})
