// The response checker every test runs through (test/helpers/app.ts) must catch each kind of contract breach.
import type { Test } from 'tap'
import t from 'tap'
import { buildApp } from '../../src/app.js'
import { openDb } from '../../src/db/client.js'
import { checkContract, testConfig } from '../helpers/app.js'
import { contractViolations, type Observed } from '../helpers/contract.js'

const ok: Observed = {
  method: 'GET', route: '/v1/roles/:code', status: 200, contentType: 'application/json; charset=utf-8', headers: {},
  body: JSON.stringify({ code: 'vroedvrouw', kind: 'professioneel', label: 'Vroedvrouw', labels: { nl: 'Vroedvrouw', fr: 'Sage-femme', en: 'Midwife' }, description: null, setting: null, phases: [], offer_count: 3 })
}
const problem = (status: number) => JSON.stringify({ type: 'about:blank', title: 'x', status })

t.test('a compliant response passes', async (t) => {
  t.strictSame(contractViolations(ok), [])
  t.strictSame(contractViolations({ ...ok, method: 'HEAD', body: '' }), [], 'HEAD: no body to check')
  t.strictSame(contractViolations({ ...ok, route: undefined, status: 404, contentType: 'application/problem+json', body: problem(404) }), [])
  t.strictSame(contractViolations({ ...ok, route: '/v1/phases', status: 304, contentType: undefined, body: '' }), [])
})

t.test('each kind of breach is reported', async (t) => {
  const cases: Array<[Partial<Observed>, RegExp]> = [
    [{ route: '/v1/nothing' }, /GET \/v1\/nothing is not documented/],
    [{ status: 418 }, /status 418 is not documented/],
    [{ contentType: 'text/html' }, /content type text\/html is not documented/],
    [{ body: JSON.stringify({ code: 'x' }) }, /body does not match .*must have required property/],
    [{ body: 'not json' }, /body is not JSON/],
    [{ status: 404, contentType: 'application/json', body: problem(404) }, /content type application\/json is not documented/],
    [{ status: 404, contentType: 'application/problem+json', body: problem(400) }, /problem status 400 ≠ 404/],
    [{ status: 429, contentType: 'application/problem+json', body: problem(429) }, /no Retry-After/],
    [{ route: undefined, status: 200, contentType: 'application/problem+json', body: problem(200) }, /only 404 is expected without a route/],
    [{ route: '/v1/phases', status: 304, body: '{}' }, /documented without a body, sent 2 bytes/]
  ]
  for (const [change, expected] of cases) t.match(contractViolations({ ...ok, ...change }).join('\n'), expected, expected.source)
})

t.test('the hook in setup() reports violations of real responses, and skips hidden routes', async (t) => {
  const failures: string[] = []
  const recorder = { fail: (message: string) => { failures.push(message) } } as unknown as Test
  // Built by hand, not by setup(): this app breaks the contract on purpose, and only the recorder may hear of it.
  const db = openDb(':memory:')
  const app = await buildApp({ config: testConfig(), db }, {}, (app) => {
    checkContract(recorder)(app)
    app.addHook('onSend', async (request, reply, payload) => { if (request.url === '/health?teapot') reply.code(418); return payload })
    app.get('/test/stream', { schema: { hide: true } }, async (_request, reply) => reply.send('hidden'))
  })
  t.teardown(async () => { await app.close(); db.$client.close() })
  await app.inject('/health?teapot')
  await app.inject('/test/stream')
  await app.inject('/health')
  t.strictSame(failures, ['openapi.yaml contract: GET /health → 418: status 418 is not documented (documented: 200, 400, 404, 429, 500, 503)'])
})
