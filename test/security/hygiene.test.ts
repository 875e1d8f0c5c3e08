// Security hygiene (OWASP API8, API2): headers, CORS and caching per scope, what the logs hold.
import t from 'tap'
import { parseKey } from '../../src/keys/secret.js'
import { setup } from '../helpers/app.js'
import { call, keyFor, offerBody, OWN } from '../helpers/curation.js'
import { testRoutes } from '../helpers/routes.js'

t.test('security headers on every kind of answer: the API set on data, helmet\'s defaults on the /docs pages; no X-Powered-By', async (t) => {
  const { app } = await setup(t, { sample: false, extend: testRoutes })
  const api = {
    'content-security-policy': 'default-src \'none\';frame-ancestors \'none\'',
    'referrer-policy': 'no-referrer',
    'strict-transport-security': 'max-age=31536000; includeSubDomains',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY'
  }
  const htmlOnly = ['cross-origin-opener-policy', 'cross-origin-resource-policy', 'origin-agent-cluster', 'x-dns-prefetch-control',
    'x-download-options', 'x-permitted-cross-domain-policies', 'x-xss-protection']
  for (const url of ['/v1/phases', '/v1/regions?per_page=0', '/nowhere', '/test/fail/bug', '/health', '/openapi.yaml', '/hsds/services']) {
    const res = await app.inject(url)
    t.match(res.headers, api, `${url}: the API's headers`)
    for (const name of htmlOnly) t.equal(res.headers[name], undefined, `${url}: no ${name}`)
    t.equal(res.headers['x-powered-by'], undefined, `${url}: no X-Powered-By`)
  }
  for (const url of ['/docs', '/docs/static/index.html']) {
    const res = await app.inject(url)
    t.match(res.headers, {
      'content-security-policy': /^default-src 'self';.*script-src 'self'/,
      'x-frame-options': 'SAMEORIGIN',
      'x-content-type-options': 'nosniff',
      'cross-origin-opener-policy': 'same-origin'
    }, `${url}: helmet's defaults for a page`)
  }
})

t.test('public scope: CORS for any origin, cacheable; keyed scopes: configured origins only, never cached', async (t) => {
  const { app, db } = await setup(t, { env: { CORS_ADMIN_ORIGINS: 'https://curators.example.org' } })
  const admin = keyFor(db, 'admin')
  const preflight = (url: string, origin: string, method = 'GET') => app.inject({
    method: 'OPTIONS', url, headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'x-api-key, content-type' }
  })
  for (const [url, method] of [['/v1/admin/offers', 'POST'], [`/v1/admin/offers/${OWN.offer}`, 'PATCH'], ['/v1/admin/keys', 'GET'], ['/v1/export', 'GET']] as const) {
    const unknown = await preflight(url, 'https://evil.example', method)
    t.equal(unknown.headers['access-control-allow-origin'], undefined, `${method} ${url}, unknown origin: no ACAO`)
    const known = await preflight(url, 'https://curators.example.org', method)
    t.equal(known.headers['access-control-allow-origin'], 'https://curators.example.org', `${method} ${url}, configured origin`)
    t.match(known.headers['access-control-allow-methods'], method)
    t.match(known.headers['access-control-allow-headers'], /X-Api-Key/)
  }
  const answers = [
    await call(app, admin, 'GET', '/v1/admin/offers', undefined, { origin: 'https://evil.example' }),
    await call(app, admin, 'GET', `/v1/admin/offers/${OWN.offer}`),
    await call(app, admin, 'POST', '/v1/admin/offers', offerBody(OWN.organisation)),
    await call(app, admin, 'GET', '/v1/admin/nowhere'),
    await call(app, undefined, 'GET', '/v1/admin/nowhere'),
    await call(app, undefined, 'GET', '/v1/admin/keys'),
    await call(app, admin, 'GET', '/v1/admin/audit'),
    await call(app, keyFor(db, 'partner'), 'GET', '/v1/admin/audit')
  ]
  t.strictSame(answers.map((a) => a.status), [200, 200, 201, 404, 401, 401, 200, 403], 'an unknown admin path is 404 for key holders only')
  for (const answer of answers) t.equal(answer.headers['cache-control'], 'no-store', `admin ${answer.status}: no-store`)
  t.equal(answers[0]!.headers['access-control-allow-origin'], undefined, 'keyed scope, unknown origin, actual request: no ACAO')
  const exported = await call(app, keyFor(db, 'partner'), 'GET', '/v1/export?format=xml', undefined, { origin: 'https://curators.example.org' })
  t.strictSame([exported.status, exported.headers['cache-control'], exported.headers['access-control-allow-origin']], [400, 'no-store', 'https://curators.example.org'], 'export scope too')

  const plain = await app.inject({ method: 'OPTIONS', url: '/v1/phases' })
  t.strictSame([plain.statusCode, plain.body], [204, ''], 'a plain OPTIONS (no preflight headers): 204, not the CORS plugin\'s text/plain 400')
  const plainAdmin = await app.inject({ method: 'OPTIONS', url: '/v1/admin/offers' })
  t.strictSame([plainAdmin.statusCode, plainAdmin.headers['content-type']], [401, 'application/problem+json; charset=utf-8'], 'on a keyed path: the key check')
  const publicPreflight = await preflight('/v1/phases', 'https://evil.example')
  t.equal(publicPreflight.headers['access-control-allow-origin'], '*', 'public scope: any origin')
  const publicRead = await app.inject({ url: '/v1/phases', headers: { origin: 'https://perinet.example' } })
  t.equal(publicRead.headers['access-control-allow-origin'], '*')
  t.equal(publicRead.headers['cache-control'], 'public, max-age=60')
  t.equal((await app.inject('/v1/phases?per_page=0')).headers['cache-control'], undefined, 'errors are not cached')
})

t.test('logs: never a key; by default neither the client address nor the query string', async (t) => {
  const logs: Array<Record<string, unknown>> = []
  const { app, db } = await setup(t, { sample: false, extend: testRoutes, logs, env: { LOG_LEVEL: 'trace', RATE_LIMIT_FAILED_KEYS_PER_MINUTE: '1' } })
  const admin = keyFor(db, 'admin')
  const partner = keyFor(db, 'partner')
  const answers = [
    await app.inject({ url: '/v1/regions?q=postnatale%20depressie&per_page=5', headers: { 'x-api-key': partner, authorization: `Bearer ${partner}`, 'x-forwarded-for': '198.51.100.7' } }),
    await app.inject({ url: '/test/fail/bug?q=postnatale', headers: { 'x-api-key': admin }, remoteAddress: '192.0.2.44' }),
    await app.inject({ url: '/v1/admin/audit', headers: { 'x-api-key': admin } }),
    await app.inject({ url: '/v1/admin/audit', headers: { 'x-api-key': partner } }),
    await app.inject({ url: '/v1/admin/audit', headers: { 'x-api-key': `${admin}x` } }),
    await app.inject({ url: '/v1/admin/audit', headers: { 'x-api-key': `${partner}x` } })
  ]
  t.strictSame(answers.map((a) => a.statusCode), [200, 500, 200, 403, 401, 429])
  const text = logs.map((l) => JSON.stringify(l)).join('\n')
  t.ok(logs.some((l) => l.msg === 'incoming request') && logs.some((l) => l.msg === 'unhandled error'), `${logs.length} log lines captured`)
  for (const key of [admin, partner]) {
    t.notOk(text.includes(parseKey(key)!.secret), 'no key secret')
    t.notOk(text.includes(key.slice(0, 21)), 'no key id')
  }
  t.notMatch(text, /postnatale|depressie/, 'no query string')
  t.notMatch(text, /192\.0\.2\.44|198\.51\.100\.7|remote/, 'no client address')
  t.match(logs.find((l) => l.msg === 'incoming request')?.req, { method: 'GET', path: '/v1/regions' })
})

t.test('a request writes at the enabled levels only, always with its id; its own level or its route\'s can lower the bar', async (t) => {
  const logs: Array<Record<string, unknown>> = []
  const { app } = await setup(t, { sample: false, extend: testRoutes, logs, env: { LOG_LEVEL: 'warn' } })
  const written = (reqId: unknown) => logs.filter((l) => l.reqId === reqId).map((l) => l.msg)
  const idOf = (msg: string) => logs.find((l) => l.msg === msg)?.reqId

  const plain = await app.inject('/test/log')
  t.strictSame(plain.json(), { started: 'warn', level: 'warn' })
  t.type(idOf('line at warn'), 'string')
  t.strictSame(written(idOf('line at warn')), ['line at fatal', 'line at error', 'line at warn'], 'warn and above; nothing silent, no info from a child')

  logs.length = 0
  const lowered = await app.inject('/test/log?level=trace')
  t.strictSame(lowered.json(), { started: 'warn', level: 'trace' })
  t.strictSame(written(idOf('line at trace')).filter((m) => String(m).startsWith('line')),
    ['line at fatal', 'line at error', 'line at warn', 'line at info', 'line at debug', 'line at trace', 'line from a child'])
  t.match(logs.find((l) => l.msg === 'line from a child'), { part: 'child', reqId: idOf('line at trace') }, 'a child keeps the request id')
  t.not(idOf('line at trace'), undefined)

  logs.length = 0
  await app.inject('/test/log/debug')
  t.type(idOf('line at debug on a debug route'), 'string', 'a route\'s own level')
})

t.test('LOG_REQUEST_DETAILS=true logs URLs and addresses for debugging, keys still redacted', async (t) => {
  const logs: Array<Record<string, unknown>> = []
  const { app, db } = await setup(t, { sample: false, logs, env: { LOG_LEVEL: 'info', LOG_REQUEST_DETAILS: 'true' } })
  const key = keyFor(db, 'admin')
  await app.inject({ url: '/v1/regions?q=gent', headers: { 'x-api-key': key, authorization: `Bearer ${key}`, cookie: `session=${key}` }, remoteAddress: '192.0.2.44' })
  t.notOk(logs.map((l) => JSON.stringify(l)).join('\n').includes(parseKey(key)!.secret), 'no key')
  t.match(logs.find((l) => l.msg === 'incoming request')?.req, {
    url: '/v1/regions?q=gent', remote_address: '192.0.2.44', headers: { 'x-api-key': '[redacted]', authorization: '[redacted]', cookie: '[redacted]' }
  })
})
