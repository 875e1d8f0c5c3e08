// Findability: one-box questions from a fixture file, asked of GET /v1/offers over a dataset. Each question names the
// offers (slugs) that must come in the first five and those that must not appear at all.
import { readFileSync } from 'node:fs'
import type { Test } from 'tap'
import type { Db } from '../../src/db/client.js'
import { setup } from './app.js'

export type Findability = {
  about: string
  questions: Array<{ q: string, lang?: 'nl' | 'fr' | 'en', top5: string[], absent: string[] }>
}

/** Asks every question of the fixture; `load` fills the database (default: the sample directory). */
export async function findability (t: Test, fixture: URL, load?: (db: Db) => void) {
  const { questions } = JSON.parse(readFileSync(fixture, 'utf8')) as Findability
  const { app, db } = await setup(t, { sample: load === undefined })
  load?.(db)
  for (const question of questions) {
    const res = await app.inject({ url: '/v1/offers', query: { q: question.q, lang: question.lang ?? 'nl', per_page: '100' } })
    t.equal(res.statusCode, 200, question.q)
    const found = (res.json().contents as Array<{ slug: string }>).map((o) => o.slug)
    const first = found.slice(0, 5)
    for (const slug of question.top5) t.ok(first.includes(slug), `${question.q}: ${slug} in the first five`, { got: first })
    for (const slug of question.absent) t.notOk(found.includes(slug), `${question.q}: never ${slug}`, { got: found })
  }
  return questions.length
}
