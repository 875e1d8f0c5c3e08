// Bulk import: CSV and JSON, a report per row, all rows or none, and bad files answered with a report or a 4xx, never a 500.
import { readFileSync } from 'node:fs'
import { Readable } from 'node:stream'
import t from 'tap'
import type { App } from '../../src/app.js'
import { detectDelimiter } from '../../src/curation/import.js'
import type { Db } from '../../src/db/client.js'
import { setup } from '../helpers/app.js'
import { keyFor, OWN } from '../helpers/curation.js'

const count = (db: Db, sql: string) => (db.$client.prepare(sql).get() as { n: number }).n
const HEADER = 'slug;organisation_id;name_nl;description_nl;care_type;from_month;to_month;languages;modes;service_area;cost_type'
const row = (slug: string, over: Partial<Record<string, string>> = {}) => {
  const cells = { slug, organisation_id: 'consultatiebureau-seefhoek', name_nl: 'Aanbod', description_nl: 'Beschrijving', care_type: 'lotgenotengroep', from_month: '0', to_month: '12', languages: 'nl', modes: 'group', service_area: '11002', cost_type: 'free', ...over }
  return Object.values(cells).join(';')
}

async function send (app: App, key: string, body: string | Buffer, { type = 'text/csv', query = 'dry_run=true' } = {}) {
  const res = await app.inject({ method: 'POST', url: `/v1/admin/import?${query}`, headers: { 'x-api-key': key, 'content-type': type }, payload: body })
  return { status: res.statusCode, type: res.headers['content-type'], body: res.json() }
}

t.test('the example files import', async (t) => {
  const { app, db } = await setup(t)
  const admin = keyFor(db, 'admin', [], 'Importer')
  const csv = readFileSync('seed/import-example.csv')
  const json = readFileSync('seed/import-example.json')
  const offersBefore = count(db, 'SELECT count(*) AS n FROM offers')
  const dry = await send(app, admin, csv)
  t.equal(dry.status, 200)
  t.strictSame(dry.body, { dry_run: true, format: 'csv', publish: false, rows: 2, valid: 2, invalid: 0, created: 0, ids: [], problem_count: 0, problems: [] })
  t.equal(count(db, 'SELECT count(*) AS n FROM offers'), offersBefore, 'a dry run writes nothing')

  const written = await send(app, admin, csv, { query: 'dry_run=false' })
  t.equal(written.status, 201)
  t.equal(written.type, 'application/json; charset=utf-8')
  t.match(written.body, { dry_run: false, rows: 2, created: 2 })
  const [first, second] = written.body.ids
  const stored = await app.inject({ url: `/v1/admin/offers/${first}`, headers: { 'x-api-key': admin } })
  t.match(stored.json(), {
    slug: 'babbelgroep-seefhoek', status: 'draft', organisation_id: OWN.organisation, name: { nl: 'Babbelgroep Seefhoek', fr: 'Groupe de parole Seefhoek' },
    description: { nl: 'Wekelijkse praatgroep voor ouders met een baby; koffie en thee staan klaar.' }, roles: ['gezinsondersteuner', 'verpleegkundige'],
    languages: ['ar', 'fr', 'nl'], modes: ['group', 'onsite'], cost_note: { nl: 'Gratis' }, baby_welcome: true, interpreter_on_request: null,
    contacts: [{ name: 'Onthaal', phone: '+32 3 123 45 67' }],
    opening_hours: [{ weekday: 2, opens: '09:30', closes: '11:30' }, { weekday: 4, opens: '13:30', closes: '15:30' }]
  })
  t.match((await app.inject({ url: `/v1/admin/offers/${second}`, headers: { 'x-api-key': admin } })).json(), { interpreter_on_request: true, referral_type: 'recommended', contacts: [] })
  t.strictSame(db.$client.prepare('SELECT action, key_label FROM revisions WHERE entity_id = ?').all(first), [{ action: 'import', key_label: 'Importer' }])
  t.equal(count(db, `SELECT count(*) AS n FROM offer_search WHERE offer_id IN ('${first}', '${second}')`), 2)
  t.equal(count(db, `SELECT count(*) AS n FROM change_feed WHERE entity_id IN ('${first}', '${second}')`), 0, 'drafts are not in the feed')

  const again = await send(app, admin, csv, { query: 'dry_run=false' })
  t.equal(again.status, 422, 'the same slugs cannot come in twice')
  t.equal(again.type, 'application/problem+json; charset=utf-8')
  t.match(again.body, { status: 422, detail: '2 problems in 2 of 2 rows; nothing was written', report: { created: 0, invalid: 2 } })
  t.strictSame(again.body.report.problems, [
    { row: 1, field: 'slug', message: '\'babbelgroep-seefhoek\' is already the slug of an offer: choose another slug' },
    { row: 2, field: 'slug', message: '\'slaapspreekuur-seefhoek\' is already the slug of an offer: choose another slug' }
  ])

  const published = await send(app, admin, json, { type: 'application/json', query: 'dry_run=false&publish=true' })
  t.equal(published.status, 201)
  t.match(published.body, { format: 'json', publish: true, created: 1 })
  t.match(db.$client.prepare('SELECT action, reason FROM change_feed WHERE entity_id = ?').all(published.body.ids[0]), [{ action: 'upsert', reason: 'published' }])

  // Brackets, commas, quotes and backslashes inside strings do not cut the array where it is read an element at a time.
  const tricky = 'Groep "[samen], {thuis}" \\ ouders'
  const rows = JSON.parse(json.toString()) as Array<Record<string, unknown>>
  const copies = rows.flatMap((r, i) => [{ ...r, slug: `tricky-${i}-a`, name: { nl: tricky } }, { ...r, slug: `tricky-${i}-b` }])
  const trickyImport = await send(app, admin, ` \n${JSON.stringify(copies, null, 2)}\n`, { type: 'application/json', query: 'dry_run=false' })
  t.equal(trickyImport.status, 201, JSON.stringify(trickyImport.body))
  t.equal(trickyImport.body.created, 2)
  t.match((await app.inject({ url: `/v1/admin/offers/${trickyImport.body.ids[0]}`, headers: { 'x-api-key': admin } })).json(), { slug: 'tricky-0-a', name: { nl: tricky } })
})

t.test('CSV variants: comma, no BOM, CRLF, quotes, decimals, yes and no', async (t) => {
  const { app, db } = await setup(t)
  const admin = keyFor(db, 'admin')
  const csv = 'slug,organisation_id,name_nl,description_nl,care_type,from_month,to_month,languages,modes,service_area,cost_type,crisis_24_7,price_min_eur,price_max_eur\r\n' +
    `a-b,${OWN.organisation},"Naam, met komma","Regel 1\r\nRegel ""2""",lotgenotengroep,-3,"2,5",nl,group,11002,paid,nee,"12,50",20\r\n\r\n`
  t.equal(detectDelimiter(csv), ',')
  const res = await send(app, admin, csv, { type: 'text/csv; charset=utf-8', query: 'dry_run=false' })
  t.equal(res.status, 201, JSON.stringify(res.body))
  const offer = (await app.inject({ url: `/v1/admin/offers/${res.body.ids[0]}`, headers: { 'x-api-key': admin } })).json()
  t.match(offer, { name: { nl: 'Naam, met komma' }, description: { nl: 'Regel 1\r\nRegel "2"' }, from_month: -3, to_month: 2.5, crisis_24_7: false, price_min_eur: 12.5, price_max_eur: 20 })
  t.equal(detectDelimiter('a;"b,c";d'), ';')
})

t.test('row problems name the row, the column and what is wrong', async (t) => {
  const { app, db } = await setup(t)
  const admin = keyFor(db, 'admin')
  const csv = [
    `${HEADER};crisis_24_7;opening_hours;contact_email;internal_note;name_fr`,
    `${row('ok-1')};;;;;`,
    `${row('bad-codes', { care_type: 'nothing', languages: 'nl|xx', service_area: '99999', organisation_id: 'nobody' })};;;;;`,
    `${row('ok-1')};;;;;`,
    `${row('formulas', { name_nl: '=1+2', description_nl: '@SUM(A1)' })};;;;+cmd;-2+3`,
    `${row('cells', { from_month: 'soon', to_month: '1.2.3' })};maybe;1 09:00-12:00|Monday;not-an-email;;`,
    `${row('seefhoek-overlap', { slug: 'cb-seefhoek' })};;;;;`,
    `${row('short')}`,
    `${row('-ok-too', { to_month: '-5' })};;;;;`
  ].join('\n')
  const res = await send(app, admin, csv)
  t.equal(res.status, 200)
  t.match(res.body, { rows: 8, valid: 1, invalid: 7 })
  t.strictSame(res.body.problems, [
    { row: 2, field: 'organisation_id', message: 'no organisation has the id or slug \'nobody\': use the id or slug of an existing organisation' },
    { row: 2, field: 'care_type', message: 'unknown care type \'nothing\'' },
    { row: 2, field: 'languages', message: 'unknown language \'xx\'' },
    { row: 2, field: 'service_area', message: 'unknown region \'99999\'' },
    { row: 3, field: 'slug', message: '\'ok-1\' is also the slug of row 1: give each offer its own slug' },
    { row: 4, field: 'name_nl', message: 'starts with \'=\': a spreadsheet could run it as a formula; remove the leading character' },
    { row: 4, field: 'description_nl', message: 'starts with \'@\': a spreadsheet could run it as a formula; remove the leading character' },
    { row: 4, field: 'internal_note', message: 'starts with \'+\': a spreadsheet could run it as a formula; remove the leading character' },
    { row: 4, field: 'name_fr', message: 'starts with \'-\': a spreadsheet could run it as a formula; remove the leading character' },
    { row: 5, field: 'from_month', message: '\'soon\' is not a number: write digits, like 12 or 2,5' },
    { row: 5, field: 'to_month', message: '\'1.2.3\' is not a number: write digits, like 12 or 2,5' },
    { row: 5, field: 'crisis_24_7', message: '\'maybe\' is not yes or no: write ja, nee, yes, no, true or false' },
    { row: 5, field: 'opening_hours', message: '\'Monday\' is not a weekday (1 = Monday) with hours, like \'1 09:00-17:00\'' },
    { row: 5, field: 'contact_email', message: '\'not-an-email\' is not a valid e-mail address' },
    { row: 6, field: 'slug', message: '\'cb-seefhoek\' is already the slug of an offer: choose another slug' },
    { row: 7, field: '', message: 'has 11 cells where the header has 16: check for a missing or extra separator' },
    { row: 8, field: 'slug', message: '\'-ok-too\' is not lowercase words joined by hyphens' },
    { row: 8, field: 'to_month', message: 'to_month must not be before from_month' }
  ])
  const refs = await send(app, admin, [HEADER, row('bad-refs', { care_type: 'nothing', languages: 'nl|xx', service_area: '99999' })].join('\n'))
  t.strictSame(refs.body.problems, [
    { row: 1, field: 'care_type', message: 'unknown care type \'nothing\'' },
    { row: 1, field: 'languages', message: 'unknown language \'xx\'' },
    { row: 1, field: 'service_area', message: 'unknown region \'99999\'' }
  ])
  const written = await send(app, admin, csv, { query: 'dry_run=false' })
  t.equal(written.status, 422, 'one bad row: nothing is written')
  t.equal(count(db, "SELECT count(*) AS n FROM offers WHERE slug = 'ok-1'"), 0)
})

t.test('publish=true checks completeness per row', async (t) => {
  const { app, db } = await setup(t)
  const admin = keyFor(db, 'admin')
  const res = await send(app, admin, [HEADER, row('no-languages', { languages: '', from_month: '', to_month: '' })].join('\n'), { query: 'publish=true' })
  t.strictSame(res.body.problems.map((p: { field: string }) => p.field), ['from_month', 'languages'])
})

t.test('bad files get a 4xx problem, never a 500', async (t) => {
  const { app, db } = await setup(t, { env: { IMPORT_MAX_BYTES: '4096' } })
  const admin = keyFor(db, 'admin')
  const good = `${HEADER}\n${row('x')}\n`
  const cases: Array<[string, string | Buffer, string, number, RegExp]> = [
    ['empty', '', 'text/csv', 400, /The file is empty/],
    ['UTF-16', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(good, 'utf16le')]), 'text/csv', 400, /UTF-16/],
    ['UTF-16 big-endian', Buffer.from([0xfe, 0xff, 0, 0x61]), 'text/csv', 400, /UTF-16/],
    ['Latin-1', Buffer.from(`${HEADER}\n${row('x', { name_nl: 'Crèche' })}`, 'latin1'), 'text/csv', 400, /not valid UTF-8/],
    ['NUL bytes', `${HEADER}\n\u0000`, 'text/csv', 400, /NUL/],
    ['declared Latin-1', good, 'text/csv; charset=iso-8859-1', 415, /must be UTF-8, not iso-8859-1/],
    ['not CSV or JSON', good, 'text/plain', 415, /Unsupported Media Type/],
    ['unclosed quote', `${HEADER}\n${row('x', { name_nl: '"Half' })}`, 'text/csv', 400, /The CSV cannot be read: Quote Not Closed/],
    ['header only', HEADER, 'text/csv', 400, /no rows under its header/],
    ['blank lines', '\n\r\n\n', 'text/csv', 400, /no rows under its header/],
    ['too large', `${HEADER}\n${row('x', { description_nl: 'x'.repeat(5000) })}`, 'text/csv', 413, /Request body is too large/],
    ['not JSON', '[{"slug": ', 'application/json', 400, /The JSON cannot be read/],
    ['JSON object', '{"slug": "x"}', 'application/json', 400, /must be an array/],
    ['JSON empty array', ' [ ] ', 'application/json', 400, /has no rows/],
    ['JSON after its array', '[{}] x', 'application/json', 400, /The JSON cannot be read/],
    ['JSON brackets crossed', '[{"a": 1]}]', 'application/json', 400, /The JSON cannot be read/],
    ['JSON element missing', '[,{}]', 'application/json', 400, /The JSON cannot be read/],
    ['JSON last element missing', '[{},]', 'application/json', 400, /The JSON cannot be read/],
    ['JSON array of nothing', '[,]', 'application/json', 400, /The JSON cannot be read/]
  ]
  for (const [name, body, type, status, detail] of cases) {
    const res = await send(app, admin, body, { type })
    t.equal(res.status, status, name)
    t.equal(res.type, 'application/problem+json; charset=utf-8', name)
    t.match(res.body.detail, detail, name)
  }
  const header = await send(app, admin, `slug;organisation_id;name_nl;name_nl;colour\nx;${OWN.organisation};Naam;Tweede;rood\ny;nobody;;;`)
  t.equal(header.status, 200, 'a header problem is reported with the rows, which are still checked')
  t.strictSame(header.body.problems, [
    { row: 0, field: 'colour', message: 'column 5 \'colour\' is not a column the import knows: rename it to one of the documented columns, or remove it' },
    { row: 0, field: 'name_nl', message: 'column 4 \'name_nl\' appears twice: keep one of them (the first is read)' },
    { row: 0, field: 'description_nl', message: 'the column \'description_nl\' is missing: add it, with a value on every row' },
    { row: 0, field: 'care_type', message: 'the column \'care_type\' is missing: add it, with a value on every row' },
    { row: 0, field: 'cost_type', message: 'the column \'cost_type\' is missing: add it, with a value on every row' },
    { row: 2, field: 'organisation_id', message: 'no organisation has the id or slug \'nobody\': use the id or slug of an existing organisation' },
    { row: 2, field: 'name_nl', message: 'is missing: fill it in' }
  ])
  const noOrganisation = await send(app, admin, `slug;name_nl;description_nl;care_type;cost_type\nx;Naam;Beschrijving;lotgenotengroep;free`)
  t.strictSame(noOrganisation.body.problems, [{ row: 0, field: 'organisation_id', message: 'the column \'organisation_id\' is missing: add it, with a value on every row' }])
  const headerWrite = await send(app, admin, `slug;organisation_id;name_nl;name_nl;colour\nx;${OWN.organisation};Naam;Tweede;rood`, { query: 'dry_run=false' })
  t.equal(headerWrite.status, 422)
  t.equal(headerWrite.body.detail, '5 problems in 1 of 1 rows and the header; nothing was written')
  const rows = await send(app, admin, JSON.stringify([42, null, { ...JSON.parse('{"__proto__": {"admin": true}}'), slug: 'x', name: { nl: 'x', de: 'y' } }]), { type: 'application/json' })
  t.equal(rows.status, 200)
  t.strictSame(rows.body.problems.filter((p: { field: string }) => ['/', '/__proto__', '/name/de'].includes(p.field)), [
    { row: 1, field: '/', message: '42 is not an object' },
    { row: 2, field: '/', message: 'null is not an object' },
    { row: 3, field: '/name/de', message: 'unknown field \'de\'' },
    { row: 3, field: '/__proto__', message: 'unknown field \'__proto__\'' }
  ])
  t.equal(({} as Record<string, unknown>).admin, undefined, 'no prototype was polluted')
  t.equal(count(db, 'SELECT count(*) AS n FROM offers'), 39, 'nothing was written')
})

t.test('the file is read as it arrives: in pieces, streamed without a length, broken off', async (t) => {
  const { app, db } = await setup(t, { env: { IMPORT_MAX_BYTES: '4096' } })
  const admin = keyFor(db, 'admin')
  const offersBefore = count(db, 'SELECT count(*) AS n FROM offers')
  const post = (payload: string | Buffer | Readable, simulate: { split?: boolean, error?: boolean } = {}) => app.inject({
    method: 'POST', url: '/v1/admin/import', headers: { 'x-api-key': admin, 'content-type': 'text/csv' }, payload,
    simulate: { end: true, split: false, error: false, close: false, ...simulate }
  })
  // Split after the BOM's first byte: a character cut in two between pieces is still read as one.
  const split = await post(Buffer.from(`\uFEFF${HEADER}\n${row('gesplitst', { name_nl: 'Crèche' })}`), { split: true })
  t.equal(split.statusCode, 200, split.body)
  t.match(split.json(), { rows: 1, valid: 1 })
  const utf16 = await post(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(HEADER, 'utf16le')]), { split: true })
  t.match(utf16.json(), { status: 400, detail: /UTF-16/ }, 'UTF-16 is told apart from its first piece')
  const one = await post('x')
  t.match(one.json(), { status: 400, detail: /no rows under its header/ }, 'a file of one byte is read')
  const cut = await post(Buffer.concat([Buffer.from(`${HEADER}\n${row('x')}`), Buffer.from('è').subarray(0, 1)]), { split: true })
  t.match(cut.json(), { status: 400, detail: /not valid UTF-8/ }, 'a file that ends inside a character is not UTF-8')
  const streamed = await post(Readable.from([Buffer.from(`${HEADER}\n`), Buffer.from(`${row('a')}\n`.repeat(60))]))
  t.match(streamed.json(), { status: 413, detail: /Request body is too large/ }, 'a body without a length is refused once it passes the limit')
  const small = await post(Readable.from([Buffer.from(`${HEADER}\n`), Buffer.from(row('a'))]))
  t.equal(small.statusCode, 200, 'a body without a length under the limit is read')
  const broken = await post(`${HEADER}\n${row('a')}`, { error: true })
  t.equal(broken.statusCode, 400, 'a body that breaks off is the client\'s problem')
  t.equal(count(db, 'SELECT count(*) AS n FROM offers'), offersBefore, 'nothing was written')
})

t.test('row limits, and a long report cut short', async (t) => {
  const { app, db } = await setup(t, { sample: false })
  const admin = keyFor(db, 'admin')
  const tooManyJson = await send(app, admin, JSON.stringify(Array(10_001).fill({})), { type: 'application/json' })
  t.equal(tooManyJson.status, 413)
  t.equal(tooManyJson.body.detail, 'The file has 10001 rows; import at most 10000 at a time')
  const tooManyCsv = await send(app, admin, `${HEADER}\n${'x\n'.repeat(10_001)}`)
  t.equal(tooManyCsv.status, 413)
  const many = await send(app, admin, JSON.stringify(Array(600).fill({ slug: 'x' })), { type: 'application/json' })
  t.equal(many.status, 200)
  t.equal(many.body.problem_count, 600 * 5 + 599, 'five fields missing in every row, and the slug repeated')
  t.equal(many.body.problems.length, 1000)
})

t.test('schema problems in a curator\'s words, for every kind of mistake', async (t) => {
  const { app, db } = await setup(t)
  const admin = keyFor(db, 'admin')
  const offer = {
    slug: 'words', organisation_id: OWN.organisation, name: { nl: 'x'.repeat(201) }, description: { nl: '' },
    care_type: 'lotgenotengroep', from_month: 999, languages: ['nl'], modes: ['group'], service_area: ['11002'],
    cost_type: 'cheap', crisis_24_7: 'ja', location_ids: ['not-a-uuid'], website: 'www.example.org', contacts: Array(21).fill({ name: 'x' }),
    internal_note: ''.padEnd(4001, 'x'), opening_hours: [{ weekday: 0, opens: '09:00', closes: '12:00' }, { weekday: 1.5, opens: '09:00', closes: '12:00' }]
  }
  const res = await send(app, admin, JSON.stringify([offer]), { type: 'application/json' })
  const deep = '['.repeat(20000) + ']'.repeat(20000)
  const nested = await send(app, admin, `[${deep},${JSON.stringify({ ...offer, slug: `x${'-y'.repeat(300)}`, name: { nl: { a: 1, b: [2, null] } } })}]`, { type: 'application/json' })
  t.equal(nested.status, 200, 'a long or deeply nested value is cut short in its report line')
  t.equal(nested.body.problems[0].message, `${'['.repeat(59)}… is not an object`)
  t.equal(nested.body.problems.find((p: { field: string }) => p.field === '/name/nl').message, '{"a":1,"b":[2,null]} is not text')
  t.equal(nested.body.problems.find((p: { field: string }) => p.field === '/slug').message, 'is too long: at most 100 characters')
  t.equal(res.status, 200)
  t.strictSame(res.body.problems, [
    { row: 1, field: '/name/nl', message: 'is too long: at most 200 characters' },
    { row: 1, field: '/description/nl', message: 'is too short: at least 1 characters' },
    { row: 1, field: '/from_month', message: 'must be at most 240' },
    { row: 1, field: '/location_ids/0', message: '\'not-a-uuid\' is not a valid UUID' },
    { row: 1, field: '/cost_type', message: '\'cheap\' is not one of: free, riziv_reimbursed, income_related, paid, mixed' },
    { row: 1, field: '/crisis_24_7', message: '\'ja\' is not yes or no' },
    { row: 1, field: '/website', message: '\'www.example.org\' is not a valid URL' },
    { row: 1, field: '/contacts', message: 'at most 20 items' },
    { row: 1, field: '/opening_hours/0/weekday', message: 'must be at least 1' },
    { row: 1, field: '/opening_hours/1/weekday', message: '1.5 is not a whole number' },
    { row: 1, field: '/internal_note', message: 'is too long: at most 4000 characters' }
  ])
})
