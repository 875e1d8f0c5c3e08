// Inventory (OWASP API9): openapi.yaml is generated from the routes, and the routes and the documented operations are the same set.
import type { RouteOptions } from 'fastify'
import { readFileSync } from 'node:fs'
import t from 'tap'
import { setup } from '../helpers/app.js'
import { documentedPath } from '../../src/http/openapi-document.js'
import { operations, SPEC_FILE } from '../helpers/contract.js'

t.test('openapi.yaml is what the routes generate', async (t) => {
  const { app } = await setup(t, { sample: false })
  t.equal(app.swagger({ yaml: true }), readFileSync(SPEC_FILE, 'utf8'), 'run `npm run openapi` and commit openapi.yaml')
})

t.test('every registered route is documented, and every documented operation is registered', async (t) => {
  const routes: RouteOptions[] = []
  await setup(t, { sample: false, extend: (app) => { app.addHook('onRoute', (route) => { routes.push(route) }) } })
  const hidden = (route: RouteOptions) => (route.schema as { hide?: boolean } | undefined)?.hide === true
  const registered = routes
    // HEAD routes are Fastify's automatic twins of the GETs; hidden OPTIONS routes answer CORS preflights; /docs is the UI;
    // /widget serves the embeddable search's script and demo page (files for browsers, versioned by URL, not JSON operations).
    .filter((route) => route.method !== 'HEAD' && !(hidden(route) && (route.method === 'OPTIONS' || /^\/(docs|widget)(\/|$)/.test(route.url))))
    .map((route) => `${String(route.method)} ${documentedPath(route.url)}`)
  const documented = operations.map((o) => `${o.method} ${o.path}`)
  t.strictSame([...registered].sort(), [...documented].sort())
})

t.test('every operation is named, tagged and summarised; keyed paths declare their key', async (t) => {
  const ids = operations.map((o) => o.operationId)
  t.strictSame(ids.filter((id, i) => ids.indexOf(id) !== i), [], 'operationIds are unique')
  t.strictSame(ids.filter((id) => !/^[a-z][a-zA-Z0-9]+$/.test(id)), [], 'operationIds are camelCase')
  const raw = operations as Array<typeof operations[number] & { tags?: string[], summary?: string }>
  t.strictSame(raw.filter((o) => !o.tags?.length || !o.summary).map((o) => o.operationId), [], 'tags and summary')
  // API.md: curation and export take a key; the rest is public.
  const keyed = operations.filter((o) => /^\/v1\/(admin|export)(\/|$)/.test(o.path))
  t.strictSame(keyed.filter((o) => !o.security?.some((r) => Object.keys(r).length > 0)).map((o) => o.operationId), [], '/v1/admin and /v1/export operations require a key')
})
