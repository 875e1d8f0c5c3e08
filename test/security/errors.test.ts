// Errors (OWASP API8): every failure is problem+json with its status; 5xx say nothing about internals but give a request_id.
import t from 'tap'
import { buildApp } from '../../src/app.js'
import { openDb } from '../../src/db/client.js'
import { checkContract, setup, testConfig } from '../helpers/app.js'
import { call, keyFor, offerBody, OWN } from '../helpers/curation.js'
import { LEAKS } from '../helpers/fuzz.js'
import { testRoutes } from '../helpers/routes.js'

t.test('thrown errors map to problem+json with the right status and no internals', async (t) => {
  const logs: Array<Record<string, unknown>> = []
  const { app } = await setup(t, { sample: false, extend: testRoutes, logs, env: { LOG_LEVEL: 'warn' } })
  const cases = [
    { kind: 'bug', status: 500, detail: 'An unexpected error occurred; it has been logged with this request_id' },
    { kind: 'busy', status: 503, detail: 'The directory cannot take this request right now; try again shortly' },
    { kind: 'full', status: 503, detail: 'The directory cannot take this request right now; try again shortly' },
    { kind: 'readonly', status: 503, detail: 'The directory cannot take this request right now; try again shortly' },
    { kind: 'constraint', status: 409, detail: 'The change conflicts with stored data' },
    { kind: 'fields', status: 400, detail: 'The request has invalid fields' },
    { kind: 'unavailable', status: 503, detail: 'The export is being rebuilt' }
  ]
  for (const { kind, status, detail } of cases) {
    const res = await app.inject(`/test/fail/${kind}`)
    t.equal(res.statusCode, status, kind)
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8', `${kind}: content type`)
    const body = res.json()
    t.match(body, { type: 'about:blank', status, detail, instance: `/test/fail/${kind}`, request_id: /^[0-9a-f-]{36}$/ }, `${kind}: body`)
    t.strictSame(LEAKS.filter((pattern) => pattern.test(res.body)), [], `${kind}: nothing internal`)
    if (status === 503) t.equal(res.headers['retry-after'], '5', `${kind}: Retry-After`)
  }
  t.equal(res500Logged(logs), 1, 'the bug is logged once, with its request id')
})

t.test('an answer that does not match its documented schema is not sent: 500, logged', async (t) => {
  const logs: Array<Record<string, unknown>> = []
  const { app } = await setup(t, { sample: false, extend: testRoutes, logs, env: { LOG_LEVEL: 'warn' } })
  const res = await app.inject('/test/mismatch')
  t.equal(res.statusCode, 500)
  t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.match(res.json(), { status: 500, instance: '/test/mismatch', request_id: /^[0-9a-f-]{36}$/ })
  t.notMatch(res.body, 'many', 'nothing of the rejected answer')
  t.strictSame(LEAKS.filter((pattern) => pattern.test(res.body)), [])
  t.equal(res500Logged(logs), 1)
})

function res500Logged (logs: Array<Record<string, unknown>>): number {
  return logs.filter((l) => l.msg === 'unhandled error' && typeof l.reqId === 'string').length
}

t.test('a database that fails under a read answers 500 with a request id, not its message', async (t) => {
  const { app, db } = await setup(t, { sample: false })
  db.$client.close()
  const res = await app.inject('/v1/regions')
  t.equal(res.statusCode, 500)
  t.match(res.json(), { status: 500, detail: 'An unexpected error occurred; it has been logged with this request_id' })
  t.notMatch(res.body, /database|connection/i)
})

t.test('a database error inside a real write: 500 with a request id, logged, and nothing of the write kept', async (t) => {
  const logs: Array<Record<string, unknown>> = []
  const { app, db } = await setup(t, { logs, env: { LOG_LEVEL: 'error' } })
  const admin = keyFor(db, 'admin')
  const offers = () => db.$client.prepare('SELECT count(*) FROM offers').pluck().get()
  const before = offers()
  // The search index goes missing: the create's last step fails after the offer and its links were written.
  db.$client.exec('DROP TABLE offer_search')
  const res = await call(app, admin, 'POST', '/v1/admin/offers', offerBody(OWN.organisation))
  t.equal(res.status, 500)
  t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.match(res.body, { status: 500, detail: 'An unexpected error occurred; it has been logged with this request_id', request_id: /^[0-9a-f-]{36}$/ })
  t.strictSame(LEAKS.filter((pattern) => pattern.test(JSON.stringify(res.body))), [], 'nothing internal')
  t.notMatch(JSON.stringify(res.body), /offer_search|no such table/)
  const logged = logs.find((l) => l.msg === 'unhandled error')
  t.equal(logged?.reqId, res.body.request_id, 'logged under the same request id')
  t.match(logged?.err, { message: /no such table: offer_search/ }, 'with what went wrong')
  t.equal(offers(), before, 'the offer was rolled back with the rest of its transaction')
})

t.test('method tampering on public paths never succeeds', async (t) => {
  const { app } = await setup(t, { sample: false })
  for (const method of ['DELETE', 'PUT', 'PATCH', 'POST'] as const) {
    const res = await app.inject({ method, url: '/v1/regions' })
    t.equal(res.statusCode, 404, method)
    t.equal(res.json().detail, `No route ${method} /v1/regions`)
  }
})

t.test('problem details stay within their documented bounds whatever the request echoes', async (t) => {
  const { app } = await setup(t, { sample: false, extend: testRoutes })
  const res = await app.inject(`/${'y'.repeat(3000)}`)
  t.equal(res.statusCode, 404)
  t.equal(res.json().detail.length, 2000)
  t.equal(res.json().instance.length, 2000)
  const long = await app.inject({ method: 'POST', url: '/test/echo', payload: { name: 'x', ['k'.repeat(800)]: 1 } })
  t.equal(long.statusCode, 400)
  t.equal(long.json().errors[0].message.length <= 500, true)
})

t.test('a problem never echoes the query string: a key sent there is not repeated back', async (t) => {
  const { app, db } = await setup(t, { sample: false })
  const key = keyFor(db, 'admin')
  const res = await app.inject(`/v1/admin/keys?api_key=${key}&x=1`)
  t.equal(res.statusCode, 401)
  t.equal(res.json().instance, '/v1/admin/keys')
  t.equal(res.body.includes(key.slice(3, 20)), false)
  const bad = await app.inject('/v1/offers?per_page=0')
  t.match(bad.json(), { status: 400, instance: '/v1/offers' })
})

t.test('answers built without a detail, for statuses Node has no name for, and for bodies that are not objects', async (t) => {
  const { app } = await setup(t, { sample: false, extend: testRoutes })
  const odd = await app.inject('/test/problem/499')
  t.strictSame(odd.json(), { type: 'about:blank', title: 'Error', status: 499, instance: '/test/problem/499', request_id: odd.json().request_id })
  const scalar = await app.inject({ method: 'POST', url: '/test/echo', payload: '"just text"', headers: { 'content-type': 'application/json' } })
  t.equal(scalar.statusCode, 400)
  t.match(scalar.json(), { detail: 'Invalid body', errors: [{ in: 'body', path: '/' }] })
})

t.test('URLs the router refuses: a bad %-encoding is 400, an over-long path segment 414, both problem+json', async (t) => {
  const { app } = await setup(t, { sample: false })
  const bad = await app.inject('/v1/regions/%E0%A4%A')
  t.equal(bad.statusCode, 400)
  t.match(bad.json(), { status: 400, detail: 'The URL is not valid' })
  const long = await app.inject(`/v1/regions/${'x'.repeat(101)}`)
  t.equal(long.statusCode, 414)
  t.equal(long.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.match(long.json(), { status: 414, detail: 'A path segment is too long' })
})

t.test('readiness: 503 problem+json without the reference data, and when the database does not answer', async (t) => {
  const db = openDb(':memory:')
  const app = await buildApp({ config: testConfig(), db }, {}, checkContract(t))
  t.teardown(() => app.close())
  const empty = await app.inject('/ready')
  t.equal(empty.statusCode, 503)
  t.match(empty.json(), { status: 503, detail: /^Not ready: \d+\/\d+ migrations, 0 regions$/ })
  db.$client.close()
  const gone = await app.inject('/ready')
  t.equal(gone.statusCode, 503)
  t.match(gone.json(), { status: 503, detail: 'The database does not answer' })
})
