// What a newcomer meets first: GET / with the links to start from, /docs with the public operations first, one version number.
import { readFileSync } from 'node:fs'
import t from 'tap'
import { setup } from '../helpers/app.js'
import { spec } from '../helpers/contract.js'

const packageVersion = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version
const document = spec as unknown as { info: { title: string, version: string }, tags: Array<{ name: string }> }

t.test('GET / names the service and links to the docs, the contract, the search, HSDS and the widget', async (t) => {
  const { app } = await setup(t, { sample: false })
  const res = await app.inject('/')
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /^application\/json/)
  const body = res.json()
  t.equal(body.name, document.info.title)
  t.equal(body.version, packageVersion)
  t.match(body.description, /Parent Infant Mental Health/)
  t.strictSame(body.links, { docs: '/docs', openapi: '/openapi.yaml', offers: '/v1/offers', hsds: '/hsds/', widget: '/widget/' })
  for (const link of ['/docs', '/openapi.yaml', '/v1/offers', '/hsds/']) {
    const target = await app.inject(link)
    t.ok([200, 302].includes(target.statusCode), `${link} answers (${target.statusCode})`)
  }
})

t.test('one version number: package.json and the contract agree', async (t) => {
  t.equal(document.info.version, packageVersion, 'set the same version in package.json and src/http/openapi.ts (API_VERSION)')
})

t.test('/docs lists the public operations first and curation last', async (t) => {
  t.strictSame(document.tags.map((tag) => tag.name), ['offers', 'regions', 'taxonomies', 'organisations', 'sync', 'hsds', 'meta', 'keys', 'reports', 'curation'])
  const { app } = await setup(t, { sample: false })
  const ui = await app.inject('/docs/static/swagger-initializer.js')
  t.equal(ui.statusCode, 200)
  t.notMatch(ui.body, /tagsSorter/, 'swagger-ui keeps the document\'s tag order')
  t.match(ui.body, /"?docExpansion"?\s*:\s*"list"/)
})
