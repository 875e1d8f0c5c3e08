// Findability over real data: one-box questions over the starter directory (test/fixtures/findability-starter.json).
import { readFileSync } from 'node:fs'
import t from 'tap'
import { loadDataset } from '../../src/datasets/load.js'
import { setup } from '../helpers/app.js'

type Question = { q: string, lang?: string, top5: string[], never: string[] }
const { questions } = JSON.parse(readFileSync(new URL('../fixtures/findability-starter.json', import.meta.url), 'utf8')) as { questions: Question[] }

t.test('the starter directory answers the questions people type', async (t) => {
  const { app } = await setup(t, { sample: false, before: (db) => { loadDataset(db, 'starter') } })
  t.ok(questions.length >= 25)
  for (const { q, lang, top5, never } of questions) {
    const res = await app.inject({ url: '/v1/offers', query: { q, per_page: '100', ...(lang ? { lang } : {}) } })
    t.equal(res.statusCode, 200, q)
    const slugs = (res.json().contents as Array<{ slug: string }>).map((o) => o.slug)
    t.strictSame(top5.filter((s) => !slugs.slice(0, 5).includes(s)), [], `${q}: in the first five (got ${slugs.slice(0, 5).join(', ')})`)
    t.strictSame(never.filter((s) => slugs.includes(s)), [], `${q}: never`)
  }
})
