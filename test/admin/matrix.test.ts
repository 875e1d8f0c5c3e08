// Who may do what: every caller (no key, malformed, unknown, revoked, partner, editor, admin) × every admin operation × own/other entries.
import t from 'tap'
import type { Db } from '../../src/db/client.js'
import { issueKey, revokeKey } from '../../src/keys/store.js'
import { setup } from '../helpers/app.js'
import { call, keyFor, locationBody, offerBody, organisationBody, OTHER, OWN, TEST_ACTOR } from '../helpers/curation.js'

const CALLERS = ['none', 'malformed', 'unknown', 'revoked', 'partner', 'editor', 'admin'] as const
type Caller = typeof CALLERS[number]
type Target = typeof OWN
type Kind = 'offers' | 'locations' | 'organisations'

const idOf = (kind: Kind, target: Target) => (kind === 'offers' ? target.offer : kind === 'locations' ? target.location : target.organisation)
const version = (db: Db, kind: Kind, id: string) => (db.$client.prepare(`SELECT version FROM ${kind} WHERE id = ?`).get(id) as { version: number } | undefined)?.version ?? 1

type Op = { name: string, method: string, url: (id: string) => string, body?: (target: Target, n: number) => unknown, ifMatch?: boolean, ok: number, adminOnly?: boolean, create?: boolean }

/** In this order each operation succeeds for a caller allowed to do it, on the state the previous one left. */
const OPS: Op[] = [
  { name: 'read', method: 'GET', url: (id) => id, ok: 200 },
  { name: 'history', method: 'GET', url: (id) => `${id}/history`, ok: 200 },
  { name: 'verify', method: 'POST', url: (id) => `${id}/verify`, ok: 200 },
  { name: 'patch', method: 'PATCH', url: (id) => id, body: () => ({ internal_note: 'checked by phone' }), ifMatch: true, ok: 200 },
  { name: 'unpublish', method: 'POST', url: (id) => `${id}/unpublish`, ok: 200 },
  { name: 'publish', method: 'POST', url: (id) => `${id}/publish`, ok: 200 },
  { name: 'archive', method: 'POST', url: (id) => `${id}/archive`, ok: 200 },
  { name: 'draft', method: 'POST', url: (id) => `${id}/draft`, ok: 200 },
  { name: 'restore', method: 'POST', url: (id) => `${id}/history/1/restore`, ok: 200 },
  { name: 'create', method: 'POST', url: () => '', create: true, ok: 201 },
  { name: 'erase', method: 'DELETE', url: (id) => `${id}?erase=true&cascade=true`, ok: 204, adminOnly: true }
]

function createBody (kind: Kind, target: Target, n: number) {
  if (kind === 'offers') return offerBody(target.organisation, { slug: `matrix-offer-${n}` })
  if (kind === 'locations') return locationBody(target.organisation)
  return organisationBody({ slug: `matrix-organisation-${n}` })
}

function expected (caller: Caller, op: Op, kind: Kind, own: boolean): number {
  if (caller === 'partner') return 403
  if (caller !== 'editor' && caller !== 'admin') return 401
  if (caller === 'admin') return op.ok
  if (op.adminOnly || (op.create && kind === 'organisations')) return 403
  if (own) return op.ok
  return op.create ? 403 : 404
}

async function keyOf (db: Db, caller: Caller): Promise<string | undefined> {
  switch (caller) {
    case 'none': return undefined
    case 'malformed': return 'not-a-key'
    case 'unknown': return `pimh_0123456789abcdef_${'A'.repeat(43)}`
    case 'revoked': {
      const { record, plain } = issueKey(db, { role: 'admin', label: 'to be revoked' }, TEST_ACTOR)
      keyFor(db, 'admin')
      revokeKey(db, record.id, TEST_ACTOR)
      return plain
    }
    case 'editor': return keyFor(db, 'editor', [OWN.organisation])
    default: return keyFor(db, caller)
  }
}

for (const caller of CALLERS) {
  t.test(`${caller} caller`, async (t) => {
    const { app, db } = await setup(t)
    const key = await keyOf(db, caller)
    let n = 0
    // Offers and locations first: erasing an organisation takes its offers and locations with it.
    for (const kind of ['offers', 'locations', 'organisations'] as const) {
      for (const [targetName, target] of [['own', OWN], ['other', OTHER]] as const) {
        for (const op of OPS) {
          n++
          const id = idOf(kind, target)
          const url = `/v1/admin/${kind}${op.create ? '' : `/${op.url(id)}`}`
          const headers: Record<string, string> = op.ifMatch ? { 'if-match': `"${version(db, kind, id)}"` } : {}
          const body = op.create ? createBody(kind, target, n) : op.body?.(target, n)
          const res = await call(app, key, op.method, url, body, headers)
          const want = expected(caller, op, kind, targetName === 'own')
          t.equal(res.status, want, `${op.name} ${kind} (${targetName}): ${JSON.stringify(res.body)?.slice(0, 300)}`)
          t.equal(res.headers['cache-control'], 'no-store')
          if (res.status >= 400) t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
        }
      }
    }
    const partnerKey = issueKey(db, { role: 'partner', label: 'to revoke' }, TEST_ACTOR).record.id
    const general: Array<[string, string, unknown, Record<Caller, number>]> = [
      ['GET', '/v1/admin/offers', undefined, { none: 401, malformed: 401, unknown: 401, revoked: 401, partner: 403, editor: 200, admin: 200 }],
      ['GET', '/v1/admin/keys', undefined, { none: 401, malformed: 401, unknown: 401, revoked: 401, partner: 403, editor: 403, admin: 200 }],
      ['POST', '/v1/admin/keys', { role: 'partner', label: 'app' }, { none: 401, malformed: 401, unknown: 401, revoked: 401, partner: 403, editor: 403, admin: 201 }],
      ['DELETE', `/v1/admin/keys/${partnerKey}`, undefined, { none: 401, malformed: 401, unknown: 401, revoked: 401, partner: 403, editor: 403, admin: 200 }],
      ['GET', '/v1/admin/audit', undefined, { none: 401, malformed: 401, unknown: 401, revoked: 401, partner: 403, editor: 403, admin: 200 }],
      ['GET', '/v1/admin/stale', undefined, { none: 401, malformed: 401, unknown: 401, revoked: 401, partner: 403, editor: 200, admin: 200 }],
      ['POST', '/v1/admin/import?dry_run=true', [offerBody(OWN.organisation, { slug: 'matrix-import' })], { none: 401, malformed: 401, unknown: 401, revoked: 401, partner: 403, editor: 403, admin: 200 }]
    ]
    for (const [method, url, body, want] of general) {
      const res = await call(app, key, method, url, body)
      t.equal(res.status, want[caller], `${method} ${url}`)
      t.equal(res.headers['cache-control'], 'no-store')
    }
  })
}

t.test('an editor lists, and finds stale, only its organisations\' entries', async (t) => {
  const { app, db } = await setup(t)
  const editor = keyFor(db, 'editor', [OWN.organisation, OTHER.organisation])
  for (const [kind, ids] of [['offers', [OWN.offer, OTHER.offer]], ['locations', [OWN.location, OTHER.location]], ['organisations', [OWN.organisation, OTHER.organisation]]] as const) {
    const list = await call(app, editor, 'GET', `/v1/admin/${kind}`)
    t.equal(list.status, 200)
    t.strictSame(list.body.contents.map((e: { id: string }) => e.id).sort(), [...ids].sort(), kind)
    t.equal(list.body.total_items, 2)
  }
  // The sample's offers carry recent checks; cleared here, every one of the editor's entries is stale.
  db.$client.prepare('UPDATE offers SET verified_at = NULL, verified_by = NULL').run()
  const stale = await call(app, editor, 'GET', '/v1/admin/stale')
  t.strictSame(stale.body.contents.map((e: { id: string }) => e.id).sort(), [OWN.offer, OTHER.offer, OWN.location, OTHER.location, OWN.organisation, OTHER.organisation].sort())
  const admin = keyFor(db, 'admin')
  t.equal((await call(app, admin, 'GET', '/v1/admin/offers')).body.total_items, 39)
})

t.test('an editor may not move an entry to another organisation', async (t) => {
  const { app, db } = await setup(t)
  const editor = keyFor(db, 'editor', [OWN.organisation])
  const moved = await call(app, editor, 'PATCH', `/v1/admin/offers/${OWN.offer}`, { organisation_id: OTHER.organisation, location_ids: [] }, { 'if-match': '"1"' })
  t.equal(moved.status, 403)
  t.match(moved.body.detail, /may not curate entries of organisation/)
  t.equal(version(db, 'offers', OWN.offer), 1, 'nothing changed')
})
