// The one search box (q read as a question): how it reads, what it answers when nothing fits, highlights, bad input.
import t from 'tap'
import { sampleId } from '../../src/datasets/sample.js'
import { searchOffers } from '../../src/search/engine.js'
import { highlighter } from '../../src/search/highlight.js'
import { offerSearch } from '../../src/search/service.js'
import { setup } from '../helpers/app.js'
import { call, keyFor, offerBody, OWN } from '../helpers/curation.js'

type Part = { text: string, start: number, end: number, kind: string, code: string | null, label: string, param: string, value: string, detail?: string, corrected_from: string | null, applied: boolean }
type Answer = {
  total_items: number
  contents: Array<{ slug: string, highlights?: { name: string, description: string } }>
  interpretation: { query: string, literal: boolean, parts: Part[], ignored: string[], relaxed: Array<{ kind: string, from: string | null, to: string | null, label: string }> }
  suggestions: Array<{ word: string, suggestion: string }>
}

t.test('the one box', async (t) => {
  const { app } = await setup(t)
  const ask = async (query: Record<string, string>) => {
    const res = await app.inject({ url: '/v1/offers', query: { per_page: '100', ...query } })
    t.equal(res.statusCode, 200, JSON.stringify(query))
    return res.json() as Answer
  }
  const read = async (q: string, more: Record<string, string> = {}) => (await ask({ q, ...more })).interpretation
  const brief = (parts: Part[]) => parts.map((p) => `${p.kind}:${p.value}`)

  t.test('reads places, phases, ages and needs into the parameters they stand for', async (t) => {
    const answer = await ask({ q: 'postpartum depressie Gent' })
    t.strictSame(answer.interpretation, {
      query: 'postpartum depressie Gent',
      literal: false,
      parts: [
        { text: 'postpartum depressie', start: 0, end: 20, kind: 'target_group', code: 'psychische_kwetsbaarheid', label: 'Postnatale depressie', param: 'target_group', value: 'psychische_kwetsbaarheid', corrected_from: null, applied: true },
        { text: 'Gent', start: 21, end: 25, kind: 'place', code: '44021', label: 'Gent', param: 'region', value: '44021', detail: 'gemeente, Oost-Vlaanderen', corrected_from: null, applied: true }
      ],
      ignored: [],
      relaxed: []
    })
    t.strictSame(answer.suggestions, [])
    t.strictSame(brief((await read('  zwanger en drugs Brussel ')).parts), ['phase:zwangerschap', 'target_group:middelengebruik', 'place:BE-BRU'], 'Brussel is the gewest')
    t.strictSame(brief((await read('stad Brussel')).parts), ['place:21004'], 'the city by name')
    t.strictSame(brief((await read('3 maanden')).parts), ['age:3'])
    t.strictSame(brief((await read('2 ans')).parts), ['age:24'])
    t.strictSame(brief((await read('18months')).parts), ['age:18'], 'digits and letters together')
    t.strictSame((await read('20 weken zwanger')).parts.map((p) => [p.value, p.label]), [['-4', '4 maanden voor de geboorte']], 'a pregnancy counts to the birth')
    t.strictSame((await read('20 weken zwanger', { lang: 'en' })).parts[0]!.label, '4 months before birth')
    t.strictSame(brief((await read('9000 baby')).parts), ['place:9000', 'phase:baby'])
    t.equal((await read('9000')).parts[0]!.detail, 'postcode, Gent')
    t.strictSame((await read('Ledeberg')).parts[0]!.detail, 'deel van Gent', 'a part of a municipality')
    t.strictSame(brief((await read('Deurne')).parts), ['place:11002,24020'], 'a part of two municipalities: both')
    t.strictSame((await read('Puurs')).parts[0]!.detail, 'voormalige gemeente, nu Puurs-Sint-Amands')
    t.strictSame(brief((await read('Limburg')).parts), ['place:BE-VLI'], 'the Flemish province before the Walloon village')
    t.strictSame(brief((await read('Vlaanderen')).parts), ['place:BE-VLG'])
    t.strictSame(brief((await read('regio Aalst')).parts), ['place:elz-regio-aalst'], 'a zone by its name')
    t.strictSame(brief((await read('Namur')).parts), ['place:92094'], 'Walloon places are read too')
    t.strictSame(brief((await read('peer Genk')).parts), ['care_type:lotgenotengroep', 'place:71016'], 'a need word before a place name')
    t.strictSame(brief((await read('in Peer')).parts), ['place:72030'], 'a place after a place marker')
    t.strictSame(brief((await read('as baby')).parts), ['phase:baby'], 'a stop word is no place…')
    t.strictSame(brief((await read('in As')).parts), ['place:71002'], '…unless after a place marker')
    t.strictSame((await read('Gent', { lang: 'fr' })).parts[0]!.label, 'Gand')
  })

  t.test('a need in a place: the most local offers for it first, however their words score', async (t) => {
    const slugs = async (query: Record<string, string>) => (await ask(query)).contents.map((o) => o.slug)
    const all = await slugs({ q: 'postpartum depressie Gent' })
    t.strictSame(all.slice(0, 2), ['na-de-storm', 'nestwarmte-dagbehandeling'], 'the Gent offers before De Wiege, which names "postpartumdepressie"')
    t.ok(all.indexOf('mbu-de-wiege') > 1)
    t.strictSame(await slugs({ q: 'postpartum depressie Gent', per_page: '1' }), ['na-de-storm'], 'a page walks the place most local first')
    t.strictSame(await slugs({ q: 'postpartum depressie Gent', per_page: '1', page: '2' }), ['nestwarmte-dagbehandeling'])
    t.strictSame(await slugs({ q: 'postpartum depressie seefhoek Gent', per_page: '1' }), ['na-de-storm'], 'a leftover word no offer there has')
    t.ok((await slugs({ q: 'postpartum depressie' })).indexOf('mbu-de-wiege') < all.indexOf('mbu-de-wiege'), 'without a place, by how well the words match')
  })

  t.test('typos, compounds, stop words, leftover text', async (t) => {
    const typo = await read('vroedvruw Kortrijk')
    t.strictSame(typo.parts.map((p) => [p.kind, p.value, p.corrected_from]), [['role', 'vroedvrouw', 'vroedvruw'], ['place', '34022', null]])
    t.strictSame(brief((await read('borstvoedingshulp')).parts), ['care_type:lactatie'], 'a listed compound')
    t.strictSame(brief((await read('kraamzorgteam')).parts), ['care_type:kraamzorg', 'text:team'], 'a compound split in two known parts')
    t.strictSame(brief((await read('lactatieshulp')).parts), ['care_type:lactatie'], 'with a linking s')
    const mixed = await read('mama zoekt een gespreksgroep')
    t.strictSame(brief(mixed.parts), ['text:mama', 'care_type:lotgenotengroep'], 'the person asking is no need')
    t.strictSame(mixed.ignored, ['zoekt', 'een'])
    t.strictSame((await read('de het een')).ignored, ['de', 'het', 'een'])
    t.strictSame((await read('seefhoek')).parts.map((p) => [p.kind, p.label]), [['text', 'seefhoek']])
    const unknown = await ask({ q: 'seefhok' })
    t.strictSame(unknown.interpretation.parts.map((p) => [p.value, p.corrected_from]), [['seefhoek', 'seefhok']], 'a word of the offers\' own text')
    const far = await ask({ q: 'vroedvrouwwwx' })
    t.strictSame(far.suggestions, [{ word: 'vroedvrouwwwx', suggestion: 'vroedvrouw' }], 'too far to correct: suggested')
  })

  t.test('explicit parameters win over the box', async (t) => {
    const answer = await ask({ q: 'somber Gent', region: 'BE-VLI', target_group: 'moeders' })
    t.strictSame(answer.interpretation.parts.map((p) => p.applied), [false, false])
    t.ok(answer.contents.every((o) => !['na-de-storm', 'nestwarmte-dagbehandeling'].includes(o.slug)), 'Gent was not applied')
    t.strictSame((await read('baby 3 maanden', { phase: 'kleuter', age_months: '40' })).parts.map((p) => p.applied), [false, false])
  })

  t.test('read_q=false: literal text, every word must match', async (t) => {
    const answer = await ask({ q: 'Consultatiebureau de Seefhoek', read_q: 'false' })
    t.strictSame(answer.contents.map((o) => o.slug), ['cb-seefhoek'])
    t.strictSame(answer.interpretation, {
      query: 'Consultatiebureau de Seefhoek',
      literal: true,
      parts: [
        { text: 'Consultatiebureau', start: 0, end: 17, kind: 'text', code: null, label: 'Consultatiebureau', param: 'q', value: 'consultatiebureau', corrected_from: null, applied: true },
        { text: 'Seefhoek', start: 21, end: 29, kind: 'text', code: null, label: 'Seefhoek', param: 'q', value: 'seefhoek', corrected_from: null, applied: true }
      ],
      ignored: ['de'],
      relaxed: []
    })
  })

  t.test('never a silent zero: widened, dropped, then the lines for everyone, each said', async (t) => {
    const kraamzorg = await ask({ q: 'kraamzorg Eeklo' })
    t.strictSame(kraamzorg.interpretation.relaxed, [
      { kind: 'widened_place', from: '43005', to: 'elz-oost-meetjesland', label: 'Verruimd naar eerstelijnszone Oost-Meetjesland' },
      { kind: 'widened_place', from: 'elz-oost-meetjesland', to: 'BE-VOV', label: 'Verruimd naar provincie Oost-Vlaanderen' },
      { kind: 'dropped_concept', from: 'kraamzorg', to: null, label: 'Zonder \'kraamzorg\'' }
    ])
    t.ok(kraamzorg.total_items > 0)
    const postcode = await read('lactatie 9000', { lang: 'en' })
    t.strictSame(postcode.relaxed.map((r) => [r.from, r.to]).slice(0, 3), [['9000', '44021'], ['44021', 'elz-gent'], ['elz-gent', 'BE-VOV']])
    t.equal(postcode.relaxed[0]!.label, 'Widened to municipality Gent')
    const nothing = await ask({ q: 'xyzzy', lang: 'fr' })
    t.strictSame(nothing.interpretation.relaxed, [{ kind: 'national_lines', from: null, to: null, label: 'Lignes d\'écoute et aide en ligne pour tous' }])
    t.strictSame(nothing.contents.map((o) => o.slug).sort(), ['dat-lucht-op', 'hulplijn-1712', 'rustpunt-online', 'tele-onthaal-106', 'zelfmoordlijn-1813'])
    const text = await read('xyzzy baby')
    t.strictSame(text.relaxed.map((r) => [r.kind, r.label]), [['dropped_concept', 'Zonder \'xyzzy\'']], 'leftover text is the least certain')
    const typo = await read('kinderopvng sterrenkind', { lang: 'en' })
    t.strictSame(typo.relaxed.map((r) => [r.kind, r.from]), [['dropped_concept', 'kinderopvang']], 'a need read with a typo goes first')
    t.equal(typo.relaxed[0]!.label, 'Without \'kinderopvng\'')
    t.equal((await read('kinderopvng sterrenkind', { lang: 'fr' })).relaxed[0]!.label, 'Sans « kinderopvng »')
    t.strictSame((await ask({ q: 'xyzzy', region: 'BE-VLI', phase: 'kleuter' })).interpretation.relaxed.map((r) => r.kind), ['dropped_concept'])
    t.strictSame((await read('doula')).relaxed.map((r) => r.kind), ['national_lines'], 'the only thing asked for is not dropped')
    t.strictSame((await read('kinderopvang sterrenkind')).relaxed.map((r) => [r.kind, r.from]), [['dropped_concept', 'perinataal_verlies']], 'the later of two as certain')
    const brussels = await read('neonatologie Anderlecht')
    t.strictSame(brussels.relaxed.map((r) => r.to).slice(0, 2), ['elz-brussel', 'BE-BRU'])
    t.equal(brussels.relaxed[1]!.label, 'Verruimd naar Brussels Hoofdstedelijk Gewest', 'a gewest by its name alone')
    const none = await ask({ q: 'sterrenkind Knokke', organisation: 'papa-in-zicht' })
    t.strictSame(none.interpretation.relaxed.map((r) => r.kind), ['widened_place', 'widened_place', 'dropped_concept', 'national_lines'], 'every step taken')
    t.equal(none.total_items, 0, 'an explicit filter that nothing passes stays')
    const twice = await ask({ q: 'vroedvrouw vroedkundige Kortrijk' })
    t.strictSame(twice.contents.map((o) => o.slug).slice(0, 1), ['vroedvrouwen-levensboom'], 'one need read twice is one filter')
  })

  t.test('highlights: matched words marked, the rest escaped', async (t) => {
    const answer = await ask({ q: 'somber', region: '44021' })
    t.strictSame(answer.contents[0], { ...answer.contents[0], slug: 'na-de-storm' })
    t.strictSame(answer.contents[0]!.highlights, {
      name: 'Gespreksgroep Na de Storm (<mark>postnatale</mark> <mark>depressie</mark>)',
      description: '…vaders/meeouders met (een voorgeschiedenis van) <mark>postnatale</mark> <mark>depressie</mark>, begeleid door een ervaringsdeskundige en een psycholoog. Je baby mag mee.'
    })
    const escaped = await ask({ q: 'ouder baby dagbehandeling', region: 'BE-VOV' })
    const nestwarmte = escaped.contents.find((o) => o.slug === 'nestwarmte-dagbehandeling')!
    t.equal(nestwarmte.highlights!.name, '<mark>Ouder</mark> &amp; <mark>Baby</mark> <mark>Dagbehandeling</mark> Nestwarmte')
    const start = await ask({ q: 'Seefhoek', read_q: 'false' })
    t.equal(start.contents[0]!.highlights!.description.startsWith('Gratis'), true, 'no match in the description: its start')
    t.equal((await ask({ q: 'Gent' })).contents.some((o) => o.highlights !== undefined), false, 'a place marks nothing')
    t.equal((await ask({ q: 'xyzzy' })).contents.some((o) => o.highlights !== undefined), false, 'no word found: no highlights')
    t.strictSame(highlighter(['istanbul'])!('İstanbul <b>', 'x'), { name: '<mark>İstanbul</mark> &lt;b&gt;', description: 'x' }, 'a letter that folds to two')
    t.strictSame(highlighter(['cafe'])!('cafe\u0301 x', 'y'), { name: '<mark>cafe</mark>\u0301 x', description: 'y' }, 'a combining accent')
    t.equal(highlighter([]), undefined)
  })

  t.test('bad input: an honest reading, never a 5xx', async (t) => {
    const long = await read(Array.from({ length: 40 }, (_, i) => `w${i}`).join(' '))
    t.equal(long.ignored.length, 30, 'words past the 30th are not read, text past the 10th word neither')
    t.equal(long.parts.length, 10, 'ten words of text at most')
    t.strictSame((await read('?!... ,,, ***')).parts, [])
    t.strictSame((await read('de en het')).parts, [])
    const nul = await read('Gent\u0000baby')
    t.strictSame(brief(nul.parts), ['place:44021', 'phase:baby'])
    t.equal(nul.query, 'Gent baby')
    const scripts = await read('Брюссель 宝宝 baby')
    t.strictSame(brief(scripts.parts), ['text:брюссель', 'text:宝宝', 'phase:baby'])
    t.equal((await app.inject({ url: '/v1/offers', query: { q: 'x'.repeat(201) } })).statusCode, 400)
  })
})

t.test('words that only rank, in a place: scored among the most local offers only', async (t) => {
  const { db } = await setup(t)
  const index = offerSearch(db).current()
  const { hits } = searchOffers(index, { regions: ['44021'], text: { terms: [], boost: ['storm'], any: true, rank: true }, offset: 0, limit: 1 })
  t.strictSame(hits.map((h) => h.id), [sampleId('offer', 'na-de-storm')])
  // The page ends among the national lines, all as local: the one with the word takes the last place, ahead of those before it.
  const lines = searchOffers(index, { regions: ['44021'], text: { terms: [], boost: ['zelfmoord'], any: true, rank: true }, offset: 0, limit: 4 })
  t.strictSame(lines.hits.map((h) => h.id), ['na-de-storm', 'nestwarmte-dagbehandeling', 'mbu-de-wiege', 'zelfmoordlijn-1813'].map((slug) => sampleId('offer', slug)))
  const plain = searchOffers(index, { regions: ['44021'], offset: 0, limit: 4 })
  t.not(plain.hits.at(-1)!.id, sampleId('offer', 'zelfmoordlijn-1813'), 'without the word another line is fourth')
})

t.test('a correction or a "did you mean" never names a word only a draft has', async (t) => {
  const { app, db } = await setup(t)
  const admin = keyFor(db, 'admin')
  const draft = await call(app, admin, 'POST', '/v1/admin/offers', offerBody(OWN.organisation, { slug: 'draft-word', description: { nl: 'Een ontwerp over zwoelfkrans.' } }))
  t.equal(draft.status, 201)
  const typo = await app.inject({ url: '/v1/offers', query: { q: 'zwoelfkrens' } })
  t.equal(typo.statusCode, 200)
  t.notMatch(typo.body, /zwoelfkrans/, 'one edit away: not corrected to the draft\'s word')
  const far = await app.inject({ url: '/v1/offers', query: { q: 'zwoelfkrensx' } })
  t.notMatch(far.body, /zwoelfkrans/, 'two edits away: not suggested either')
  t.equal((await call(app, admin, 'POST', `/v1/admin/offers/${(draft.body as { id: string }).id}/publish`, undefined, { 'if-match': '*' })).status, 200)
  const published = (await app.inject({ url: '/v1/offers', query: { q: 'zwoelfkrens' } })).json() as Answer
  t.strictSame(published.interpretation.parts.map((p) => [p.value, p.corrected_from]), [['zwoelfkrans', 'zwoelfkrens']], 'published, the word is corrected to')
  const tie = (await app.inject({ url: '/v1/offers', query: { q: 'ruemte' } })).json() as Answer
  t.strictSame(tie.interpretation.parts.map((p) => [p.kind, p.corrected_from]), [['place', 'ruemte']], 'as near as a published word (ruimte), the lexicon\'s word (Ruette) wins')
})
