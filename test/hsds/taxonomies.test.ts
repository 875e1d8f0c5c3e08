import t from 'tap'
import { setup } from '../helpers/app.js'
import { hsdsErrors } from '../helpers/hsds.js'

type Page = { total_items: number, total_pages: number, contents: Array<{ id: string, code: string, name: string, parent_id?: string }> }

t.test('HSDS facade: root, taxonomies and terms', async (t) => {
  const { app } = await setup(t, { sample: false })
  const get = (url: string) => app.inject({ method: 'GET', url })

  t.test('the root names version, profile and contract, with and without the slash', async (t) => {
    for (const url of ['/hsds', '/hsds/']) {
      const res = await get(url)
      t.equal(res.statusCode, 200)
      t.strictSame(res.json(), { version: '3.0', profile: 'https://openreferral.org/hsds/3.0', openapi_url: 'http://localhost:3000/openapi.yaml' })
      t.equal(res.headers['access-control-allow-origin'], '*', 'every answer is open to browser apps')
    }
  })

  t.test('six taxonomies, each valid HSDS, each fetchable by id', async (t) => {
    const body = (await get('/hsds/taxonomies')).json() as Page
    t.equal(body.total_items, 6)
    t.strictSame(body.contents.map((x) => x.name), ['Fasen', 'Zorgvormen', 'Steunfiguren', 'Doelgroepen', 'Werkvormen', 'Regio\'s'])
    for (const taxonomy of body.contents) {
      t.strictSame(hsdsErrors('taxonomy', taxonomy), [])
      const one = await get(`/hsds/taxonomies/${taxonomy.id}`)
      t.strictSame(one.json(), taxonomy)
    }
    const fr = (await get('/hsds/taxonomies?lang=fr&search=phase')).json()
    t.strictSame(fr.contents.map((x: { name: string }) => x.name), ['Phases'])
  })

  t.test('terms: first, middle and last page validate; filters by taxonomy, parent and top level', async (t) => {
    const first = (await get('/hsds/taxonomy_terms?per_page=50')).json() as Page
    t.equal(first.total_items, 18 + 54 + 43 + 22 + 10 + 639)
    for (const n of [1, Math.ceil(first.total_pages / 2), first.total_pages]) {
      const body = (await get(`/hsds/taxonomy_terms?per_page=50&page=${n}`)).json() as Page
      t.ok(body.contents.length > 0)
      for (const term of body.contents) t.strictSame(hsdsErrors('taxonomy_term', term), [], term.code)
    }
    const careTypes = (await get('/hsds/taxonomies?search=zorgvormen')).json().contents[0].id
    const categories = (await get(`/hsds/taxonomy_terms?taxonomy_id=${careTypes}&top_only=true`)).json() as Page
    t.strictSame(categories.contents.map((c) => c.code), ['preventie', 'perinatale_zorg', 'ggz', 'welzijn', 'zelfhulp_info', 'professionals'])
    const ggz = categories.contents[2]!.id
    const under = (await get(`/hsds/taxonomy_terms?parent_id=${ggz}&per_page=100`)).json() as Page
    t.equal(under.total_items, 13)
    t.equal(under.contents.every((c) => c.parent_id === ggz), true)
    const term = (await get(`/hsds/taxonomy_terms/${under.contents[0]!.id}`)).json()
    t.strictSame(term, under.contents[0])
    const accents = (await get('/hsds/taxonomy_terms?search=DESIR&lang=fr')).json() as Page
    t.strictSame(accents.contents.map((c) => c.code), ['kinderwens', 'volledige_scope', 'fertiliteit_psy', 'fertiliteit'], 'accent- and case-insensitive: désir')
  })

  t.test('format=ndjson gives every record, one per line', async (t) => {
    const res = await get('/hsds/taxonomy_terms?format=ndjson')
    t.equal(res.statusCode, 200)
    t.equal(res.headers['content-type'], 'application/x-ndjson; charset=utf-8')
    const lines = res.body.trimEnd().split('\n').map((l) => JSON.parse(l))
    t.equal(lines.length, 786)
    t.equal(new Set(lines.map((l) => l.id)).size, 786)
  })

  t.test('unknown ids are 404, malformed ones 400', async (t) => {
    const unknown = await get('/hsds/taxonomies/00000000-0000-4000-8000-000000000000')
    t.equal(unknown.statusCode, 404)
    t.equal(unknown.headers['content-type'], 'application/problem+json; charset=utf-8')
    t.equal((await get('/hsds/taxonomy_terms/00000000-0000-4000-8000-000000000000')).statusCode, 404)
    t.equal((await get('/hsds/taxonomy_terms/not-a-uuid')).statusCode, 400)
  })
})
