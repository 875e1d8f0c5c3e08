// The widget's files as the API serves them: versioned URLs, caching, CORS, the size budget, and a bundle that matches its source.
import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import t from 'tap'
import { BUNDLE_FILE, bundleWidget } from '../../src/widget/bundle.js'
import { setup } from '../helpers/app.js'

/** The budget for the whole widget, gzip-compressed. */
const BUDGET_GZIP = 35 * 1024

t.test('the committed bundle is what the source builds, and within the size budget', async (t) => {
  const committed = readFileSync(BUNDLE_FILE, 'utf8')
  t.ok(await bundleWidget() === committed, 'src/widget/assets/finder.js is up to date (run `npm run widget` after changing src/widget/*.ts)')
  const gzip = gzipSync(committed, { level: 9 }).length
  t.ok(gzip <= BUDGET_GZIP, `finder.js is ${gzip} bytes gzip (budget ${BUDGET_GZIP})`)
  t.notMatch(committed, /https?:\/\/(?!www\.openstreetmap\.org)[a-z]/i, 'no address of another site to call (the map link is one the user follows)')
})

t.test('the entry URL imports the bundle under its content hash; that URL is cached for good', async (t) => {
  const { app } = await setup(t, { sample: false })
  const entry = await app.inject({ url: '/widget/v1/finder.js', headers: { origin: 'https://partner.example' } })
  t.equal(entry.statusCode, 200)
  t.match(entry.headers, {
    'content-type': 'text/javascript; charset=utf-8', 'access-control-allow-origin': '*', 'cross-origin-resource-policy': 'cross-origin',
    'cache-control': 'public, max-age=300'
  })
  const [, version] = /^import "\.\/finder\.([0-9a-f]{12})\.js";\n$/.exec(entry.body) ?? []
  t.ok(version, `the entry is one import: ${entry.body}`)
  t.equal((await app.inject({ url: '/widget/v1/finder.js', headers: { 'if-none-match': entry.headers.etag as string } })).statusCode, 304, 'revalidates with a 304')

  const bundle = await app.inject({ url: `/widget/v1/finder.${version}.js` })
  t.equal(bundle.statusCode, 200)
  t.equal(bundle.body, readFileSync(BUNDLE_FILE, 'utf8'))
  t.match(bundle.headers, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=31536000, immutable', 'access-control-allow-origin': '*' })
  t.equal((await app.inject({ url: `/widget/v1/finder.${version}.js`, headers: { 'if-none-match': bundle.headers.etag as string } })).statusCode, 304)

  const outdated = await app.inject({ url: '/widget/v1/finder.000000000000.js' })
  t.strictSame([outdated.statusCode, outdated.headers['cache-control'], outdated.body === bundle.body], [200, 'public, max-age=300', true],
    'an entry cached before a release gets the current bundle, briefly cached')
})

t.test('the demo page embeds the widget in the language asked', async (t) => {
  const { app } = await setup(t, { sample: false })
  for (const slash of ['/widget/', '/widget']) {
    const page = await app.inject({ url: slash })
    t.equal(page.statusCode, 200, slash)
    t.equal(page.headers['content-type'], 'text/html; charset=utf-8')
    t.match(page.headers['content-security-policy'], /script-src 'self'/, 'a page\'s headers, not the API\'s')
    t.match(page.body, /<script type="module" src="\/widget\/v1\/finder\.js"><\/script>/)
    t.match(page.body, /<pimh-finder lang="nl"><\/pimh-finder>/)
  }
  t.match((await app.inject({ url: '/widget/?lang=fr' })).body, /<pimh-finder lang="fr">/)
  t.equal((await app.inject({ url: '/widget/?lang=de' })).statusCode, 400)
})

t.test('a refused public request is readable by a browser app on another site', async (t) => {
  const { app } = await setup(t, { sample: false, env: { RATE_LIMIT_PER_MINUTE: '1' } })
  await app.inject({ url: '/v1/offers' })
  const refused = await app.inject({ url: '/v1/offers', headers: { origin: 'https://partner.example' } })
  t.equal(refused.statusCode, 429)
  t.match(refused.headers, { 'access-control-allow-origin': '*', 'access-control-expose-headers': 'Retry-After' })
  const keyed = await app.inject({ url: '/v1/admin/keys', headers: { origin: 'https://partner.example' } })
  t.strictSame([keyed.statusCode, keyed.headers['access-control-allow-origin']], [429, undefined], 'keyed scopes stay closed to unknown origins')
})
