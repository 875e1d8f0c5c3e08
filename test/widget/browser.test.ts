// <pimh-finder> in a real Chromium, embedded by a page of another origin: search, autocomplete, chips, detail, French,
// errors, and axe-core's WCAG 2.2 AA rules at phone and desktop widths. Screenshots go to test/artifacts/.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Page } from 'playwright-core'
import t from 'tap'
import { setup } from '../helpers/app.js'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const ARTIFACTS = new URL('../artifacts/', import.meta.url)
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']

t.setTimeout(180_000)

/** A partner's page on another origin: the two lines of the embed snippet, with the attributes given. */
function hostPage (api: string, widgets: string[]): string {
  return `<!doctype html><html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Partner site</title><script type="module" src="${api}/widget/v1/finder.js"></script></head>
<body><main><h1>Hulp voor jonge gezinnen</h1>${widgets.map((attributes) => `<pimh-finder ${attributes}></pimh-finder>`).join('<hr>')}</main></body></html>`
}

/** axe-core's violations of the WCAG 2.2 AA rules, in the whole page or in the parts given (shadow-piercing selector lists). */
async function axeViolations (page: Page, include?: string[][]): Promise<string[]> {
  if (!await page.evaluate(() => 'axe' in window)) await page.addScriptTag({ content: AXE })
  return page.evaluate(async ({ tags, include }) => {
    const result = await (window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<{ violations: Array<{ id: string, nodes: Array<{ target: unknown }> }> }> } })
      .axe.run(include ? { include } : document, { runOnly: { type: 'tag', values: tags } })
    return result.violations.map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`)
  }, { tags: WCAG_22_AA, include })
}

const status = (page: Page, n = 0) => page.locator('pimh-finder').nth(n).locator('[role=status]')
/** Waits until the first widget's search has answered. */
const settled = (page: Page) => page.waitForFunction(() => {
  const text = document.querySelector('pimh-finder')?.shadowRoot?.querySelector('[role=status]')?.textContent?.trim() ?? ''
  return text !== '' && !text.includes('…')
})
const total = async (page: Page) => Number((await status(page).innerText()).match(/\d+/)?.[0] ?? NaN)
/** Which element has focus inside the widget's shadow root. */
const focused = (page: Page) => page.evaluate(() => {
  const active = document.querySelector('pimh-finder')?.shadowRoot?.activeElement
  return active ? (active.id || active.tagName.toLowerCase()) : null
})

t.test('the widget on a partner page', { skip: existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM}` }, async (t) => {
  const { app } = await setup(t)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const api = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`
  const hasSuggest = (await app.inject({ url: '/v1/suggest?q=ge' })).statusCode === 200
  const hasInterpretation = (await app.inject({ url: '/v1/offers?q=vroedvrouw%20Gent' })).json().interpretation !== undefined

  // The partner site: another host name and port than the API.
  const pages = new Map<string, string>()
  const host = createServer((request, response) => {
    const body = pages.get((request.url ?? '/').split('?')[0]!)
    response.writeHead(body === undefined ? 404 : 200, { 'content-type': 'text/html; charset=utf-8' }).end(body ?? '')
  })
  await new Promise<void>((resolve) => host.listen(0, 'localhost', resolve))
  t.teardown(() => new Promise<void>((resolve) => host.close(() => resolve())))
  const site = `http://localhost:${(host.address() as { port: number }).port}`

  const profile = mkdtempSync(join(tmpdir(), 'pimh-chromium-'))
  t.teardown(() => rmSync(profile, { recursive: true, force: true }))
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
  })
  t.teardown(() => browser.close())
  const problems: string[] = []
  const requests: string[] = []
  browser.on('request', (request) => requests.push(request.url()))
  // Records, in the page, when the first result is on screen (checked every frame).
  await browser.addInitScript(() => {
    const check = () => {
      if (document.querySelector('pimh-finder')?.shadowRoot?.querySelector('ol.results li')) (window as unknown as { firstResults: number }).firstResults = performance.now()
      else requestAnimationFrame(check)
    }
    requestAnimationFrame(check)
  })
  const open = async (path: string) => {
    const page = await browser.newPage()
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`))
    await page.goto(`${site}${path}`)
    return page
  }
  mkdirSync(ARTIFACTS, { recursive: true })
  const shoot = (page: Page, name: string, fullPage = true) => page.screenshot({ path: new URL(`widget-${name}.png`, ARTIFACTS).pathname, fullPage })

  pages.set('/', hostPage(api, ['lang="nl" phase="zwangerschap" page-size="5"']))
  const page = await open('/')

  await t.test('loads from another origin and shows the preset search', async (t) => {
    await page.locator('pimh-finder ol.results li').first().waitFor()
    const ms = await page.evaluate(() => (window as unknown as { firstResults: number }).firstResults)
    const first = requests.filter((url) => !url.startsWith('data:'))
    const timings = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => `${new URL(e.name).pathname} ${Math.round(e.startTime)}–${Math.round((e as PerformanceResourceTiming).responseEnd)} ms`))
    t.comment(`load to first results: ${Math.round(ms)} ms (${timings.join('; ')}); requests: ${first.map((url) => url.replace(api, 'API').replace(site, 'SITE')).join(', ')}`)
    t.strictSame(first.map((url) => new URL(url).pathname.replace(/\.[0-9a-f]{12}\.js$/, '.HASH.js')),
      ['/', '/widget/v1/finder.js', '/widget/v1/finder.HASH.js', '/v1/offers'], 'the page, the entry, the bundle and one search (with its facets)')
    t.ok(first.every((url) => url.startsWith(api) || url.startsWith(site)), 'no third-party request')
    t.match(await page.locator('pimh-finder .help').innerText(), /Hulp nodig nu\?[\s\S]*1712[\s\S]*1813[\s\S]*106/)
    t.equal(await page.locator('pimh-finder ol.results li').count(), 5, 'page-size=5')
    t.match(await status(page).innerText(), /^\d+ aanbiedingen gevonden$/)
    await page.getByRole('button', { name: /^Meer resultaten/ }).click()
    await page.locator('pimh-finder ol.results li').nth(5).waitFor()
    t.equal(await page.locator('pimh-finder ol.results li').count(), 10, '"more results" adds the next page')
    t.equal(await focused(page), await page.locator('pimh-finder ol.results li button').nth(5).getAttribute('id'), 'and moves focus to the first new one')
    t.equal(await page.evaluate(() => document.cookie), '', 'no cookies')
    t.equal(await page.evaluate(() => localStorage.length + sessionStorage.length), 0, 'nothing stored')
  })

  await t.test('removing a chip widens the result', async (t) => {
    const before = await total(page)
    await page.getByRole('button', { name: 'Verwijder: Zwangerschap' }).click()
    await page.waitForFunction((n) => {
      const text = document.querySelector('pimh-finder')?.shadowRoot?.querySelector('[role=status]')?.textContent ?? ''
      return Number(/\d+/.exec(text)?.[0]) > n
    }, before)
    t.ok(await total(page) > before, `${before} → ${await total(page)}`)
    t.equal(await focused(page), 'q', 'focus goes back to the box')
    if (hasInterpretation) {
      await page.locator('pimh-finder input').fill('vroedvrouw Gent')
      await page.keyboard.press('Enter')
      const chip = page.locator('pimh-finder ul[aria-labelledby=read-as] button').first()
      await chip.waitFor()
      const read = await total(page)
      const words = await chip.innerText()
      await chip.click()
      await page.waitForFunction(() => document.querySelector('pimh-finder')?.shadowRoot?.querySelector('input')?.value !== 'vroedvrouw Gent')
      await settled(page)
      t.ok(await total(page) >= read, `removing the chip "${words}" does not narrow: ${read} → ${await total(page)}`)
      t.notMatch(await page.locator('pimh-finder ul[aria-labelledby=read-as]').innerText().catch(() => ''), words.replace('×', '').trim(), 'and the chip is gone')
    }
  })

  await t.test('a typed question shows results, and the search is in the URL', async (t) => {
    await page.locator('pimh-finder input').fill('vroedvrouw')
    await page.keyboard.press('Enter')
    await page.waitForFunction(() => location.hash.includes('q=vroedvrouw'))
    await page.locator('pimh-finder ol.results li').first().waitFor()
    t.ok(await total(page) > 0, await status(page).innerText())
  })

  await t.test('autocomplete by keyboard', async (t) => {
    if (!hasSuggest) {
      // Until the API has /v1/suggest, an answer of its documented shape stands in for it.
      await page.route((url) => url.pathname === '/v1/suggest', (route) => route.fulfill({
        headers: { 'access-control-allow-origin': '*', 'content-type': 'application/json' },
        body: JSON.stringify({ contents: [
          { kind: 'place', code: '44021', label: 'Gent', detail: 'gemeente, Oost-Vlaanderen', count: 3, action: { param: 'region', value: '44021' } },
          { kind: 'place', code: '11002', label: 'Antwerpen', detail: 'gemeente, Antwerpen', count: 4, action: { param: 'region', value: '11002' } }
        ] })
      }))
    }
    const input = page.locator('pimh-finder input')
    await input.fill('')
    await input.pressSequentially('Gen', { delay: 30 })
    const options = page.locator('pimh-finder [role=option]')
    await options.first().waitFor()
    t.equal(await input.getAttribute('aria-expanded'), 'true')
    await page.keyboard.press('Escape')
    t.equal(await input.getAttribute('aria-expanded'), 'false', 'Escape closes the list')
    await input.pressSequentially('t', { delay: 30 })
    await options.first().waitFor()
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowUp')
    t.equal(await input.getAttribute('aria-activedescendant'), 'q-option-0')
    t.equal(await options.first().getAttribute('aria-selected'), 'true')
    const label = (await options.first().innerText()).split(' – ')[0]!.trim()
    await page.keyboard.press('Enter')
    await settled(page)
    const chips = await page.locator('pimh-finder .chips').allInnerTexts()
    t.ok(chips.some((text) => text.includes(label)) || await input.inputValue() === label, `"${label}" chosen as a filter chip or as the text`)
    t.equal(await focused(page), 'q', 'focus stays in the box')
  })

  await t.test('the detail opens and closes with focus restored, at 1280 and 375 px, with no axe violations', async (t) => {
    await page.goto(`${site}/`)
    await page.locator('pimh-finder ol.results li').first().waitFor()
    await page.locator('pimh-finder details.filters summary').click()
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 900 })
      t.strictSame(await axeViolations(page), [], `search view at ${width} px`)
      await shoot(page, `search-${width}`)
      const opener = page.locator('pimh-finder ol.results li button').nth(1)
      const id = await opener.getAttribute('id')
      await opener.press('Enter')
      await page.locator('pimh-finder #detail-title').waitFor()
      t.equal(await focused(page), 'detail-title', 'focus moves to the offer\'s title')
      t.match(await page.locator('pimh-finder .detail').innerText(), /Adres[\s\S]*Openingsuren[\s\S]*Toegankelijkheid[\s\S]*Verwijzing[\s\S]*(Laatst nagekeken|Nog niet nagekeken)/)
      t.match(page.url(), /offer=/, 'the open offer is in the URL')
      t.strictSame(await axeViolations(page), [], `detail view at ${width} px`)
      await shoot(page, `detail-${width}`)
      // Closed with its button at one width, with Escape at the other.
      if (width === 1280) await page.locator('pimh-finder .back').click()
      else await page.keyboard.press('Escape')
      await page.locator('pimh-finder ol.results').waitFor()
      t.equal(await focused(page), id, 'focus returns to the button that opened it')
      const [strip, button] = await page.evaluate((id) => {
        const root = document.querySelector('pimh-finder')!.shadowRoot!
        return [root.querySelector('.help')!.getBoundingClientRect().bottom, root.getElementById(id!)!.getBoundingClientRect().top]
      }, id)
      t.ok(button! >= strip!, `and it is not hidden under the help strip (${Math.round(button!)} ≥ ${Math.round(strip!)})`)
    }
  })

  await t.test('a shared link opens the same search, in French with lang=fr', async (t) => {
    const shared = new URL(page.url()).hash
    pages.set('/fr', hostPage(api, ['lang="fr" style="--pimh-color-primary: #5b2a86; --pimh-radius: 0"']))
    const fr = await open(`/fr${shared}`)
    await fr.locator('pimh-finder ol.results li').first().waitFor()
    t.match(await fr.locator('pimh-finder label.search').innerText(), 'Trouver de l’aide pour votre famille')
    t.match(await fr.locator('pimh-finder .help').innerText(), /Besoin d’aide maintenant/)
    t.match(await status(fr).innerText(), /offres? trouvées?/)
    t.strictSame(await fr.locator('pimh-finder button[type=submit]').evaluate((b) => [getComputedStyle(b).backgroundColor, getComputedStyle(b).borderRadius]),
      ['rgb(91, 42, 134)', '0px'], 'themed by the host page\'s custom properties')
    t.equal(await fr.evaluate(() => document.querySelector('pimh-finder')?.shadowRoot?.querySelector('div')?.getAttribute('lang')), 'fr')
    await fr.setViewportSize({ width: 320, height: 700 })
    t.ok(await fr.evaluate(() => document.documentElement.scrollWidth <= 320), 'no sideways scrolling at 320 px')
    await shoot(fr, 'fr-320', false)
    await fr.close()
  })

  await t.test('errors say what is wrong, in the page\'s language', async (t) => {
    pages.set('/errors', hostPage(api, [
      'region="XX" page-size="500"',
      `api="http://127.0.0.1:9/" phase="baby"`,
      `api="${api}/busy/" phase="baby"`
    ]))
    const page = await browser.newPage()
    await page.route((url) => url.pathname.startsWith('/busy/'), (route) => route.fulfill({ status: 429, headers: { 'access-control-allow-origin': '*', 'content-type': 'application/problem+json' }, body: '{"status":429}' }))
    await page.goto(`${site}/errors`)
    const widget = (n: number) => page.locator('pimh-finder').nth(n)
    await widget(0).locator('ol.results li').first().waitFor()
    t.match(await widget(0).locator('[role=alert]').allInnerTexts(), [/page-size="500" wordt niet herkend/, /region="XX" wordt niet herkend/], 'bad settings named; the search runs without them')
    await widget(1).locator('[role=alert]').waitFor()
    t.match(await widget(1).locator('[role=alert]').innerText(), /De zoekdienst is nu niet bereikbaar/)
    await widget(2).locator('[role=alert]').waitFor()
    t.match(await widget(2).locator('[role=alert]').innerText(), /Er wordt nu heel veel gezocht/)
    t.strictSame(await axeViolations(page, [['pimh-finder', '.alert']]), [], 'error messages pass axe too')
    await shoot(page, 'errors')
    await page.close()
  })

  t.strictSame(problems, [], 'no script errors')
})
