// Stored texts hold no control characters (NUL included), no bidi overrides and no unpaired surrogates: every text field answers 400 naming them.
import t from 'tap'
import { unsafeCharacter } from '../../src/text/schemas.js'
import { setup } from '../helpers/app.js'
import { call, keyFor, locationBody, offerBody, organisationBody, OWN } from '../helpers/curation.js'

const BAD: Array<[string, string]> = [
  ['NUL', 'Naam\u0000'], ['a bell', 'Na\u0007am'], ['DEL', 'Naam\u007f'], ['a C1 control', 'Naam\u0085'],
  ['right-to-left override', 'Naam\u202Etxt.exe'], ['left-to-right embedding', '\u202ANaam'], ['first-strong isolate', 'Naam\u2068x\u2069'],
  ['a lone high surrogate', 'Naam\uD83D'], ['a lone low surrogate', '\uDE00Naam'], ['surrogates in the wrong order', 'Naam\uDE00\uD83D']
]

t.test('the rule itself', async (t) => {
  t.strictSame(BAD.map(([, text]) => unsafeCharacter(text)), [
    'U+0000 at position 4', 'U+0007 at position 2', 'U+007F at position 4', 'U+0085 at position 4', 'U+202E at position 4',
    'U+202A at position 0', 'U+2068 at position 4', 'U+D83D at position 4', 'U+DE00 at position 0', 'U+DE00 at position 4'
  ])
  t.equal(unsafeCharacter('Baby 👶 welkom\tja\r\nمرحبا, שלום, Ολα — «ok»'), undefined, 'emoji (a surrogate pair), tab, line breaks and right-to-left scripts are text')
})

t.test('every text field refuses them with a 400 that names the field and the character', async (t) => {
  const { app, db } = await setup(t)
  const admin = keyFor(db, 'admin')
  const bodies: Array<[string, string, (v: string) => unknown, string]> = [
    ['offer name', '/v1/admin/offers', (v) => offerBody(OWN.organisation, { name: { nl: v } }), '/name/nl'],
    ['offer description (fr)', '/v1/admin/offers', (v) => offerBody(OWN.organisation, { description: { nl: 'ok', fr: v } }), '/description/fr'],
    ['contact name', '/v1/admin/offers', (v) => offerBody(OWN.organisation, { contacts: [{ name: v }] }), '/contacts/0/name'],
    ['hours note', '/v1/admin/offers', (v) => offerBody(OWN.organisation, { opening_hours: [{ weekday: 1, opens: '09:00', closes: '10:00', note: { nl: v } }] }), '/opening_hours/0/note/nl'],
    ['offer internal note', '/v1/admin/offers', (v) => offerBody(OWN.organisation, { internal_note: v }), '/internal_note'],
    ['organisation name', '/v1/admin/organisations', (v) => organisationBody({ name: { nl: v } }), '/name/nl'],
    ['organisation internal note', '/v1/admin/organisations', (v) => organisationBody({ internal_note: v }), '/internal_note'],
    ['location name', '/v1/admin/locations', (v) => locationBody(OWN.organisation, { name: v }), '/name'],
    ['location street', '/v1/admin/locations', (v) => locationBody(OWN.organisation, { street: v }), '/street'],
    ['location internal note', '/v1/admin/locations', (v) => locationBody(OWN.organisation, { internal_note: v }), '/internal_note'],
    ['key label', '/v1/admin/keys', (v) => ({ role: 'partner', label: v }), '/label']
  ]
  const before = db.$client.prepare('SELECT (SELECT count(*) FROM offers) + (SELECT count(*) FROM organisations) + (SELECT count(*) FROM locations) + (SELECT count(*) FROM api_keys) AS n').get()
  for (const [field, url, body, path] of bodies) {
    for (const [what, text] of BAD) {
      const res = await call(app, admin, 'POST', url, body(text))
      t.equal(res.status, 400, `${field}, ${what}: 400`)
      t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
      t.match(res.body.errors, [{ in: 'body', path, message: /^control characters, bidirectional overrides and unpaired surrogates are not allowed \(U\+[0-9A-F]{4} at position \d+\)$/ }], `${field}, ${what}`)
    }
    const fine = await call(app, admin, 'POST', url, body('Ouders 👶 welkom — مرحبا'))
    t.equal(fine.status, 201, `${field}: ordinary text, emoji and Arabic pass`)
    if (fine.body.slug) await call(app, admin, 'DELETE', `${url}/${fine.body.id}?erase=true`)
  }
  const after = db.$client.prepare('SELECT (SELECT count(*) FROM offers) + (SELECT count(*) FROM organisations) + (SELECT count(*) FROM locations) + (SELECT count(*) FROM api_keys) AS n').get()
  t.strictSame(after, { n: (before as { n: number }).n + 4 }, 'nothing refused was written')

  const etag = (await call(app, admin, 'GET', `/v1/admin/offers/${OWN.offer}`)).headers.etag as string
  const patched = await call(app, admin, 'PATCH', `/v1/admin/offers/${OWN.offer}`, { name: { nl: 'Consultatie\u202Eburo' } }, { 'if-match': etag })
  t.match(patched, { status: 400, body: { errors: [{ path: '/name/nl', message: /U\+202E at position 11/ }] } }, 'a PATCH too')

  const csv = 'slug;organisation_id;name_nl;description_nl;care_type;from_month;to_month;languages;modes;service_area;cost_type\n' +
    'rlo-aanbod;consultatiebureau-seefhoek;Aanbod;Beschrijving\u202E;lotgenotengroep;0;12;nl;group;11002;free\n'
  const imported = await app.inject({ method: 'POST', url: '/v1/admin/import?dry_run=true', headers: { 'x-api-key': admin, 'content-type': 'text/csv' }, payload: csv })
  t.equal(imported.statusCode, 200)
  t.match(imported.json(), { valid: 0, invalid: 1, problems: [{ row: 1, field: 'description_nl', message: /U\+202E at position 12/ }] }, 'an import row too')
  const nul = await app.inject({ method: 'POST', url: '/v1/admin/import?dry_run=true', headers: { 'x-api-key': admin, 'content-type': 'text/csv' }, payload: csv.replace('\u202E', '\u0000') })
  t.match({ status: nul.statusCode, detail: nul.json().detail }, { status: 400, detail: 'The file holds NUL bytes: it is not text' })
})
