// GET /: what this service is, and where a newcomer goes next (the documentation, the contract, the public entry points).
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { API_DESCRIPTION, API_TITLE, API_VERSION } from './openapi.js'

const Link = (description: string) => z.string().max(100).meta({ description })

export const ServiceIndex = z.object({
  name: z.string().max(100),
  version: z.string().max(20).meta({ description: 'The version of the contract (openapi.yaml `info.version`)' }),
  description: z.string().max(500),
  links: z.object({
    docs: Link('The API reference, to read and try out'),
    openapi: Link('The OpenAPI 3.1 contract, for code generators'),
    offers: Link('The public search of care offers'),
    hsds: Link('The same directory as Open Referral HSDS 3.0'),
    widget: Link('A search box to embed in a website')
  })
}).meta({ id: 'ServiceIndex', description: 'The service\'s name and version, and links to start from' })

const INDEX: z.infer<typeof ServiceIndex> = {
  name: API_TITLE,
  version: API_VERSION,
  description: API_DESCRIPTION,
  links: { docs: '/docs', openapi: '/openapi.yaml', offers: '/v1/offers', hsds: '/hsds/', widget: '/widget/' }
}

export async function homeRoute (app: FastifyInstance): Promise<void> {
  app.get('/', {
    schema: {
      operationId: 'getServiceIndex', tags: ['meta'], summary: 'Where to start: the documentation, the contract and the public entry points',
      response: { 200: ServiceIndex }
    }
  }, async () => INDEX)
}
