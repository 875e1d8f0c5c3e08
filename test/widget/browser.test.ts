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

/** A partner's page on another origin: the two lines of the embed snippet, with the attributes given. */
function hostPage (api: string, widgets: string[], lang = 'nl'): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
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

type Json = Record<string, unknown> & { contents: Array<Record<string, unknown>>, facets?: Record<string, unknown> }

/**
 * Answers of /v1/offers and /v1/offers/{id} as the API gives them, changed by `list` and `detail` first: they add
 * the first-step fields (contact, opening state, intake, notice) where the API does not send them yet, and facets it does not count.
 */
async function changeAnswers (page: Page, list: (body: Json) => void, detail: (body: Record<string, unknown>) => void): Promise<void> {
  await page.route((url) => url.pathname.startsWith('/v1/offers'), async (route) => {
    const response = await route.fetch()
    const body = await response.json() as Json
    if (new URL(route.request().url()).pathname === '/v1/offers') list(body)
    else detail(body)
    await route.fulfill({ response, json: body })
  })
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
      if (document.querySelector('pimh-finder')?.shadowRoot?.querySelector('ol.results > li')) (window as unknown as { firstResults: number }).firstResults = performance.now()
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
    await page.locator('pimh-finder ol.results > li').first().waitFor()
    const ms = await page.evaluate(() => (window as unknown as { firstResults: number }).firstResults)
    const first = requests.filter((url) => !url.startsWith('data:'))
    const timings = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => `${new URL(e.name).pathname} ${Math.round(e.startTime)}–${Math.round((e as PerformanceResourceTiming).responseEnd)} ms`))
    t.comment(`load to first results: ${Math.round(ms)} ms (${timings.join('; ')}); requests: ${first.map((url) => url.replace(api, 'API').replace(site, 'SITE')).join(', ')}`)
    t.strictSame(first.map((url) => new URL(url).pathname.replace(/\.[0-9a-f]{12}\.js$/, '.HASH.js')),
      ['/', '/widget/v1/finder.js', '/widget/v1/finder.HASH.js', '/v1/offers'], 'the page, the entry, the bundle and one search (with its facets)')
    t.ok(first.every((url) => url.startsWith(api) || url.startsWith(site)), 'no third-party request')
    t.match(await page.locator('pimh-finder .help').innerText(), /Hulp nodig nu\?[\s\S]*1712[\s\S]*1813[\s\S]*106/)
    t.equal(await page.locator('pimh-finder ol.results > li').count(), 5, 'page-size=5')
    t.match(await status(page).innerText(), /^\d+ aanbiedingen gevonden$/)
    await page.getByRole('button', { name: /^Meer resultaten/ }).click()
    await page.locator('pimh-finder ol.results > li').nth(5).waitFor()
    t.equal(await page.locator('pimh-finder ol.results > li').count(), 10, '"more results" adds the next page')
    t.equal(await focused(page), await page.locator('pimh-finder ol.results > li button').nth(5).getAttribute('id'), 'and moves focus to the first new one')
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
    // A question the strict reading answers (nothing relaxed): without its place it can only find more.
    await page.locator('pimh-finder input').fill('postpartum depressie Gent')
    await page.keyboard.press('Enter')
    const chip = page.getByRole('button', { name: 'Verwijder: Gent' })
    await chip.waitFor()
    await settled(page)
    t.strictSame((await page.locator('pimh-finder ul[aria-labelledby=read-as] button').allInnerTexts()).map((text) => text.replace(/\s*×\s*$/, '')),
      ['Postnatale depressie', 'Gent'], 'the question read as two chips')
    await shoot(page, 'onebox-1280')
    const read = await total(page)
    await chip.click()
    await page.waitForFunction(() => document.querySelector('pimh-finder')?.shadowRoot?.querySelector('input')?.value === 'postpartum depressie')
    await settled(page)
    t.ok(await total(page) > read, `removing the chip "Gent" from the box widens: ${read} → ${await total(page)}`)
    t.equal(await chip.count(), 0, 'and the chip is gone')
  })

  await t.test('a typed question shows results, and the search is in the URL', async (t) => {
    await page.locator('pimh-finder input').fill('vroedvrouw')
    await page.keyboard.press('Enter')
    await page.waitForFunction(() => location.hash.includes('q=vroedvrouw'))
    await page.locator('pimh-finder ol.results > li').first().waitFor()
    t.ok(await total(page) > 0, await status(page).innerText())
  })

  await t.test('autocomplete by keyboard', async (t) => {
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
    await page.locator('pimh-finder ol.results > li').first().waitFor()
    await page.locator('pimh-finder details.filters summary').click()
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 900 })
      t.strictSame(await axeViolations(page), [], `search view at ${width} px`)
      await shoot(page, `search-${width}`)
      const opener = page.locator('pimh-finder ol.results > li button').nth(1)
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
    await fr.locator('pimh-finder ol.results > li').first().waitFor()
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
    await widget(0).locator('ol.results > li').first().waitFor()
    t.match(await widget(0).locator('[role=alert]').allInnerTexts(), [/page-size="500" wordt niet herkend/, /region="XX" wordt niet herkend/], 'bad settings named; the search runs without them')
    await widget(1).locator('[role=alert]').waitFor()
    t.match(await widget(1).locator('[role=alert]').innerText(), /De zoekdienst is nu niet bereikbaar/)
    await widget(2).locator('[role=alert]').waitFor()
    t.match(await widget(2).locator('[role=alert]').innerText(), /Er wordt nu heel veel gezocht/)
    t.strictSame(await axeViolations(page, [['pimh-finder', '.alert']]), [], 'error messages pass axe too')
    await shoot(page, 'errors')
    await page.close()
  })

  await t.test('results show the first contact, whether open now, intake, a notice and the first step', async (t) => {
    const soon = new Date(Date.now() + 2 * 24 * 3600_000)
    soon.setUTCHours(8, 0, 0, 0)
    const availability = [
      {
        contact: { name: 'Onthaal', phone: '09 123 45 67', email: 'onthaal@example.org', website: 'https://example.org/onthaal' },
        first_step: 'Bel voor een intakegesprek', open_now: true, next_open: null, temporarily_closed: false, alert: null,
        accepting_new: { code: 'yes', label: 'Neemt nieuwe gezinnen aan', wait_weeks: null, confirmed_at: null }
      },
      {
        contact: { name: null, phone: null, email: 'info@example.org', website: null }, first_step: null, open_now: false, next_open: soon.toISOString(),
        accepting_new: { code: 'waiting_list', label: 'Wachtlijst', wait_weeks: 6, confirmed_at: null }, temporarily_closed: false,
        alert: { text: 'Verhuist in januari naar een nieuw adres', until: '2027-01-31' }
      },
      { contact: null, first_step: null, open_now: false, next_open: null, temporarily_closed: true, alert: null, accepting_new: { code: 'no', label: 'Geen nieuwe gezinnen', wait_weeks: null, confirmed_at: null } },
      { contact: null, first_step: null, open_now: null, next_open: null, temporarily_closed: false, alert: null, accepting_new: null },
      { contact: null, first_step: null, open_now: false, next_open: null, temporarily_closed: false, alert: null, accepting_new: null }
    ]
    pages.set('/first-step', hostPage(api, ['lang="nl" phase="zwangerschap" page-size="5"']))
    const page = await browser.newPage()
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`))
    await changeAnswers(page, (body) => {
      body.contents.forEach((item, n) => Object.assign(item, availability[n] ?? {}))
      if (body.facets) {
        Object.assign(body.facets, {
          role: [{ code: 'vroedvrouw', label: 'Vroedvrouw', count: 4 }],
          referral: [{ code: 'none', label: 'Geen verwijzing nodig', count: 7 }, { code: 'required', label: 'Verwijzing nodig', count: 2 }],
          crisis: [{ code: 'true', label: 'Ja', count: 3 }, { code: 'false', label: 'Nee', count: 9 }]
        })
      }
    }, (body) => Object.assign(body, availability[1], {
      contact: availability[0]!.contact,
      always_open: false, open_on_holidays: false,
      opening_hours: [{ weekday: 2, opens: '09:00', closes: '17:00', location_id: null, note: null }],
      hours_exceptions: [
        { from: '2026-12-24', to: '2027-01-01', closed: true, opens: null, closes: null, note: 'Kerstvakantie' },
        { from: '2027-02-14', to: '2027-02-14', closed: false, opens: '09:00', closes: '12:00', note: null }
      ]
    }))
    await page.goto(`${site}/first-step`)
    const items = page.locator('pimh-finder ol.results > li')
    await items.first().waitFor()
    const first = items.nth(0)
    t.strictSame(await first.locator('.contacts a').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).getAttribute('href'))),
      ['tel:091234567', 'mailto:onthaal@example.org', 'https://example.org/onthaal'], 'the first contact: phone, e-mail, website as links')
    t.match(await first.innerText(), /Nu open[\s\S]*Neemt nieuwe gezinnen aan[\s\S]*Eerste stap: Bel voor een intakegesprek[\s\S]*Contact\s+Onthaal\s+Bel 09 123 45 67/)
    const second = await items.nth(1).innerText()
    t.match(second, /Let op: Verhuist in januari naar een nieuw adres \(tot 31 januari 2027\)/, 'a notice, with its end')
    t.match(second, /Opent \S+ \d{1,2}:00/, 'when it opens next, as a weekday and time')
    t.match(second, /Wachtlijst \(ongeveer 6 weken wachten\)/)
    t.strictSame(await items.nth(1).locator('.contacts a').evaluateAll((links) => links.map((a) => a.getAttribute('href'))), ['mailto:info@example.org'])
    t.strictSame(await items.nth(2).locator('.facts li').allInnerTexts(), ['Tijdelijk gesloten', 'Geen nieuwe gezinnen'])
    t.equal(await items.nth(2).locator('dt', { hasText: 'Contact' }).count(), 0, 'no contact known: no contact line')
    t.equal(await items.nth(3).locator('.facts, .notice, .first-step').count(), 0, 'nothing known: nothing said (never "closed")')
    t.strictSame(await items.nth(4).locator('.facts li').allInnerTexts(), ['Nu gesloten'], 'closed, with no next opening known')

    await page.locator('pimh-finder details.filters summary').click()
    t.strictSame(await page.locator('pimh-finder details.filters legend').allInnerTexts(),
      ['Fase', 'Soort hulp', 'Hulpverlener', 'Taal', 'Hoe', 'Kosten', 'Verwijzing', 'Crisis'], 'a chip group for every facet')
    t.strictSame(await page.locator('pimh-finder details.filters fieldset').last().locator('button').allInnerTexts(), ['Crisishulp of snelle intake (3)'], 'crisis: only "yes", counted')
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 900 })
      t.strictSame(await axeViolations(page), [], `results with contact and availability at ${width} px`)
      await shoot(page, `first-step-${width}`)
    }
    const role = page.waitForRequest((request) => new URL(request.url()).searchParams.get('role') === 'vroedvrouw')
    await page.getByRole('button', { name: 'Vroedvrouw (4)' }).click()
    await role
    await page.getByRole('button', { name: 'Verwijder: Vroedvrouw' }).waitFor()
    t.pass('a support-figure chip filters by role and shows as a removable chip')

    await page.setViewportSize({ width: 1280, height: 900 })
    await items.first().waitFor()
    await page.locator('pimh-finder ol.results > li button.quiet').first().click()
    await page.locator('pimh-finder #detail-title').waitFor()
    const detail = await page.locator('pimh-finder .detail').innerText()
    t.match(detail, /Let op: Verhuist in januari[\s\S]*Opent \S+ \d{1,2}:00[\s\S]*Wachtlijst/)
    t.match(detail, /Openingsuren\s+Gesloten op feestdagen\.\s+dinsdag\s+09:00–17:00/)
    t.match(detail, /Afwijkende dagen[\s\S]*: gesloten \(Kerstvakantie\)[\s\S]*: 09:00–12:00/, 'the days the hours do not hold')
    t.equal(await page.locator('pimh-finder .detail .contacts a').first().getAttribute('href'), 'tel:091234567', 'the first contact comes first')
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 900 })
      t.strictSame(await axeViolations(page), [], `detail with availability at ${width} px`)
      await shoot(page, `first-step-detail-${width}`)
    }
    await page.close()
  })

  await t.test('texts given in Dutch on a French widget carry lang="nl"', async (t) => {
    pages.set('/fallbacks', hostPage(api, ['lang="fr" phase="zwangerschap"'], 'fr'))
    const page = await browser.newPage()
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`))
    let list: Json | undefined
    await changeAnswers(page, (body) => {
      const first = body.contents[0]!
      // A first step and a notice only in Dutch; the names and descriptions that fell back are the sample's own.
      Object.assign(first, { first_step: 'Bel voor een intakegesprek', alert: { text: 'Verhuist in januari', until: null } })
      first.text_fallbacks = { ...first.text_fallbacks as object, first_step: 'nl', 'alert.text': 'nl' }
      list = body
    }, (body) => { body.always_open = true })
    await page.goto(`${site}/fallbacks`)
    const items = page.locator('pimh-finder ol.results > li')
    await items.first().waitFor()
    const fallbacks = list!.contents.map((item) => item.text_fallbacks as Record<string, string>)
    t.ok(fallbacks.some((f) => f.description === 'nl'), 'the sample has offers without a French description')
    const marked = await items.evaluateAll((lis) => lis.map((li) => ({
      name: li.querySelector('h3 [lang]')?.getAttribute('lang') ?? null,
      description: li.querySelector('.desc [lang]')?.getAttribute('lang') ?? null,
      organisation: li.querySelector('.org [lang]')?.getAttribute('lang') ?? null
    })))
    t.strictSame(marked, fallbacks.map((f) => ({ name: f.name ?? null, description: f.description ?? null, organisation: f['organisation.name'] ?? null })),
      'each text named in text_fallbacks is marked with its language, the others are not')
    t.strictSame(await items.first().locator('.first-step [lang], .notice [lang]').evaluateAll((spans) => spans.map((s) => [s.getAttribute('lang'), s.textContent])),
      [['nl', 'Verhuist in januari'], ['nl', 'Bel voor een intakegesprek']])
    t.strictSame(await axeViolations(page), [], 'valid lang attributes (axe)')
    await page.locator('pimh-finder details.filters summary').click()
    t.match(await page.locator('pimh-finder details.filters').innerText(), /Orientation\s+Sans orientation \(\d+\)[\s\S]*Crise\s+Aide de crise ou accueil rapide \(\d+\)/,
      'referral and crisis chips, with their counts, in French')
    const n = fallbacks.findIndex((f) => f.name === 'nl')
    await items.nth(n).locator('button.quiet').click()
    await page.locator('pimh-finder #detail-title').waitFor()
    t.equal(await page.locator('pimh-finder #detail-title [lang]').getAttribute('lang'), 'nl', 'the detail marks its Dutch name too')
    t.match(await page.locator('pimh-finder .detail').innerText(), /Heures d’ouverture\s+Ouvert jour et nuit/, 'a line open around the clock says so')
    await page.close()
  })

  await t.test('the crisis strip names the lines each language\'s readers can call', async (t) => {
    pages.set('/help', hostPage(api, ['lang="nl"', 'lang="fr"', 'lang="en"']))
    const page = await browser.newPage()
    await page.goto(`${site}/help`)
    const lines = (n: number) => page.locator('pimh-finder').nth(n).locator('.help a').evaluateAll((links) => links.map((a) => `${a.textContent} ${a.getAttribute('href')}`))
    await page.locator('pimh-finder').nth(2).locator('.help a').first().waitFor()
    const national = ['112 tel:112', '1712 tel:1712', '1813 tel:1813', '106 tel:106']
    t.strictSame(await lines(0), national, 'nl')
    t.strictSame(await lines(1), [...national, '107 tel:107', '0800 32 123 tel:080032123', '0800 30 030 tel:080030030'],
      'fr: also Télé-Accueil, the Centre de prévention du suicide and Écoute violences conjugales, in French')
    t.strictSame(await lines(2), national, 'en')
    t.match(await page.locator('pimh-finder').nth(1).locator('.help').innerText(), /1712[^\n]*néerlandais[\s\S]*107[^\n]*français/, 'fr says which lines speak Dutch')
    await page.close()
  })

  await t.test('attributes preset region, phase, care type and language', async (t) => {
    pages.set('/presets', hostPage(api, ['lang="en" region="BE-BRU" phase="zwangerschap" care-type="ggz" language="fr"']))
    const page = await browser.newPage()
    const asked = page.waitForRequest((request) => new URL(request.url()).pathname === '/v1/offers')
    await page.goto(`${site}/presets`)
    const params = new URL((await asked).url()).searchParams
    t.strictSame(['region', 'phase', 'care_type', 'language'].map((p) => params.get(p)), ['BE-BRU', 'zwangerschap', 'ggz', 'fr'])
    await page.locator('pimh-finder [role=status]').filter({ hasText: /found/ }).waitFor()
    t.equal(await page.locator('pimh-finder ul[aria-labelledby=chosen] li').count(), 4, 'each preset a removable chip')
    await page.close()
  })

  await t.test('errors on a French and on an English page speak its language', async (t) => {
    for (const [lang, down, busy, setting] of [
      ['fr', /Le service de recherche est injoignable/, /Beaucoup de recherches en ce moment/, /region="XX" n’est pas reconnu/],
      ['en', /The search service cannot be reached/, /Many people are searching right now/, /region="XX" is not recognised/]
    ] as const) {
      pages.set(`/errors-${lang}`, hostPage(api, ['api="http://127.0.0.1:9/" phase="baby"', `api="${api}/busy/" phase="baby"`, 'region="XX"'], lang))
      const page = await browser.newPage()
      await page.route((url) => url.pathname.startsWith('/busy/'), (route) => route.fulfill({ status: 429, headers: { 'access-control-allow-origin': '*', 'content-type': 'application/problem+json' }, body: '{"status":429}' }))
      await page.goto(`${site}/errors-${lang}`)
      const alert = (n: number) => page.locator('pimh-finder').nth(n).locator('[role=alert]')
      await alert(0).waitFor()
      t.match(await alert(0).innerText(), down, `${lang}: API down`)
      await alert(1).waitFor()
      t.match(await alert(1).innerText(), busy, `${lang}: 429`)
      await alert(2).waitFor()
      t.match(await alert(2).innerText(), setting, `${lang}: a bad attribute`)
      t.ok(await alert(0).locator('button').isVisible(), `${lang}: with a button to try again`)
      await page.close()
    }
  })

  t.strictSame(problems, [], 'no script errors')
})
