import t from 'tap'
import { setup } from '../helpers/app.js'

t.test('taxonomies', async (t) => {
  const { app } = await setup(t)
  const get = (url: string) => app.inject({ method: 'GET', url })

  t.test('each list is complete, in display order, with labels in three languages', async (t) => {
    const totals: Record<string, number> = {}
    for (const path of ['phases', 'care-types', 'roles', 'target-groups', 'languages']) {
      const res = await get(`/v1/${path}`)
      t.equal(res.statusCode, 200)
      t.equal(res.headers['content-language'], 'nl')
      const body = res.json()
      totals[path] = body.total_items
      t.equal(body.size, body.contents.length)
      for (const item of body.contents) t.strictSame(Object.keys(item.labels).sort(), ['en', 'fr', 'nl'])
    }
    t.strictSame(totals, { phases: 18, 'care-types': 54, roles: 43, 'target-groups': 22, languages: 25 })
  })

  t.test('phases are month ranges relative to birth', async (t) => {
    const phases = (await get('/v1/phases')).json().contents
    const range = (code: string) => phases.filter((p: { code: string }) => p.code === code).map((p: { from_month: number | null, to_month: number | null }) => [p.from_month, p.to_month])[0]
    t.strictSame(range('kinderwens'), [null, -9])
    t.strictSame(range('zwangerschap'), [-9, 0])
    t.strictSame(range('kraamperiode'), [0.25, 1.5])
    t.strictSame(range('eerste_1000_dagen'), [-9, 24])
    t.equal(phases[0].code, 'kinderwens')
  })

  t.test('care types form a tree of six categories', async (t) => {
    const types = (await get('/v1/care-types')).json().contents as Array<{ code: string, parent_code: string | null }>
    const roots = types.filter((c) => c.parent_code === null).map((c) => c.code)
    t.strictSame(roots, ['preventie', 'perinatale_zorg', 'ggz', 'welzijn', 'zelfhulp_info', 'professionals'])
    const codes = new Set(types.map((c) => c.code))
    t.equal(types.every((c) => c.parent_code === null || codes.has(c.parent_code)), true)
    t.equal(types.find((c) => c.code === 'mbu_residentieel')?.parent_code, 'ggz')
  })

  t.test('labels follow the content language', async (t) => {
    const fr = await get('/v1/languages?lang=fr&per_page=2')
    t.equal(fr.headers['content-language'], 'fr')
    t.strictSame(fr.json().contents.map((l: { label: string }) => l.label), ['Néerlandais', 'Français'])
    t.equal(fr.json().total_pages, 13)
  })

  t.test('one role: its kind, meaning, phases and how many published offers involve it', async (t) => {
    const res = await get('/v1/roles/vroedvrouw?lang=en')
    t.equal(res.statusCode, 200)
    t.match(res.json(), {
      code: 'vroedvrouw', kind: 'professioneel', label: 'Midwife', phases: ['zwangerschap', 'bevalling', 'kraamperiode', 'baby'], offer_count: 7
    })
    t.type(res.json().description, 'string')
    const informal = (await get('/v1/roles/grootouder')).json()
    t.equal(informal.kind, 'informeel')
    t.equal(informal.offer_count, 1)
    t.equal(informal.setting, null)
    const missing = await get('/v1/roles/astronaut')
    t.equal(missing.statusCode, 404)
    t.equal(missing.headers['content-type'], 'application/problem+json; charset=utf-8')
  })
})
