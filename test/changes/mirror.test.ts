import t from 'tap'
import type { App } from '../../src/app.js'
import { setup } from '../helpers/app.js'
import { call, keyFor, offerBody, withKey } from '../helpers/curation.js'

type Change = { kind: string, id: string, action: 'upsert' | 'delete', data?: unknown }
type Mirror = { entries: Map<string, unknown>, cursor: string | undefined }

/** What a partner's mirror does: read the feed from its cursor on and apply every change. */
async function follow (app: App, mirror: Mirror): Promise<number> {
  let applied = 0
  for (;;) {
    const body = (await app.inject(`/v1/changes?per_page=37${mirror.cursor ? `&since=${mirror.cursor}` : ''}`)).json()
    for (const c of body.contents as Change[]) {
      if (c.action === 'upsert') mirror.entries.set(`${c.kind}:${c.id}`, c.data)
      else mirror.entries.delete(`${c.kind}:${c.id}`)
      applied++
    }
    mirror.cursor = body.next_cursor
    if (body.last_page) return applied
  }
}

async function directory (app: App, key: string): Promise<Map<string, unknown>> {
  const res = await app.inject({ url: '/v1/export', headers: withKey(key) })
  return new Map(res.body.trimEnd().split('\n').map((l) => JSON.parse(l)).map((l: { kind: string, id: string, data: unknown }) => [`${l.kind}:${l.id}`, l.data]))
}

t.test('a mirror that replays the feed ends equal to the public directory', async (t) => {
  const { app, db } = await setup(t)
  const admin = keyFor(db, 'admin')
  const partner = keyFor(db, 'partner')
  let seed = 20261123
  const random = () => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31 }
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)]!
  const ids = async (kind: string) => {
    const all: string[] = []
    for (let p = 1; ; p++) {
      const body = (await call(app, admin, 'GET', `/v1/admin/${kind}?per_page=100&page=${p}`)).body
      all.push(...body.contents.map((e: { id: string }) => e.id))
      if (body.last_page) return all
    }
  }
  const patch = async (kind: string, id: string, change: Record<string, unknown>) => {
    const current = await call(app, admin, 'GET', `/v1/admin/${kind}/${id}`)
    return call(app, admin, 'PATCH', `/v1/admin/${kind}/${id}`, change, { 'if-match': current.headers.etag as string })
  }

  const early: Mirror = { entries: new Map(), cursor: undefined }
  const statuses: Record<string, number> = {}
  const organisations = await ids('organisations')
  for (let i = 0; i < 150; i++) {
    const offers = await ids('offers')
    const step = pick(['create', 'rename', 'publish', 'unpublish', 'archive', 'draft', 'erase', 'org-unpublish', 'org-publish', 'org-rename', 'location'])
    let res
    switch (step) {
      case 'create':
        res = await call(app, admin, 'POST', '/v1/admin/offers', offerBody(pick(organisations), { slug: `mirror-${i}` }))
        break
      case 'rename': res = await patch('offers', pick(offers), { name: { nl: `Hernoemd ${i}`, fr: `Renommé ${i}` } }); break
      case 'org-rename': res = await patch('organisations', pick(organisations), { name: { nl: `Organisatie ${i}` } }); break
      case 'erase': res = await call(app, admin, 'DELETE', `/v1/admin/offers/${pick(offers)}?erase=true`); break
      case 'org-unpublish': res = await call(app, admin, 'POST', `/v1/admin/organisations/${pick(organisations)}/unpublish`); break
      case 'org-publish': res = await call(app, admin, 'POST', `/v1/admin/organisations/${pick(organisations)}/publish`); break
      case 'location': res = await call(app, admin, 'POST', `/v1/admin/locations/${pick(await ids('locations'))}/${pick(['unpublish', 'publish'])}`); break
      default: res = await call(app, admin, 'POST', `/v1/admin/offers/${pick(offers)}/${step}`)
    }
    statuses[`${step} ${res.status}`] = (statuses[`${step} ${res.status}`] ?? 0) + 1
    if (i === 70) await follow(app, early)
  }
  t.ok(Object.keys(statuses).filter((s) => / 20[01]$/.test(s)).length >= 9, `most kinds of change succeeded: ${JSON.stringify(statuses)}`)

  const fresh: Mirror = { entries: new Map(), cursor: undefined }
  const applied = await follow(app, fresh)
  await follow(app, early)
  const expected = await directory(app, partner)
  t.ok(applied > 100, `replayed ${applied} changes`)
  t.strictSame(new Map([...fresh.entries].sort()), new Map([...expected].sort()), 'a mirror from scratch equals the directory')
  t.strictSame(new Map([...early.entries].sort()), new Map([...expected].sort()), 'a mirror that followed along equals it too')
  t.equal(await follow(app, fresh), 0, 'nothing new to apply')
})
