// GET /v1/suggest: autocomplete for the one box, over the sample directory.
import t from 'tap'
import { emitOffers, emitOrganisation } from '../../src/changes/feed.js'
import { sampleId } from '../../src/datasets/sample.js'
import { nextTurn, setup } from '../helpers/app.js'

type Suggestion = { kind: string, code: string, label: string, detail: string | null, count: number, action: { param: string, value: string } }

t.test('GET /v1/suggest', async (t) => {
  const { app } = await setup(t)
  const suggest = async (query: Record<string, string>) => {
    const res = await app.inject({ url: '/v1/suggest', query })
    t.equal(res.statusCode, 200, JSON.stringify(query))
    return (res.json() as { contents: Suggestion[] }).contents
  }
  const brief = (list: Suggestion[]) => list.map((s) => `${s.kind}:${s.code}`)

  t.test('places with their kind and parent, Flemish and Brussels ones first', async (t) => {
    const gent = await suggest({ q: 'Gent' })
    t.strictSame(gent[0], { kind: 'place', code: '44021', label: 'Gent', detail: 'gemeente, Oost-Vlaanderen', count: 8, action: { param: 'region', value: '44021' } })
    t.strictSame(gent[1], { kind: 'place', code: '44021', label: 'Gentbrugge', detail: 'deel van Gent', count: 8, action: { param: 'region', value: '44021' } })
    t.strictSame(brief(gent).slice(2), ['place:46029', 'place:25117'], 'Walloon Gentinnes after Flemish places')
    t.strictSame(brief(await suggest({ q: 'namur' })).slice(0, 1), ['place:92094'], 'what was typed exactly first, Walloon or not')
    t.strictSame((await suggest({ q: 'gand', lang: 'fr' }))[0], { kind: 'place', code: '44021', label: 'Gand', detail: 'commune, Flandre-Orientale', count: 8, action: { param: 'region', value: '44021' } })
    const led = await suggest({ q: 'ledeb' })
    t.equal(led[0]!.detail, 'deel van Gent')
    const lie = await suggest({ q: 'lie', limit: '20' })
    t.ok(lie.findIndex((s) => s.code === '62063') > lie.findIndex((s) => s.code === '12021'), 'Liège after Lier')
    t.strictSame(brief(await suggest({ q: 'brux' })).slice(0, 2), ['place:BE-BRU', 'place:21004'])
  })

  t.test('care types, roles, target groups, phases and offer names; what selecting them does', async (t) => {
    const zwan = await suggest({ q: 'zwan' })
    t.strictSame(zwan[0], { kind: 'phase', code: 'zwangerschap', label: 'Zwangerschap', detail: null, count: 25, action: { param: 'phase', value: 'zwangerschap' } })
    t.ok(zwan.some((s) => s.kind === 'target_group' && s.code === 'aanstaande_ouders'))
    const vroed = await suggest({ q: 'vroedv', lang: 'en' })
    t.strictSame(vroed.slice(0, 2).map((s) => [s.kind, s.label, s.action.param]), [['role', 'Midwife', 'role'], ['care_type', 'Independent midwife', 'care_type']])
    t.strictSame(vroed.slice(2).map((s) => [s.kind, s.code, s.action.param]), [['offer', 'thuisvroedvrouwen-arenberg', 'q'], ['offer', 'vroedvrouwen-levensboom', 'q'], ['offer', 'vroedvrouwen-nieuw-leven', 'q']])
    t.strictSame(vroed[2]!.action.value, 'Arenberg home midwives')
    const storm = await suggest({ q: 'Na de Storm' })
    t.strictSame(storm[0], { kind: 'offer', code: 'na-de-storm', label: 'Gespreksgroep Na de Storm (postnatale depressie)', detail: 'Na de Storm vzw', count: 1, action: { param: 'q', value: 'Gespreksgroep Na de Storm (postnatale depressie)' } })
    t.ok(brief(await suggest({ q: 'depressie' })).includes('target_group:psychische_kwetsbaarheid'), 'a later word of a name')
    t.notOk((await suggest({ q: 'doula' })).some((s) => s.code === 'doula'), 'a code that leads to no offer is left out')
  })

  t.test('typos: one edit from five letters, two from nine', async (t) => {
    t.strictSame(brief(await suggest({ q: 'vroedvruw' })).slice(0, 2), ['role:vroedvrouw', 'care_type:vroedvrouw'])
    t.strictSame(brief(await suggest({ q: 'gespreksgrope' })).slice(0, 1), ['care_type:lotgenotengroep'])
    t.strictSame(await suggest({ q: 'gnet' }), [], 'not under five letters')
  })

  t.test('limits, bad input, caching', async (t) => {
    t.equal((await suggest({ q: 'a', limit: '3' })).length, 3)
    t.strictSame((await suggest({ q: 'Vroedvrouwenp', limit: '1' })).map((s) => s.code), ['vroedvrouwen-levensboom'])
    t.strictSame((await suggest({ q: 'vroedvrouwenh', limit: '1' })).map((s) => s.code), ['vroedvrouwen-nieuw-leven'])
    const names = (list: Suggestion[]) => list.filter((s) => s.kind === 'offer').map((s) => s.code)
    t.strictSame(names(await suggest({ q: 'vroedvrouwen', limit: '20' })), ['vroedvrouwen-nieuw-leven', 'vroedvrouwen-levensboom'], 'offer names in name order')
    t.strictSame(names(await suggest({ q: 'postnata', limit: '20' })), ['na-de-storm'], 'an offer once, though two of its words match')
    t.strictSame(names(await suggest({ q: 'storm gespreks', limit: '20' })), ['na-de-storm'], 'every word typed, in any order')
    t.strictSame(names(await suggest({ q: 'support storm', limit: '20' })), ['na-de-storm'])
    t.ok(names(await suggest({ q: 'gro', limit: '20' })).length > 1, 'names of several offers')
    t.strictSame(names(await suggest({ q: 'vroedvrouwen', limit: '1' })), [], 'what leads to offers of a kind first')
    t.strictSame(await suggest({ q: '?!*' }), [])
    t.strictSame(await suggest({ q: '\u0000' }), [])
    t.strictSame(await suggest({ q: 'Брюссель' }), [])
    for (const query of [{}, { q: '' }, { q: 'x'.repeat(101) }, { q: 'gent', limit: '21' }, { q: 'gent', lang: 'de' }] as Array<Record<string, string>>) {
      const res = await app.inject({ url: '/v1/suggest', query })
      t.equal(res.statusCode, 400, JSON.stringify(query))
      t.match(res.headers['content-type'], /application\/problem\+json/)
    }
    const first = await app.inject('/v1/suggest?q=gent')
    t.match(first.headers, { 'cache-control': /public/, etag: /./ })
    const again = await app.inject({ url: '/v1/suggest?q=gent', headers: { 'if-none-match': first.headers.etag as string } })
    t.equal(again.statusCode, 304)
    t.equal((await app.inject('/v1/suggest?q=gent')).body, first.body, 'answered again from the cache')
  })
})

t.test('offer names: only published offers', async (t) => {
  const { app, db } = await setup(t)
  db.$client.prepare('UPDATE offers SET status = \'draft\' WHERE slug = \'na-de-storm\'').run()
  emitOffers(db, [sampleId('offer', 'na-de-storm')], 'unpublished', new Date().toISOString())
  await nextTurn()
  const res = await app.inject('/v1/suggest?q=storm')
  t.strictSame(res.json().contents.filter((s: Suggestion) => s.kind === 'offer'), [])
  db.$client.prepare('UPDATE organisations SET status = \'draft\' WHERE slug = \'vroedvrouwenpraktijk-levensboom\'').run()
  emitOrganisation(db, sampleId('organisation', 'vroedvrouwenpraktijk-levensboom'), 'unpublished', new Date().toISOString())
  await nextTurn()
  const names = (await app.inject('/v1/suggest?q=vroedvrouwenp')).json().contents.filter((s: Suggestion) => s.kind === 'offer')
  t.strictSame(names, [], 'nor offers of an organisation the public does not see')
})
