// The shared parts of the contract: what completeDocument adds to the generated document, and the answers every route documents.
import type { RouteOptions } from 'fastify'
import t from 'tap'
import { z } from 'zod'
import { completeDocument, documentedPath } from '../../src/http/openapi-document.js'
import { setup } from '../helpers/app.js'

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` })

t.test('completeDocument: headers, explicit security, integer formats, UUID lengths, declared tags, pruned components', async (t) => {
  const done = completeDocument({
    openapi: '3.1.0',
    paths: {
      '/a': {
        parameters: [],
        get: {
          tags: ['other', 'known', 'another'],
          responses: {
            200: { description: 'ok', headers: { 'X-Own': { $ref: '#/components/headers/X-Own' } }, content: { 'application/json': { schema: ref('Used') } } },
            201: { description: 'ids', content: { 'application/json': { schema: ref('Ids') } } },
            304: { description: 'not modified' },
            503: { description: 'later' }
          }
        },
        post: { security: [{ apiKey: [] }] }
      },
      '/scope/': { get: { responses: {} } }
    },
    components: {
      schemas: {
        Used: { type: 'object', properties: { n: { type: 'integer', minimum: 0, maximum: 100 }, big: { type: 'integer' }, maybe: { type: ['integer', 'null'], minimum: -5, maximum: 5 }, kept: { type: 'integer', format: 'int64', maximum: 1 }, child: ref('Child') } },
        Child: { type: 'array', items: { type: 'integer', minimum: 0, maximum: 2 ** 31 } },
        Ids: { type: 'object', properties: { id: { type: 'string', format: 'uuid' }, other: { type: ['string', 'null'], format: 'uuid', maxLength: 40 }, text: { type: 'string' } } },
        Unused: { type: 'string' }
      },
      headers: { 'X-Own': { schema: { type: 'string' } }, 'X-Unused': { schema: { type: 'string' } } },
      securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' }, other: { type: 'http', scheme: 'basic' } }
    }
  }, { known: 'A described tag' }) as any
  const get = done.paths['/a'].get
  t.strictSame(get.security, [], 'an operation without security is explicitly public')
  t.strictSame(done.paths['/a'].post.security, [{ apiKey: [] }], 'declared security is kept')
  t.strictSame(Object.keys(get.responses[200].headers).sort(), ['Access-Control-Allow-Origin', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'X-Own'])
  t.strictSame(Object.keys(get.responses[304].headers).sort(), ['Access-Control-Allow-Origin', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'], 'a 304 is announced too (it costs nothing)')
  t.strictSame(Object.keys(get.responses[503].headers).sort(), ['Access-Control-Allow-Origin', 'Retry-After'])
  const used = done.components.schemas.Used.properties
  t.strictSame([used.n.format, used.big.format, used.maybe.format, used.kept.format], ['int32', 'int64', 'int32', 'int64'])
  t.equal(done.components.schemas.Child.items.format, 'int64', '2^31 does not fit int32')
  t.strictSame(done.components.schemas.Ids.properties, { id: { type: 'string', format: 'uuid', maxLength: 36 }, other: { type: ['string', 'null'], format: 'uuid', maxLength: 40 }, text: { type: 'string' } }, 'a UUID is 36 characters')
  t.strictSame(Object.keys(done.components.schemas).sort(), ['Child', 'Ids', 'Used'], 'unreferenced schemas are left out')
  t.strictSame(Object.keys(done.components.headers).sort(), ['Access-Control-Allow-Origin', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'Retry-After', 'X-Own'])
  t.strictSame(Object.keys(done.components.securitySchemes), ['apiKey'])
  t.strictSame(done.tags, [{ name: 'known', description: 'A described tag' }, { name: 'another' }, { name: 'other' }], 'described tags in their order, then the others by name')
  t.strictSame(Object.keys(done.paths), ['/a', '/scope'], 'a scope\'s root is documented without its trailing slash')
  t.strictSame(['/v1/regions/:code', '/hsds/', '/'].map(documentedPath), ['/v1/regions/{code}', '/hsds', '/'])
  t.strictSame(completeDocument({ openapi: '3.1.0' }), { openapi: '3.1.0', components: {}, tags: [] }, 'a document without paths keeps no component')
})

t.test('every route documents the shared answers it can give', async (t) => {
  const routes: RouteOptions[] = []
  await setup(t, {
    sample: false,
    extend: async (app) => {
      app.addHook('onRoute', (route) => { routes.push(route) })
      const typed = app.withTypeProvider()
      typed.post('/test/keyed', { schema: { hide: true, security: [{ apiKey: [] }], body: z.object({ a: z.string().max(1) }), response: { 201: z.object({}) } } }, async () => ({}))
      typed.get('/test/optional-key', { schema: { hide: true, security: [{}, { apiKey: [] }], response: { 200: z.object({}) } } }, async () => ({}))
      typed.get('/test/undocumented', { schema: { hide: true } }, async () => ({}))
    }
  })
  const statuses = (method: string, url: string) => {
    const response = (routes.find((r) => r.method === method && r.url === url)?.schema as { response?: object } | undefined)?.response
    return response === undefined ? undefined : Object.keys(response).sort()
  }
  t.strictSame(statuses('POST', '/test/keyed'), ['201', '400', '401', '403', '404', '413', '415', '429', '500', '503'], 'a keyed route with a body')
  t.strictSame(statuses('GET', '/test/optional-key'), ['200', '400', '401', '403', '404', '429', '500', '503'], 'an optional key can still be a bad one')
  t.strictSame(statuses('GET', '/v1/phases'), ['200', '304', '400', '404', '429', '500', '503'], 'a public read: 304 too')
  t.strictSame(statuses('GET', '/health'), ['200', '400', '404', '429', '500', '503'], 'no ETag outside the public scope: no 304')
  t.equal(statuses('GET', '/test/undocumented'), undefined, 'a route that declares no answers is left alone')
})
