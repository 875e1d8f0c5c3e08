// GET /v1/organisations and /v1/organisations/{id or slug}: published providers and their published offers.
import t from 'tap'
import { sampleId } from '../../src/datasets/sample.js'
import { OrganisationDetail, OrganisationList } from '../../src/organisations/public-schemas.js'
import { setup } from '../helpers/app.js'

t.test('organisations', async (t) => {
  const { app, db } = await setup(t)

  t.test('the list: by name, paged, filtered by name and kind', async (t) => {
    const res = await app.inject('/v1/organisations?per_page=5')
    t.equal(res.statusCode, 200)
    t.equal(res.headers['content-language'], 'nl')
    const body = OrganisationList.parse(res.json())
    t.match(body, { total_items: 39, total_pages: 8, page_number: 1, size: 5, first_page: true, last_page: false })
    const all = OrganisationList.parse((await app.inject('/v1/organisations?per_page=100')).json()).contents
    const names = all.map((o) => o.name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase())
    t.strictSame(names, [...names].sort())
    t.ok(all.every((o) => o.offer_count === 1))
    const search = OrganisationList.parse((await app.inject('/v1/organisations?q=VROEDVROUW')).json()).contents
    t.strictSame(search.map((o) => o.slug).sort(), ['thuisvroedvrouwen-arenberg', 'vroedvrouwenhuis-nieuw-leven', 'vroedvrouwenpraktijk-levensboom'])
    const helplines = OrganisationList.parse((await app.inject('/v1/organisations?kind=helpline&per_page=100')).json()).contents
    t.ok(helplines.length > 0)
    t.ok(helplines.every((o) => o.kind === 'helpline'))
    t.equal((await app.inject('/v1/organisations?kind=castle')).statusCode, 400)
    t.equal((await app.inject('/v1/organisations?per_page=101')).statusCode, 400)
  })

  t.test('one organisation with its offers, by slug or id, in the asked language', async (t) => {
    db.$client.prepare('UPDATE organisations SET description = ? WHERE slug = ?')
      .run(JSON.stringify({ nl: 'Tweetalige praktijk', fr: 'Cabinet bilingue' }), 'vroedvrouwenhuis-nieuw-leven')
    const res = await app.inject('/v1/organisations/vroedvrouwenhuis-nieuw-leven?lang=fr')
    t.equal(res.statusCode, 200)
    t.equal(res.headers['content-language'], 'fr')
    const body = OrganisationDetail.parse(res.json())
    t.match(body, { slug: 'vroedvrouwenhuis-nieuw-leven', description: 'Cabinet bilingue', offer_count: 1, offers: [{ slug: 'vroedvrouwen-nieuw-leven', name: 'Maison des sages-femmes Nouvelle Vie' }] })
    const byId = await app.inject(`/v1/organisations/${body.id}?lang=fr`)
    t.strictSame(byId.json(), res.json())
    t.equal(sampleId('organisation', 'vroedvrouwenhuis-nieuw-leven'), body.id)
  })

  t.test('unknown: 404', async (t) => {
    const res = await app.inject('/v1/organisations/nobody')
    t.equal(res.statusCode, 404)
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
  })
})
