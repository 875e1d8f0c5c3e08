// Resource limits (OWASP API4) and input handling: body size and encoding, media types, page and query caps.
import t from 'tap'
import { setup } from '../helpers/app.js'
import { operations } from '../helpers/contract.js'
import { keyFor, locationBody, offerBody, organisationBody, OWN } from '../helpers/curation.js'

const json = 'application/json'

/** Every table a write could touch, for "nothing was written". */
const TABLES = ['offers', 'organisations', 'locations', 'contacts', 'opening_hours', 'offer_service_areas', 'revisions', 'audit_log', 'api_keys', 'change_feed']

/** A valid body for each operation that takes one (the import takes a JSON array of offers). */
const VALID: Record<string, () => Record<string, unknown> | Array<Record<string, unknown>>> = {
  issueKey: () => ({ role: 'partner', label: 'portal' }),
  createOrganisation: () => organisationBody(),
  updateOrganisation: () => ({ website: 'https://example.org' }),
  createLocation: () => locationBody(OWN.organisation),
  updateLocation: () => ({ street: 'Teststraat 2' }),
  createOffer: () => offerBody(OWN.organisation),
  updateOffer: () => ({ internal_note: 'x' }),
  importOffers: () => [offerBody(OWN.organisation)],
  reportOffer: () => ({ reason: 'phone_wrong' }),
  resolveReport: () => ({ note: 'corrected' }),
  rejectReport: () => ({ note: 'nothing to correct' })
}
/** Handling a report takes an optional note: an empty body is no note. */
const BODY_OPTIONAL = ['resolveReport', 'rejectReport']
/** A documented path with its parameters filled in with sample entries. */
const SAMPLE: Record<string, string> = { organisations: OWN.organisation, locations: OWN.location, offers: OWN.offer, reports: '00000000-0000-4000-8000-00000000000f' }
const fill = (path: string) => path.replace('{code}', 'BE').replace(/\/(\w+)\/\{id\}/, (_match, plural: string) => `/${plural}/${SAMPLE[plural]}`)

const INVALID_UTF8 = Buffer.from([0x7b, 0x22, 0x6c, 0x61, 0x62, 0x65, 0x6c, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d])

t.test('bodies, on every operation that takes one: size, media type, encoding, nesting, prototype keys, fields nobody may set', async (t) => {
  // Auth runs before the body is read: with an admin key every check below is reached. The import's own limit is lowered to the common one.
  const { app, db } = await setup(t, { env: { IMPORT_MAX_BYTES: String(1024 * 1024) } })
  const admin = keyFor(db, 'admin')
  const snapshot = () => JSON.stringify(TABLES.map((table) => db.$client.prepare(`SELECT * FROM ${table} ORDER BY 1`).all()))
  await app.inject({ url: '/v1/admin/keys', headers: { 'x-api-key': admin } }) // the key's first use is recorded once
  const before = snapshot()
  const withBody = operations.filter((o) => o.requestBody !== undefined)
  t.strictSame(withBody.map((o) => o.operationId).sort(), Object.keys(VALID).sort(), 'every operation with a body is checked')
  for (const operation of withBody) {
    const url = fill(operation.path)
    const send = (payload: string | Buffer, type = json) =>
      app.inject({ method: operation.method as 'POST', url, headers: { 'x-api-key': admin, 'content-type': type, 'if-match': '"1"' }, payload })
    const problem = async (payload: string | Buffer, status: number, label: string, type = json) => {
      const res = await send(payload, type)
      const where = `${operation.operationId}: ${label}`
      t.equal(res.statusCode, status, where)
      t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8', `${where}: problem+json`)
      t.equal(res.json().status, status, `${where}: status in the body`)
      return res.json()
    }
    const valid = VALID[operation.operationId]!()
    await problem(JSON.stringify(Array.isArray(valid) ? [{ ...valid[0], description: { nl: 'x'.repeat(2 * 1024 * 1024) } }] : { ...valid, label: 'x'.repeat(2 * 1024 * 1024) }), 413, '2 MiB body')
    await problem(JSON.stringify(valid), 415, 'text/plain', 'text/plain')
    await problem('label=x', 415, 'a form', 'application/x-www-form-urlencoded')
    t.match((await problem(INVALID_UTF8, 400, 'invalid UTF-8')).detail, /not valid UTF-8/)
    // The import reads its file row by row and reports per row (test/import); every other body is one JSON object checked whole.
    if (operation.operationId === 'importOffers') continue
    await problem('['.repeat(200_000) + ']'.repeat(200_000), 400, '200,000-deep nesting')
    await problem(JSON.stringify(valid).replace(/^\{/, '{"__proto__":{"role":"admin"},'), 400, '__proto__')
    await problem(JSON.stringify(valid).replace(/^\{/, '{"constructor":{"prototype":{"role":"admin"}},'), 400, 'constructor.prototype')
    if (!BODY_OPTIONAL.includes(operation.operationId)) await problem('', 400, 'empty body')
    await problem(JSON.stringify(valid).slice(0, -1), 400, 'truncated JSON')
    const unknown = await problem(JSON.stringify({ ...valid, surprise: 1 }), 400, 'an unknown field')
    t.match(JSON.stringify(unknown.errors), /surprise/, `${operation.operationId}: names the unknown field`)
    const managed = await problem(JSON.stringify({ ...valid, id: '00000000-0000-4000-8000-000000000001', version: 9, created_at: '2000-01-01T00:00:00Z' }), 400, 'server-managed fields')
    t.match(JSON.stringify(managed.errors), /version.*created_at|created_at.*version/, `${operation.operationId}: names them`)
  }
  t.equal(snapshot(), before, 'nothing was written')
})

t.test('the body limit follows BODY_LIMIT_BYTES', async (t) => {
  const { app, db } = await setup(t, { sample: false, env: { BODY_LIMIT_BYTES: '2048' } })
  const admin = keyFor(db, 'admin')
  const at = (size: number) => app.inject({ method: 'POST', url: '/v1/admin/keys', headers: { 'x-api-key': admin }, payload: { role: 'partner', label: 'portal', note: 'x'.repeat(size) } })
  t.equal((await at(50)).statusCode, 400, 'under the limit: read, and refused for its unknown field')
  t.equal((await at(3000)).statusCode, 413, 'over it: not read')
})

t.test('every paged operation caps its page size at 100 and refuses odd page values', async (t) => {
  const { app, db } = await setup(t)
  const headers = { 'x-api-key': keyFor(db, 'admin') }
  const paged = operations.filter((o) => o.method === 'GET' && o.parameters?.some((p) => p.name === 'per_page'))
  t.ok(paged.length >= 15, `${paged.length} paged operations`)
  for (const operation of paged) {
    const url = fill(operation.path)
    t.equal((await app.inject({ url: `${url}?per_page=100`, headers })).statusCode, 200, `${operation.operationId}: per_page=100`)
    // The change feed pages with a cursor, not page numbers.
    const numbered = operation.parameters!.some((p) => p.name === 'page')
    for (const bad of ['per_page=101', 'per_page=0', 'per_page=-1', 'per_page=1.5', 'per_page=1&per_page=2', 'per_page=abc', 'per_page=', ...(numbered ? ['page=0', 'page=-1', 'page=1.5'] : [])]) {
      const res = await app.inject({ url: `${url}?${bad}`, headers })
      t.equal(res.statusCode, 400, `${operation.operationId}: ${bad}`)
    }
  }
})

t.test('every string query parameter refuses values over its maxLength', async (t) => {
  const { app, db } = await setup(t)
  const headers = { 'x-api-key': keyFor(db, 'admin') }
  let checked = 0
  for (const operation of operations) {
    for (const parameter of operation.parameters?.filter((p) => p.in === 'query' && typeof p.schema.maxLength === 'number') ?? []) {
      const res = await app.inject({ method: operation.method as 'GET', url: `${fill(operation.path)}?${parameter.name}=${'a'.repeat(parameter.schema.maxLength + 1)}`, headers })
      t.equal(res.statusCode, 400, `${operation.operationId} ${parameter.name}: ${parameter.schema.maxLength + 1} characters`)
      checked++
    }
  }
  t.ok(checked >= 2, `${checked} parameters checked`)
})

t.test('free-text search: at most 200 characters; literal text at most 10 terms, a question reads its first 30 words', async (t) => {
  const { app } = await setup(t, { sample: false })
  const words = (n: number) => encodeURIComponent(Array.from({ length: n }, (_, i) => `w${i}`).join(' '))
  t.equal((await app.inject(`/v1/offers?q=${'a'.repeat(201)}`)).statusCode, 400, '201 characters')
  t.equal((await app.inject(`/v1/offers?read_q=false&q=${words(11)}`)).statusCode, 400, '11 literal terms')
  t.equal((await app.inject(`/v1/offers?read_q=false&q=${words(10)}`)).statusCode, 200, '10 literal terms')
  const long = await app.inject(`/v1/offers?q=${words(40)}`)
  t.equal(long.statusCode, 200, 'a long question is read, not refused')
  const ignored = long.json().interpretation.ignored as string[]
  t.ok(ignored.includes('w39') && !ignored.includes('w0'), 'the first words are read, the words past the cap listed as ignored')
})
