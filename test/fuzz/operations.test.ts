// Property: whatever arrives, every operation answers without a 5xx, errors are problem+json with their status, nothing leaks.
import fc from 'fast-check'
import t from 'tap'
import { setup } from '../helpers/app.js'
import { operations } from '../helpers/contract.js'
import { harvest } from '../helpers/examples.js'
import { LEAKS, requestsFor } from '../helpers/fuzz.js'

// Spawns processes or runs thousands of cases: more than tap's default 30 s on a busy 2-core machine.
t.setTimeout(300_000)

/** Cases per run over all operations (each operation gets its share, at least 200). */
const TOTAL = Number(process.env.FUZZ_CASES ?? 10_000)
const perOperation = Math.max(200, Math.ceil(TOTAL / operations.length))

t.test('fuzzing every operation of openapi.yaml through app.inject', async (t) => {
  const { app } = await setup(t)
  const known = await harvest(async (url) => {
    const res = await app.inject(url)
    return { status: res.statusCode, type: String(res.headers['content-type']), json: () => res.json() }
  })
  const statuses: Record<string, number> = {}
  let cases = 0
  const started = Date.now()
  for (const operation of operations) {
    const property = fc.asyncProperty(requestsFor(operation, known), async (request) => {
      const res = await app.inject({ method: request.method as 'GET', url: request.url, headers: request.headers, payload: request.payload })
      cases++
      statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1
      const where = `${request.method} ${request.url} (${request.kind})`
      if (res.statusCode >= 500) throw new Error(`${where}: ${res.statusCode} ${res.body.slice(0, 300)}`)
      if (request.kind === 'valid' && !(res.statusCode < 300 || res.statusCode === 404)) throw new Error(`${where}: valid input refused with ${res.statusCode} ${res.body.slice(0, 300)}`)
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
  t.comment(`statuses: ${JSON.stringify(statuses)}`)
})
