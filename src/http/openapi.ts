// The OpenAPI contract, generated from the routes' zod schemas; served at /openapi.yaml and browsable at /docs.
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod'
import { z } from 'zod'

/** The contract's version: bumped by hand when the contract changes, not with every release. */
export const API_VERSION = '1.0.0'

export const DATA_ATTRIBUTION = [
  'Municipality codes and names: Statbel (Directorate-General Statistics – Statistics Belgium), REFNIS code list, with the 1 January 2025 mergers applied.',
  'Postal code coordinates: © GeoNames (www.geonames.org), CC BY 4.0.',
  'Postcode-to-municipality link: Flemish Government, MAGDA code table "NIS-codes via gemeente" (version 2022-02-10), as redistributed by Sciensano in the bemaps package (CC BY 4.0).',
  'Primary-care zones (eerstelijnszones): Flemish Government, Agentschap Zorg en Gezondheid / Departement Zorg (Vaccinnet+ open-data file, situation on 2022-03-10), with adjustments for the 2025 mergers.'
]

type Document = ReturnType<typeof jsonSchemaTransformObject>
type WithComponents = { components?: { schemas?: Record<string, unknown> }, paths?: unknown }

/**
 * Components holds every zod schema with an id that any loaded module declared; keep only those the
 * operations reach, so the contract depends on the routes alone, not on what else a process imported.
 */
function withoutUnusedSchemas (document: Document): Document {
  const { components, paths } = document as WithComponents
  const schemas = components?.schemas ?? {}
  const used = new Set<string>()
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) { node.forEach(visit); return }
    if (node === null || typeof node !== 'object') return
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') {
        const name = value.replace('#/components/schemas/', '')
        if (!used.has(name)) { used.add(name); visit(schemas[name]) }
      } else visit(value)
    }
  }
  visit(paths)
  return { ...document, components: { ...components, schemas: Object.fromEntries(Object.entries(schemas).filter(([name]) => used.has(name))) } } as Document
}

export async function registerOpenapi (app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'PIMH care-offer directory',
        version: API_VERSION,
        description: 'Care offers for Parent Infant Mental Health in Flanders and Brussels, from the wish for a child up to 6 years: ' +
          'search by region, phase, need and language. Public reads need no key; partners and curators use an `X-Api-Key`.\n\n' +
          `Region data: ${DATA_ATTRIBUTION.join(' ')}`,
        license: { name: 'Data: see the attribution in the description', identifier: 'CC-BY-4.0' },
        contact: { name: 'PIMH directory', url: 'https://example.org/pimh-directory' }
      },
      servers: [{ url: 'https://api.example.org', description: 'Production', 'x-internal': false } as never],
      components: {
        securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' } }
      }
    },
    transform: jsonSchemaTransform,
    transformObject: (document) => withoutUnusedSchemas(jsonSchemaTransformObject(document))
  })
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    // "Try it" calls the server that serves the page, wherever it runs.
    transformSpecification: (spec, request) => ({ ...spec, servers: [{ url: `${request.protocol}://${request.host}` }] }),
    uiConfig: { docExpansion: 'list', deepLinking: true, tryItOutEnabled: true }
  })
  app.get('/openapi.yaml', {
    schema: {
      operationId: 'getOpenapi', tags: ['meta'], summary: 'This API\'s OpenAPI contract',
      response: { 200: z.string().max(10_000_000).meta({ description: 'The OpenAPI 3.1 document as YAML' }) }
    }
  }, async (_request, reply) => reply.type('application/yaml').send(app.swagger({ yaml: true })))
}
