// Property: whatever arrives, every operation answers without a 5xx, errors are problem+json with their status, nothing leaks.
import fc from 'fast-check'
import t from 'tap'
import { parseKey } from '../../src/keys/secret.js'
import { setup } from '../helpers/app.js'
import { operations } from '../helpers/contract.js'
import { keyFor } from '../helpers/curation.js'
import { harvest } from '../helpers/examples.js'
import { LEAKS, requestsFor } from '../helpers/fuzz.js'

/** Cases per run over all operations (each operation gets its share, at least 200). */
const TOTAL = Number(process.env.FUZZ_CASES ?? 10_000)
const perOperation = Math.max(200, Math.ceil(TOTAL / operations.length))

t.test('fuzzing every operation of openapi.yaml through app.inject', async (t) => {
  // Deadlines are not fuzzed here (test/security/connections.test.ts has them): a process paused for a second on a busy
  // machine must not turn a fuzzed request into a 408.
  const { app, db } = await setup(t, { env: { REQUEST_TIMEOUT_MS: '60000', BODY_TIMEOUT_MS: '60000' } })
  // Keyed operations are fuzzed as an admin (auth runs before anything else), and now and then without a key or with a bad one.
  const admin = keyFor(db, 'admin', [], 'fuzzer')
  const known = await harvest(async (url) => {
    const res = await app.inject({ url, headers: { 'x-api-key': admin } })
    return { status: res.statusCode, type: String(res.headers['content-type']), json: () => res.json() }
  })
  // Cursors are opaque: the valid ones are those the feed hands out.
  const feed = (await app.inject('/v1/changes?per_page=5')).json() as { next_cursor: string }
  known['/v1/changes'] = { ...known['/v1/changes'], since: [feed.next_cursor] }
  // The fuzzer may revoke keys, but not the one it works with.
  const own = known['/v1/admin/keys']!
  own.id = own.id!.filter((_, i) => own.key_id![i] !== parseKey(admin)!.keyId)
  const wrong = ['pimh_0000000000000000_' + 'A'.repeat(43), `${admin.slice(0, -1)}x`, 'admin', '']
  const credentials = fc.oneof(
    { weight: 8, arbitrary: fc.constant({ 'x-api-key': admin }) },
    { weight: 1, arbitrary: fc.constant({}) },
    { weight: 1, arbitrary: fc.constantFrom(...wrong).map((key) => ({ 'x-api-key': key })) }
  )
  const keyed = (operation: typeof operations[number]) => operation.security?.some((requirement) => Object.keys(requirement).length > 0) === true
  const statuses: Record<string, number> = {}
  let cases = 0
  const started = Date.now()
  for (const operation of operations) {
    const authorised = keyed(operation) ? (request: { headers: Record<string, string> }) => request.headers['x-api-key'] === admin : () => true
    const property = fc.asyncProperty(requestsFor(operation, known, keyed(operation) ? credentials : undefined), async (request) => {
      const res = await app.inject({ method: request.method as 'GET', url: request.url, headers: request.headers, payload: request.payload })
      cases++
      statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1
      const where = `${request.method} ${request.url} (${request.kind})`
      if (res.statusCode >= 500) throw new Error(`${where}: ${res.statusCode} ${res.body.slice(0, 300)}`)
      // A valid read is answered (or is about an entry that is not there); a valid write may still meet the stored state (409, 412, 422).
      const refused = !(res.statusCode < 300 || res.statusCode === 404)
      if (request.kind === 'valid' && request.method === 'GET' && authorised(request) && refused) throw new Error(`${where}: valid input refused with ${res.statusCode} ${res.body.slice(0, 300)}`)
      if (res.statusCode >= 400) {
        if (!String(res.headers['content-type']).startsWith('application/problem+json')) throw new Error(`${where}: ${res.statusCode} as ${res.headers['content-type']}`)
        if (res.json().status !== res.statusCode) throw new Error(`${where}: problem status ${res.json().status} on a ${res.statusCode}`)
      }
      const exposed = res.body + JSON.stringify(res.headers)
      const leak = LEAKS.find((pattern) => pattern.test(exposed))
      if (leak) throw new Error(`${where}: answer matches ${leak}: ${exposed.slice(0, 500)}`)
    })
    await t.resolves(fc.assert(property, { numRuns: perOperation }), `${operation.operationId}: ${perOperation} cases`)
  }
  t.ok(cases >= TOTAL, `${cases} cases in ${Date.now() - started} ms`)
  t.ok(statuses[401]! > 0 && statuses[201]! > 0, 'keyed operations were refused without a valid key, and written with one')
  t.comment(`statuses: ${JSON.stringify(statuses)}`)
})
