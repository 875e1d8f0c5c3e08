// Rate limits (OWASP API4, API2): a budget per caller (anonymous by address, each key its own), RateLimit headers on
// every answer, 429 problem+json with Retry-After, free 304s, failed key attempts limited per address, no forged addresses.
import type { FastifyInstance, InjectOptions } from 'fastify'
import t from 'tap'
import { issueKey, revokeKey } from '../../src/keys/store.js'
import { setup } from '../helpers/app.js'
import { keyFor, offerBody, OWN, TEST_ACTOR } from '../helpers/curation.js'

/** Small limits so the tests reach them in a few requests. */
const LIMITS = { RATE_LIMIT_PER_MINUTE: '3', RATE_LIMIT_PARTNER_PER_MINUTE: '6', RATE_LIMIT_CURATOR_PER_MINUTE: '4', RATE_LIMIT_FAILED_KEYS_PER_MINUTE: '10' }

type Options = { address?: string, key?: string, headers?: Record<string, string> } & Omit<InjectOptions, 'headers'>

function requester (app: FastifyInstance) {
  return async (url: string, { address = '192.0.2.1', key, headers = {}, ...rest }: Options = {}) => {
    const res = await app.inject({ url, remoteAddress: address, headers: { ...(key === undefined ? {} : { 'x-api-key': key }), ...headers }, ...rest })
    return { status: res.statusCode, limit: res.headers['ratelimit-limit'], remaining: res.headers['ratelimit-remaining'], res }
  }
}

const statuses = (answers: Array<{ status: number }>) => answers.map((a) => a.status)
const remaining = (answers: Array<{ remaining: unknown }>) => answers.map((a) => a.remaining)

async function times<T> (n: number, send: () => Promise<T>): Promise<T[]> {
  const answers: T[] = []
  for (let i = 0; i < n; i++) answers.push(await send())
  return answers
}

t.test('anonymous callers share a budget per address; each key has its own, partners a higher one, curators theirs', async (t) => {
  const { app, db } = await setup(t, { env: LIMITS })
  const get = requester(app)
  const anonymous = await times(4, () => get('/v1/phases'))
  t.strictSame(statuses(anonymous), [200, 200, 200, 429], 'anonymous: cut after 3')
  t.strictSame(remaining(anonymous), ['2', '1', '0', '0'])
  t.strictSame(anonymous.map((a) => a.limit), ['3', '3', '3', '3'])
  const limited = anonymous[3]!.res
  t.equal(limited.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.match(limited.headers['retry-after'], /^\d+$/)
  t.ok(Number(limited.headers['retry-after']) <= 60, 'Retry-After within the minute')
  t.equal(limited.headers['ratelimit-reset'], limited.headers['retry-after'])
  t.match(limited.json(), { status: 429, title: 'Too Many Requests', detail: /^More than 3 requests per minute; retry in \d+ s$/ })
  t.equal((await get('/v1/phases', { address: '192.0.2.2' })).status, 200, 'another address has its own budget')

  // From the address that is cut off: a partner key spends its own, higher budget.
  const partner = keyFor(db, 'partner', [], 'family portal')
  const flood = await times(7, () => get('/v1/phases', { key: partner }))
  t.strictSame(statuses(flood), [200, 200, 200, 200, 200, 200, 429], 'partner: cut after 6')
  t.strictSame(flood.map((a) => a.limit), ['6', '6', '6', '6', '6', '6', '6'])
  t.equal((await get('/v1/export', { key: partner })).status, 429, 'one budget for the key, whatever the route')
  const second = await get('/v1/phases', { key: keyFor(db, 'partner', [], 'maternity app') })
  t.strictSame([second.status, second.limit, second.remaining], [200, '6', '5'], 'a second partner key is unaffected by the first one\'s flood')

  const admin = keyFor(db, 'admin')
  const curating = await times(5, () => get('/v1/admin/offers', { key: admin }))
  t.strictSame(statuses(curating), [200, 200, 200, 200, 429], 'admin: cut after 4')
  t.strictSame(curating.map((a) => a.limit), ['4', '4', '4', '4', '4'])
  const editor = await get('/v1/admin/offers', { key: keyFor(db, 'editor', [OWN.organisation]) })
  t.strictSame([editor.status, editor.limit, editor.remaining], [200, '4', '3'], 'an editor key: the curators\' limit, its own budget')

  const badKey = await times(4, () => get('/v1/phases', { address: '192.0.2.3', key: `${partner}x` }))
  t.strictSame(statuses(badKey), [200, 200, 200, 429], 'a bad key on a public route is an anonymous caller')
  t.strictSame(badKey.map((a) => a.limit), ['3', '3', '3', '3'])
  t.equal((await get('/v1/phases', { address: '192.0.2.3' })).status, 429, 'of its address')
})

t.test('every kind of answer carries the RateLimit headers', async (t) => {
  const { app, db } = await setup(t, { env: { RATE_LIMIT_PER_MINUTE: '50', RATE_LIMIT_CURATOR_PER_MINUTE: '50', RATE_LIMIT_PARTNER_PER_MINUTE: '50' } })
  const get = requester(app)
  const admin = keyFor(db, 'admin')
  const etag = (await get('/v1/phases')).res.headers.etag as string
  const answers = [
    await get('/v1/phases'),
    await get('/v1/phases', { headers: { 'if-none-match': etag } }),
    await get('/v1/regions?per_page=0'),
    await get('/v1/regions/XX'),
    await get('/nowhere'),
    await get('/v1/admin/offers'),
    await get('/v1/admin/offers', { key: keyFor(db, 'partner') }),
    await get('/v1/admin/offers', { key: admin, method: 'POST', payload: { ...offerBody(OWN.organisation), slug: 'x'.repeat(2 * 1024 * 1024) } }),
    await get('/v1/admin/offers', { key: admin, method: 'POST', payload: 'slug=x', headers: { 'content-type': 'text/plain' } }),
    await get('/v1/admin/offers', { key: admin, method: 'POST', payload: offerBody(OWN.organisation) }),
    await get('/health')
  ]
  t.strictSame(statuses(answers), [200, 304, 400, 404, 404, 401, 403, 413, 415, 201, 200])
  for (const { res } of answers) {
    t.match(res.headers, { 'ratelimit-limit': /^\d+$/, 'ratelimit-remaining': /^\d+$/, 'ratelimit-reset': /^\d+$/ }, `${res.statusCode}: RateLimit headers`)
  }
})

t.test('a conditional GET answered 304 does not spend the budget', async (t) => {
  const { app } = await setup(t, { env: LIMITS })
  const get = requester(app)
  const first = await get('/v1/phases')
  const etag = first.res.headers.etag as string
  const revalidations = await times(5, () => get('/v1/phases', { headers: { 'if-none-match': etag } }))
  t.strictSame(statuses(revalidations), [304, 304, 304, 304, 304])
  t.strictSame(remaining([first, ...revalidations]), ['2', '2', '2', '2', '2', '2'], 'five 304s, nothing spent')
  const hsds = await get('/hsds/taxonomies')
  const hsdsAgain = await get('/hsds/taxonomies', { headers: { 'if-none-match': hsds.res.headers.etag as string } })
  t.strictSame([hsds.status, hsds.remaining, hsdsAgain.status, hsdsAgain.remaining], [200, '1', 304, '1'], 'the HSDS facade too')
  const stale = await get('/v1/phases', { headers: { 'if-none-match': 'W/"old"' } })
  t.strictSame([stale.status, stale.remaining], [200, '0'], 'a stale ETag gets the full answer, and pays for it')
  t.equal((await get('/v1/phases')).status, 429, 'the budget is spent')
  const free = await get('/v1/phases', { headers: { 'if-none-match': etag } })
  t.strictSame([free.status, free.remaining], [304, '0'], 'a current copy is still confirmed: it costs the service nothing')
})

t.test('after 10 failed key attempts per address in a minute, the next one gets 429', async (t) => {
  const { app, db } = await setup(t, { env: { ...LIMITS, RATE_LIMIT_PER_MINUTE: '100' } })
  const get = requester(app)
  const admin = keyFor(db, 'admin')
  const revoked = issueKey(db, { role: 'partner', label: 'revoked' }, TEST_ACTOR)
  revokeKey(db, revoked.record.id, TEST_ACTOR)
  // Malformed, unknown, a wrong secret, a revoked key, empty, another scheme's credential.
  const wrong = ['pimh_0000000000000000_' + 'A'.repeat(43), `${admin}x`, admin.toUpperCase(), revoked.plain, '', 'Bearer x']
  let attempt = 0
  const attempts = await times(11, async () => get('/v1/admin/offers', { key: wrong[attempt++ % wrong.length]! }))
  t.strictSame(statuses(attempts), [...Array(10).fill(401), 429], '10 × 401, then 429')
  const refused = attempts[10]!.res
  t.equal(refused.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.match(refused.headers['retry-after'], /^\d+$/)
  t.strictSame([refused.headers['ratelimit-limit'], refused.headers['ratelimit-remaining']], ['10', '0'])
  t.match(refused.json(), { status: 429, detail: /^More than 10 failed key attempts per minute from this address; retry in \d+ s$/ })
  t.equal((await get('/v1/phases', { key: 'still guessing' })).status, 429, 'on public routes as well')
  t.equal((await get('/v1/admin/offers', { key: admin })).status, 200, 'a valid key from the same address still works')
  t.equal((await get('/v1/phases')).status, 200, 'and so does a caller without a key')
  t.equal((await get('/v1/admin/offers')).status, 401, 'no key at all is no attempt: 401')
  t.equal((await get('/v1/admin/offers', { key: `${admin}x`, address: '192.0.2.9' })).status, 401, 'another address has its own count')
})

t.test('with TRUST_PROXY off, a forged X-Forwarded-For does not buy a fresh budget; with a trusted proxy it names the client', async (t) => {
  const forged = (app: FastifyInstance, i: number) => app.inject({ url: '/health', headers: { 'x-forwarded-for': `203.0.113.${i}` } })
  const off = (await setup(t, { sample: false, env: { RATE_LIMIT_PER_MINUTE: '2' } })).app
  t.strictSame([(await forged(off, 1)).statusCode, (await forged(off, 2)).statusCode, (await forged(off, 3)).statusCode], [200, 200, 429])
  const proxied = (await setup(t, { sample: false, env: { RATE_LIMIT_PER_MINUTE: '2', TRUST_PROXY: '127.0.0.1' } })).app
  t.strictSame([(await forged(proxied, 1)).statusCode, (await forged(proxied, 2)).statusCode, (await forged(proxied, 3)).statusCode], [200, 200, 200])
})

t.test('an IPv6 client is counted by its /64: one host cannot rotate through its own addresses', async (t) => {
  const { app } = await setup(t, { sample: false, env: { RATE_LIMIT_PER_MINUTE: '2' } })
  const get = requester(app)
  const answers = [await get('/health', { address: '2001:db8:1:1::1' }), await get('/health', { address: '2001:db8:1:1::2' }), await get('/health', { address: '2001:db8:1:1:ffff::3' })]
  t.strictSame(statuses(answers), [200, 200, 429])
  t.equal((await get('/health', { address: '2001:db8:1:2::1' })).status, 200, 'another /64 is another client')
})
