// The embeddable search widget: its script under a versioned URL, and a demo page at /widget/ that embeds it.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { FastifyReply } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { pageSecurityHeaders } from '../http/security-headers.js'
import { ContentLang } from '../text/schemas.js'

// The committed assets sit beside the source; from dist/widget/ the same relative path leads back to them.
const ASSETS = new URL('../../src/widget/assets/', import.meta.url)
const YEAR_S = 365 * 24 * 3600
/** How long the stable entry URL (and a bundle asked for under an outdated version) may be cached: a release reaches every site within this. */
const ENTRY_MAX_AGE_S = 300

const asset = (name: string) => readFileSync(new URL(name, ASSETS), 'utf8')

/** Hidden from openapi.yaml: these are files for browsers, versioned by their URL, not operations of the JSON API. */
const hidden = { hide: true }

export const widgetRoutes: FastifyPluginAsyncZod = async (app) => {
  const bundle = asset('finder.js')
  const version = createHash('sha256').update(bundle).digest('hex').slice(0, 12)
  // The stable URL sites embed is a one-line module that imports the bundle under its content hash, cached for good.
  const entry = `import "./finder.${version}.js";\n`
  const demo = asset('demo.html')

  app.addHook('onRequest', (_request, reply, done) => {
    // Module scripts load in CORS mode from any site, also from pages that require cross-origin resource opt-in.
    reply.header('access-control-allow-origin', '*')
    reply.header('cross-origin-resource-policy', 'cross-origin')
    done()
  })

  app.get('/widget/v1/finder.js', { schema: hidden }, async (request, reply) =>
    script(reply, entry, `"${version}"`, `public, max-age=${ENTRY_MAX_AGE_S}`, request.headers['if-none-match']))

  app.get('/widget/v1/finder.:version.js', { schema: { ...hidden, params: z.object({ version: z.string().max(64) }) } }, async (request, reply) =>
    // An entry cached before a release may still ask for the previous bundle: it gets the current one, briefly cached.
    script(reply, bundle, `"${version}"`, request.params.version === version ? `public, max-age=${YEAR_S}, immutable` : `public, max-age=${ENTRY_MAX_AGE_S}`,
      request.headers['if-none-match']))

  app.get('/widget/', {
    schema: { ...hidden, querystring: z.object({ lang: ContentLang.default('nl') }) },
    onRequest: pageSecurityHeaders
  }, async (request, reply) => {
    reply.header('cache-control', `public, max-age=${ENTRY_MAX_AGE_S}`)
    return reply.type('text/html; charset=utf-8').send(demo.replace('{{lang}}', request.query.lang))
  })
}

function script (reply: FastifyReply, body: string, etag: string, cacheControl: string, ifNoneMatch: string | undefined) {
  reply.header('etag', etag).header('cache-control', cacheControl).type('text/javascript; charset=utf-8')
  return ifNoneMatch === etag ? reply.code(304).send() : reply.send(body)
}
