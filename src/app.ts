// The app factory: server.ts and every test build the service here, from a config and an open database.
import cors from '@fastify/cors'
import helmet from '@fastify/helmet'
import Fastify, { type FastifyServerOptions } from 'fastify'
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod'
import { randomUUID } from 'node:crypto'
import { changeRoutes } from './changes/routes.js'
import type { Config } from './config.js'
import type { Db } from './db/client.js'
import { curationAdminRoutes } from './curation/admin-routes.js'
import { importRoutes } from './curation/import-routes.js'
import { curatedRoutes } from './curation/routes.js'
import { healthRoutes } from './health/routes.js'
import { hsdsRoutes } from './hsds/routes.js'
import { conditionalGet } from './http/conditional.js'
import { registerOpenapi } from './http/openapi.js'
import { installProblemHandling } from './http/problem.js'
import { keyAuth } from './keys/auth.js'
import { keyRoutes } from './keys/routes.js'
import { locationEntity } from './locations/admin.js'
import { offerEntity } from './offers/admin.js'
import { offerRoutes } from './offers/routes.js'
import { organisationEntity } from './organisations/admin.js'
import { organisationRoutes } from './organisations/routes.js'
import { regionRoutes } from './regions/routes.js'
import { taxonomyRoutes } from './taxonomies/routes.js'

export type Deps = { config: Config, db: Db }

export function loggerOptions (config: Config): FastifyServerOptions['logger'] {
  return {
    level: config.LOG_LEVEL,
    redact: { paths: ['req.headers["x-api-key"]', 'req.headers.authorization'], censor: '[redacted]' },
    serializers: {
      // Families looking for help are not tracked: no client address, and no query string, in the request log.
      req: (req: { method: string, url: string, id: string }) => ({ method: req.method, path: req.url.split('?')[0], id: req.id })
    }
  }
}

export async function buildApp ({ config, db }: Deps, options: FastifyServerOptions = {}) {
  const app = Fastify({
    logger: loggerOptions(config),
    genReqId: () => randomUUID(),
    ...options
  }).withTypeProvider<ZodTypeProvider>()
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  installProblemHandling(app)
  await registerOpenapi(app)
  await app.register(helmet)

  const deps = { config, db }
  await app.register(async (pub) => {
    await pub.register(cors, { origin: '*', methods: ['GET', 'HEAD', 'OPTIONS'] })
    pub.addHook('onRequest', conditionalGet(db))
    pub.addHook('onSend', async (request, reply) => {
      if (request.method === 'GET' && reply.statusCode < 300 && !reply.hasHeader('cache-control')) reply.header('cache-control', 'public, max-age=60')
    })
    await pub.register(regionRoutes, deps)
    await pub.register(taxonomyRoutes, deps)
    await pub.register(changeRoutes, deps)
    await pub.register(offerRoutes, deps)
    await pub.register(organisationRoutes, deps)
  }, { prefix: '/v1' })
  await app.register(async (hsds) => {
    await hsds.register(cors, { origin: '*', methods: ['GET', 'HEAD', 'OPTIONS'] })
    hsds.addHook('onRequest', conditionalGet(db))
    await hsds.register(hsdsRoutes, deps)
  }, { prefix: '/hsds' })
  // Curation: every route needs a key (X-Api-Key) whose role the route admits; nothing here is cached.
  await app.register(async (admin) => {
    await admin.register(keyAuth, { db })
    admin.addHook('onSend', async (_request, reply) => { reply.header('cache-control', 'no-store') })
    await admin.register(keyRoutes, deps)
    for (const entity of [organisationEntity, locationEntity, offerEntity]) await admin.register(curatedRoutes, { db, entity })
    await admin.register(curationAdminRoutes, deps)
    await admin.register(importRoutes, deps)
  }, { prefix: '/v1/admin' })
  await app.register(healthRoutes, deps)
  await app.ready()
  return app
}

export type App = Awaited<ReturnType<typeof buildApp>>
