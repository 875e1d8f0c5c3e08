// Resource limits (OWASP API4) and input handling: body size and encoding, media types, page and query caps.
import t from 'tap'
import { setup } from '../helpers/app.js'
import { operations } from '../helpers/contract.js'
import { testRoutes } from '../helpers/routes.js'

const json = { 'content-type': 'application/json' }

t.test('bodies: size, nesting, prototype keys, encoding and media type', async (t) => {
  const { app } = await setup(t, { sample: false, extend: testRoutes })
  const post = (payload: string | Buffer, headers: Record<string, string> = json) => app.inject({ method: 'POST', url: '/test/echo', headers, payload })
  const problem = (res: Awaited<ReturnType<typeof post>>, status: number, label: string) => {
    t.equal(res.statusCode, status, label)
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8', `${label}: problem+json`)
    t.equal(res.json().status, status, `${label}: status in the body`)
  }
  t.strictSame((await post('{"name":"ok 😀 \u202E"}')).json(), { name: 'ok 😀 \u202E' }, 'valid UTF-8, astral and bidi characters pass')
  problem(await post(JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) })), 413, '2 MiB body')
  problem(await post('['.repeat(200_000) + ']'.repeat(200_000)), 400, '200,000-deep nesting')
  problem(await post('{"name":"x","__proto__":{"admin":true}}'), 400, '__proto__')
  problem(await post('{"name":"x","constructor":{"prototype":{"admin":true}}}'), 400, 'constructor.prototype')
  problem(await post(Buffer.from([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d])), 400, 'invalid UTF-8')
  t.equal((await post(Buffer.from([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]))).json().detail, 'The request body is not valid UTF-8')
  problem(await post(''), 400, 'empty JSON body')
  problem(await post('{"name":'), 400, 'truncated JSON')
  problem(await post('{"name":"x","status":"published"}'), 400, 'unknown field (strict objects reject, not strip)')
  problem(await post('{"name":"x"}', { 'content-type': 'text/plain' }), 415, 'text/plain on a JSON route')
  problem(await post('name=x', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'a form on a JSON route')
})

t.test('the body limit follows BODY_LIMIT_BYTES', async (t) => {
  const { app } = await setup(t, { sample: false, extend: testRoutes, env: { BODY_LIMIT_BYTES: '2048' } })
  const at = (size: number) => app.inject({ method: 'POST', url: '/test/echo', headers: json, payload: JSON.stringify({ name: 'x'.repeat(size) }) })
  t.equal((await at(50)).statusCode, 200)
  t.equal((await at(3000)).statusCode, 413)
})

t.test('every paged operation caps its page size at 100 and refuses odd page values', async (t) => {
  const { app } = await setup(t, { sample: false })
  const paged = operations.filter((o) => o.method === 'GET' && o.parameters?.some((p) => p.name === 'per_page'))
  t.ok(paged.length >= 6, `${paged.length} paged operations`)
  for (const operation of paged) {
    const url = operation.path.replace('{code}', 'BE')
    t.equal((await app.inject(`${url}?per_page=100`)).statusCode, 200, `${operation.operationId}: per_page=100`)
    for (const bad of ['per_page=101', 'per_page=0', 'per_page=-1', 'per_page=1.5', 'per_page=1&per_page=2', 'per_page=abc', 'per_page=', 'page=0', 'page=-1', 'page=1.5']) {
      const res = await app.inject(`${url}?${bad}`)
      t.equal(res.statusCode, 400, `${operation.operationId}: ${bad}`)
    }
  }
})

t.test('every string query parameter refuses values over its maxLength', async (t) => {
  const { app } = await setup(t, { sample: false })
  let checked = 0
  for (const operation of operations.filter((o) => !o.path.includes('{'))) {
    for (const parameter of operation.parameters?.filter((p) => p.in === 'query' && typeof p.schema.maxLength === 'number') ?? []) {
      const res = await app.inject(`${operation.path}?${parameter.name}=${'a'.repeat(parameter.schema.maxLength + 1)}`)
      t.equal(res.statusCode, 400, `${operation.operationId} ${parameter.name}: ${parameter.schema.maxLength + 1} characters`)
      checked++
    }
  }
  t.ok(checked >= 2, `${checked} parameters checked`)
})

const search = operations.find((o) => o.operationId === 'searchOffers')
t.test('free-text search: at most 200 characters and 10 terms', { skip: search ? false : 'waits for GET /v1/offers (searchOffers)' }, async (t) => {
  const { app } = await setup(t, { sample: false })
  t.equal((await app.inject(`/v1/offers?q=${'a'.repeat(201)}`)).statusCode, 400, '201 characters')
  t.equal((await app.inject(`/v1/offers?q=${encodeURIComponent(Array.from({ length: 11 }, (_, i) => `w${i}`).join(' '))}`)).statusCode, 400, '11 terms')
  t.equal((await app.inject(`/v1/offers?q=${encodeURIComponent(Array.from({ length: 10 }, (_, i) => `w${i}`).join(' '))}`)).statusCode, 200, '10 terms')
})
