// /docs in a real browser (headless Chromium): every operation is listed, and "Try it out" → Execute shows a 200.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import t from 'tap'
import { setup } from '../helpers/app.js'
import { operations } from '../helpers/contract.js'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
/** The operation the test tries out: GET /v1/offers (searchOffers), the directory's search. */
const TRY = { tag: 'offers', operationId: 'searchOffers' }
const ARTIFACTS = new URL('../artifacts/', import.meta.url)

t.test('the documentation page lists every operation and runs one', { skip: existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM} (apt-get install chromium)` }, async (t) => {
  const { app } = await setup(t)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`
  const profile = mkdtempSync(join(tmpdir(), 'pimh-chromium-'))
  t.teardown(() => rmSync(profile, { recursive: true, force: true }))
  // A fresh profile, and no background traffic: the machine has no outside network.
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
  })
  t.teardown(() => browser.close())
  const page = await browser.newPage()
  const problems: string[] = []
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`))
  page.on('console', (message) => { if (message.type() === 'error') problems.push(`console: ${message.text()}`) })

  await page.goto(`${base}/docs`)
  await page.locator('.opblock').first().waitFor()
  const listed = await page.locator('.opblock').evaluateAll((blocks) => blocks.map((b) => b.id))
  const expected = operations.map((o) => `operations-${(o as { tags?: string[] }).tags?.[0]}-${o.operationId}`)
  t.strictSame([...listed].sort(), [...expected].sort(), `${listed.length} operations listed`)

  const block = page.locator(`#operations-${TRY.tag}-${TRY.operationId}`)
  await block.locator('.opblock-summary').click()
  // uiConfig.tryItOutEnabled opens operations in "Try it out" mode already; the button then reads "Cancel".
  const tryOut = block.locator('button.try-out__btn')
  if ((await tryOut.innerText()).trim() === 'Try it out') await tryOut.click()
  await block.locator('button.execute').click()
  const status = block.locator('.live-responses-table .response .response-col_status').first()
  await status.waitFor()
  t.equal((await status.innerText()).trim(), '200', 'the call made from the page answered 200')
  t.match(await block.locator('.live-responses-table .response-col_description pre').first().innerText(), /"total_items"/, 'and the page shows the body')

  mkdirSync(ARTIFACTS, { recursive: true })
  const screenshot = new URL('docs.png', ARTIFACTS)
  await page.screenshot({ path: screenshot.pathname, fullPage: true })
  t.ok(existsSync(screenshot), `screenshot in ${screenshot.pathname}`)
  t.strictSame(problems, [], 'no script errors on the page')
})
