// The OpenAPI contract, generated from the routes' zod schemas; served at /openapi.yaml and browsable at /docs.
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import { createJsonSchemaTransform, createJsonSchemaTransformObject } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { completeDocument } from './openapi-document.js'
import { pageSecurityHeaders } from './security-headers.js'

/** The contract's version: bumped by hand when the contract changes, with package.json's version (a test holds them equal). */
export const API_VERSION = '1.0.0'
export const API_TITLE = 'PIMH care-offer directory'
export const API_DESCRIPTION = 'Care offers for Parent Infant Mental Health in Flanders and Brussels, from the wish for a child up to 6 years: ' +
  'search by region, phase, need and language. Public reads need no key; partners and curators use an `X-Api-Key`.'

export const DATA_ATTRIBUTION = [
  'Municipality codes and names: Statbel (Directorate-General Statistics – Statistics Belgium), REFNIS code list, with the 1 January 2025 mergers applied.',
  'Postal code coordinates: © GeoNames (www.geonames.org), CC BY 4.0.',
  'Postcode-to-municipality link: Flemish Government, MAGDA code table "NIS-codes via gemeente" (version 2022-02-10), as redistributed by Sciensano in the bemaps package (CC BY 4.0).',
  'Primary-care zones (eerstelijnszones): Flemish Government, Agentschap Zorg en Gezondheid / Departement Zorg (Vaccinnet+ open-data file, situation on 2022-03-10), with adjustments for the 2025 mergers.'
]

/**
 * The tags operations use, in the order /docs shows them: what a website developer comes for first, curation last.
 * A tag missing here is still declared, with its name only, after these.
 */
export const TAG_DESCRIPTIONS: Record<string, string> = {
  offers: 'Care offers: public search and detail',
  regions: 'Regions of Belgium, from gewest to municipality, and postcodes',
  taxonomies: 'The code lists offers are described with: phases, care types, roles, target groups, languages, modes, cost types, referral types, waiting times',
  organisations: 'Providers and their published offers',
  sync: 'For partners that mirror the directory: the change feed and the export',
  hsds: 'The Open Referral HSDS 3.0 read facade over the same data',
  meta: 'The service itself: where to start, health, readiness and this contract',
  keys: 'Issuing and revoking API keys (admin key)',
  reports: 'Corrections from the field: anyone reports, curators handle the queue',
  curation: 'Curating organisations, locations and offers (admin or editor key)'
}

/** The security schemes of the keyed scopes (src/keys/auth.ts): one each, as OWASP API5 asks of admin routes. */
export type KeyScheme = 'adminKey' | 'partnerKey'

/** Every key travels in the same header; each keyed scope names its own scheme. */
const keyScheme = (description: string) => ({ type: 'apiKey' as const, in: 'header', name: 'X-Api-Key', description })

export async function registerOpenapi (app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: API_TITLE,
        version: API_VERSION,
        description: `${API_DESCRIPTION}\n\nRegion data: ${DATA_ATTRIBUTION.join(' ')}`,
        license: { name: 'Data: see the attribution in the description', identifier: 'CC-BY-4.0' },
        contact: { name: 'PIMH directory', url: 'https://example.org/pimh-directory' }
      },
      servers: [{ url: 'https://api.example.org', description: 'Production', 'x-internal': false } as never],
      components: {
        securitySchemes: {
          adminKey: keyScheme('An admin or editor key: curation and key management (/v1/admin)'),
          partnerKey: keyScheme('A partner (or admin) key: the export (/v1/export)')
        } satisfies Record<KeyScheme, unknown>
      }
    },
    // Made per app: the shared transform keeps what it derived from zod's registry for the next app of the process,
    // whose document then lacked the input schemas' components.
    transform: createJsonSchemaTransform({}),
    transformObject: (document) => completeDocument(createJsonSchemaTransformObject({})(document), TAG_DESCRIPTIONS)
  })
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    // "Try it" calls the server that serves the page, wherever it runs.
    transformSpecification: (spec, request) => ({ ...spec, servers: [{ url: `${request.protocol}://${request.host}` }] }),
    // No tagsSorter: the groups keep the document's tag order (TAG_DESCRIPTIONS), public operations first.
    uiConfig: { docExpansion: 'list', deepLinking: true, tryItOutEnabled: true },
    uiHooks: { onRequest: pageSecurityHeaders }
  })
}

/** GET /openapi.yaml: the contract itself. */
export async function openapiRoute (app: FastifyInstance): Promise<void> {
  app.get('/openapi.yaml', {
    schema: {
      operationId: 'getOpenapi', tags: ['meta'], summary: 'This API\'s OpenAPI contract',
      response: {
        200: { description: 'The OpenAPI 3.1 document as YAML', content: { 'application/yaml': { schema: z.string().max(10_000_000) } } }
      }
    }
  }, async (_request, reply) => reply.type('application/yaml').send(app.swagger({ yaml: true })))
}
