import { parse } from 'csv-parse/sync'
import t from 'tap'
import { CSV_COLUMNS, safeCell } from '../../src/export/stream.js'
import { setup } from '../helpers/app.js'
import { call, keyFor, OTHER, OWN, withKey } from '../helpers/curation.js'

/**
 * Splits CSV text as a spreadsheet does when told a separator: a cell that opens with `"` runs to its closing
 * quote (`""` inside is one quote) and on to the separator; any other cell runs to the separator, its quotes
 * literal. Line breaks end a row outside quotes.
 */
function spreadsheetCells (csv: string, separator: string): string[] {
  const cells: string[] = []
  let i = 0
  while (i < csv.length) {
    let cell = ''
    if (csv[i] === '"') {
      for (i++; i < csv.length; i++) {
        if (csv[i] === '"' && csv[i + 1] === '"') { cell += '"'; i++ } else if (csv[i] === '"') { i++; break } else cell += csv[i]
      }
    }
    while (i < csv.length && csv[i] !== separator && csv[i] !== '\n' && csv[i] !== '\r') cell += csv[i++]
    cells.push(cell)
    i++
  }
  return cells
}

/** What a spreadsheet would run: a cell that starts with = + - @ and is not a plain number. */
const formula = (cell: string) => /^[=+\-@]/.test(cell) && !/^-?\d+(\.\d+)?$/.test(cell)

t.test('export for partners', async (t) => {
  const { app, db } = await setup(t)
  const partner = keyFor(db, 'partner')
  const editor = keyFor(db, 'editor', [OWN.organisation])

  t.test('a partner (or admin) key is required', async (t) => {
    t.equal((await app.inject('/v1/export')).statusCode, 401)
    t.equal((await app.inject({ url: '/v1/export', headers: withKey(editor) })).statusCode, 403)
    t.equal((await app.inject({ url: '/v1/export', headers: withKey(keyFor(db, 'admin')) })).statusCode, 200)
    t.equal((await app.inject(`/v1/export?api_key=${partner}`)).statusCode, 401, 'never from the query string')
  })

  t.test('NDJSON: every published organisation, then every published offer, in the feed\'s shape', async (t) => {
    const res = await app.inject({ url: '/v1/export', headers: withKey(partner) })
    t.equal(res.statusCode, 200)
    t.equal(res.headers['content-type'], 'application/x-ndjson; charset=utf-8')
    const lines = res.body.trimEnd().split('\n').map((l) => JSON.parse(l) as { kind: string, id: string, data: { id: string } })
    t.strictSame(lines.map((l) => l.kind), [...Array(39).fill('organisation'), ...Array(39).fill('offer')])
    t.equal(lines.every((l) => l.id === l.data.id), true)
    const feed = (await app.inject('/v1/changes?per_page=100')).json().contents
    const fromFeed = new Map(feed.map((c: { id: string, data: unknown }) => [c.id, c.data]))
    t.strictSame(lines.map((l) => fromFeed.get(l.id)), lines.map((l) => l.data), 'the same records as the feed')
    const rest = (await app.inject(`/v1/changes?since=${res.headers['x-feed-cursor'] as string}`)).json()
    t.equal(rest.total_items, 0, 'the export\'s cursor is where the feed stands')
  })

  t.test('drafts and archived entries are not exported', async (t) => {
    const admin = keyFor(db, 'admin')
    const unpublished = await call(app, admin, 'POST', `/v1/admin/offers/${OWN.offer}/unpublish`)
    t.equal(unpublished.status, 200)
    const res = await app.inject({ url: '/v1/export', headers: withKey(partner) })
    const ids = res.body.trimEnd().split('\n').map((l) => JSON.parse(l).id)
    t.equal(ids.includes(OWN.offer), false)
    t.equal(ids.length, 77)
    await call(app, admin, 'POST', `/v1/admin/offers/${OWN.offer}/publish`)
  })

  t.test('CSV: a header and one row per offer, formula-like cells escaped', async (t) => {
    const admin = keyFor(db, 'admin')
    const current = await call(app, admin, 'GET', `/v1/admin/offers/${OWN.offer}`)
    const patched = await call(app, admin, 'PATCH', `/v1/admin/offers/${OWN.offer}`,
      { name: { nl: '=HYPERLINK("http://evil.example","klik")' } }, { 'if-match': current.headers.etag as string })
    t.equal(patched.status, 200)
    const res = await app.inject({ url: '/v1/export?format=csv', headers: withKey(partner) })
    t.equal(res.statusCode, 200)
    t.equal(res.headers['content-type'], 'text/csv; charset=utf-8')
    t.equal(res.headers['content-disposition'], 'attachment; filename="pimh-directory.csv"')
    const rows = parse(res.body, { columns: true }) as Array<Record<string, string>>
    t.equal(rows.length, 39)
    const row = rows.find((r) => r.id === OWN.offer)!
    t.equal(row.name_nl, '\'=HYPERLINK("http://evil.example","klik")')
    t.equal(row.from_month, '0')
    t.equal(rows.find((r) => r.slug === 'papa-in-zicht')!.from_month, '-6', 'negative months stay numbers')
    t.equal(row.languages, 'ar|en|nl|tr')
  })

  t.test('cell escaping', async (t) => {
    t.strictSame(['=1+1', '+32 3 000', '-x', '@SUM(A1)', '\tx', '-9', '-2.5', 'plain', 12, -3, true, null].map(safeCell),
      ['\'=1+1', '\'+32 3 000', '\'-x', '\'@SUM(A1)', '\'\tx', '-9', '-2.5', 'plain', 12, -3, 'true', ''])
    t.strictSame(['Gewone tekst;=cmd|\' /C calc\'!A0;einde', 'a, +1 b', 'a\t@x', 'a\n-x', 'a;-5;b', 'a, -2.5', 'a;=b,=c'].map(safeCell),
      ['Gewone tekst;\'=cmd|\' /C calc\'!A0;einde', 'a, \'+1 b', 'a\t\'@x', 'a\n\'-x', 'a;-5;b', 'a, -2.5', 'a;\'=b,\'=c'],
      'after a separator a spreadsheet may split on, too; numbers stay numbers')
  })

  t.test('CSV: no formula in any spreadsheet, whichever separator it splits on', async (t) => {
    const admin = keyFor(db, 'admin')
    const attacks = {
      nl: 'Gewone tekst;=cmd|\' /C calc\'!A0;einde', fr: 'texte,=HYPERLINK("http://evil.example";"x"),fin', en: 'text\t@SUM(A1)\n+1 "quoted";-x'
    }
    const current = await call(app, admin, 'GET', `/v1/admin/offers/${OTHER.offer}`)
    const patched = await call(app, admin, 'PATCH', `/v1/admin/offers/${OTHER.offer}`, { description: attacks }, { 'if-match': current.headers.etag as string })
    t.equal(patched.status, 200)
    const csv = (await app.inject({ url: '/v1/export?format=csv', headers: withKey(partner) })).body
    for (const separator of [',', ';', '\t']) {
      const cells = spreadsheetCells(csv, separator)
      t.ok(cells.length > (separator === ',' ? 39 * CSV_COLUMNS.length : 39), `${JSON.stringify(separator)}: the file was split`)
      t.strictSame(cells.filter(formula), [], `${JSON.stringify(separator)}: no cell starts a formula`)
    }
    const unescaped = spreadsheetCells(csv.replaceAll('\'', ''), ';').filter(formula)
    t.ok(unescaped.length >= 2, 'without the apostrophes, the `;` split would start formulas (the check can fail)')
    const row = (parse(csv, { columns: true }) as Array<Record<string, string>>).find((r) => r.id === OTHER.offer)!
    t.strictSame([row.description_nl, row.description_fr, row.description_en], [
      'Gewone tekst;\'=cmd|\' /C calc\'!A0;einde', 'texte,\'=HYPERLINK("http://evil.example";"x"),fin', 'text\t\'@SUM(A1)\n\'+1 "quoted";\'-x'
    ], 'a reader that honours quotes gets each text in one cell, only the apostrophes added')
    t.match(csv.split('\n')[1], /^"[0-9a-f-]{36}","/, 'text cells are quoted')
  })

  t.test('bad format is a problem', async (t) => {
    const res = await app.inject({ url: '/v1/export?format=xlsx', headers: withKey(partner) })
    t.equal(res.statusCode, 400)
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
  })
})
