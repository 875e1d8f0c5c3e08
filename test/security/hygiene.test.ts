// Security hygiene (OWASP API8, API2): headers, rate limit and proxy trust, CORS and caching per scope, what the logs hold.
import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { privateScope } from '../../src/http/scopes.js'
import { setup } from '../helpers/app.js'
import { testRoutes } from '../helpers/routes.js'

t.test('security headers on every kind of answer; no X-Powered-By', async (t) => {
  const { app } = await setup(t, { sample: false, extend: testRoutes })
  for (const url of ['/v1/phases', '/v1/regions?per_page=0', '/nowhere', '/test/fail/bug', '/health', '/openapi.yaml']) {
    const res = await app.inject(url)
    t.equal(res.headers['x-content-type-options'], 'nosniff', `${url}: nosniff`)
    t.equal(res.headers['x-frame-options'], 'SAMEORIGIN', `${url}: frame options`)
    t.equal(res.headers['x-powered-by'], undefined, `${url}: no X-Powered-By`)
  }
})

t.test('rate limit: RateLimit headers on every answer, then 429 problem+json with Retry-After', async (t) => {
  const { app } = await setup(t, { sample: false, env: { RATE_LIMIT_PER_MINUTE: '3' } })
  const answers = []
  for (let i = 0; i < 4; i++) answers.push(await app.inject(i === 1 ? '/v1/regions?per_page=0' : '/v1/phases'))
  t.strictSame(answers.map((r) => r.statusCode), [200, 400, 200, 429])
  t.strictSame(answers.map((r) => r.headers['ratelimit-remaining']), ['2', '1', '0', '0'])
  t.strictSame(answers.map((r) => r.headers['ratelimit-limit']), ['3', '3', '3', '3'])
  const limited = answers[3]!
  t.match(limited.headers['retry-after'], /^\d+$/)
  t.equal(limited.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.match(limited.json(), { status: 429, title: 'Too Many Requests', detail: /^More than 3 requests per minute; retry in / })
})

t.test('with TRUST_PROXY off, a forged X-Forwarded-For does not buy a fresh budget; with a trusted proxy it names the client', async (t) => {
  const forged = (app: FastifyInstance, i: number) => app.inject({ url: '/health', headers: { 'x-forwarded-for': `203.0.113.${i}` } })
  const off = (await setup(t, { sample: false, env: { RATE_LIMIT_PER_MINUTE: '2' } })).app
  t.strictSame([(await forged(off, 1)).statusCode, (await forged(off, 2)).statusCode, (await forged(off, 3)).statusCode], [200, 200, 429])
  const proxied = (await setup(t, { sample: false, env: { RATE_LIMIT_PER_MINUTE: '2', TRUST_PROXY: '127.0.0.1' } })).app
  t.strictSame([(await forged(proxied, 1)).statusCode, (await forged(proxied, 2)).statusCode, (await forged(proxied, 3)).statusCode], [200, 200, 200])
})

t.test('public scope: CORS for any origin, cacheable; keyed scope: configured origins only, never cached', async (t) => {
  const { app } = await setup(t, {
    sample: false,
    extend: async (app) => {
      await app.register(async (admin) => {
        await admin.register(privateScope, { origins: ['https://curators.example.org'] })
        admin.get('/entries', { schema: { hide: true } }, async () => ({ ok: true }))
      }, { prefix: '/test-admin' })
    }
  })
  const preflight = (url: string, origin: string) => app.inject({
    method: 'OPTIONS', url, headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'x-api-key' }
  })
  const unknown = await preflight('/test-admin/entries', 'https://evil.example')
  t.equal(unknown.headers['access-control-allow-origin'], undefined, 'keyed scope, unknown origin: no ACAO')
  const known = await preflight('/test-admin/entries', 'https://curators.example.org')
  t.equal(known.headers['access-control-allow-origin'], 'https://curators.example.org', 'keyed scope, configured origin')
  t.match(known.headers['access-control-allow-headers'], /X-Api-Key/)
  const read = await app.inject({ url: '/test-admin/entries', headers: { origin: 'https://evil.example' } })
  t.equal(read.headers['cache-control'], 'no-store', 'keyed scope: no-store')
  t.equal(read.headers['access-control-allow-origin'], undefined, 'keyed scope, unknown origin, actual request: no ACAO')
  const publicPreflight = await preflight('/v1/phases', 'https://evil.example')
  t.equal(publicPreflight.headers['access-control-allow-origin'], '*', 'public scope: any origin')
  const publicRead = await app.inject({ url: '/v1/phases', headers: { origin: 'https://perinet.example' } })
  t.equal(publicRead.headers['access-control-allow-origin'], '*')
  t.equal(publicRead.headers['cache-control'], 'public, max-age=60')
  t.equal((await app.inject('/v1/phases?per_page=0')).headers['cache-control'], undefined, 'errors are not cached')
})

const KEY = 'pimh_k3y1d_s3cr3t-that-must-never-be-logged'

t.test('logs: never a key; by default neither the client address nor the query string', async (t) => {
  const logs: Array<Record<string, unknown>> = []
  const { app } = await setup(t, { sample: false, extend: testRoutes, logs, env: { LOG_LEVEL: 'trace' } })
  await app.inject({ url: '/v1/regions?q=postnatale%20depressie&per_page=5', headers: { 'x-api-key': KEY, authorization: `Bearer ${KEY}`, 'x-forwarded-for': '198.51.100.7' } })
  await app.inject({ url: '/test/fail/bug?q=postnatale', headers: { 'x-api-key': KEY }, remoteAddress: '192.0.2.44' })
  const text = logs.map((l) => JSON.stringify(l)).join('\n')
  t.ok(logs.some((l) => l.msg === 'incoming request'), `${logs.length} log lines captured`)
  t.notMatch(text, KEY, 'no key')
  t.notMatch(text, /postnatale|depressie/, 'no query string')
  t.notMatch(text, /192\.0\.2\.44|198\.51\.100\.7|remote/, 'no client address')
  t.match(logs.find((l) => l.msg === 'incoming request')?.req, { method: 'GET', path: '/v1/regions' })
})

t.test('LOG_REQUEST_DETAILS=true logs URLs and addresses for debugging, keys still redacted', async (t) => {
  const logs: Array<Record<string, unknown>> = []
  const { app } = await setup(t, { sample: false, logs, env: { LOG_LEVEL: 'info', LOG_REQUEST_DETAILS: 'true' } })
  await app.inject({ url: '/v1/regions?q=gent', headers: { 'x-api-key': KEY, authorization: `Bearer ${KEY}`, cookie: `session=${KEY}` }, remoteAddress: '192.0.2.44' })
  const text = logs.map((l) => JSON.stringify(l)).join('\n')
  t.notMatch(text, KEY, 'no key')
  t.match(logs.find((l) => l.msg === 'incoming request')?.req, {
    url: '/v1/regions?q=gent', remote_address: '192.0.2.44', headers: { 'x-api-key': '[redacted]', authorization: '[redacted]', cookie: '[redacted]' }
  })
})
