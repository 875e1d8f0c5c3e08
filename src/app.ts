// The app factory: server.ts and every test build the service here, from a config and an open database.
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod'
import { randomUUID } from 'node:crypto'
import { changeRoutes } from './changes/routes.js'
import type { Config } from './config.js'
import { installDatasetNotice } from './datasets/notice.js'
import { curationAdminRoutes } from './curation/admin-routes.js'
import { importRoutes } from './curation/import-routes.js'
import { curatedRoutes } from './curation/routes.js'
import { exportRoutes } from './export/routes.js'
import { healthRoutes } from './health/routes.js'
import { hsdsDirectoryRoutes } from './hsds/directory.js'
import { hsdsRoutes } from './hsds/routes.js'
import { homeRoute } from './http/home.js'
import { installLimits, serverLimits } from './http/limits.js'
import { openapiRoute, registerOpenapi } from './http/openapi.js'
import type { Deps } from './http/deps.js'
import { installProblemHandling } from './http/problem.js'
import { installRateLimit } from './http/rate-limit.js'
import { requestLogger } from './http/request-logger.js'
import { serializerCompiler } from './http/serializer.js'
import { installSecurityHeaders } from './http/security-headers.js'
import { privateScope, publicCors, publicScope } from './http/scopes.js'
import { drainOnClose } from './http/shutdown.js'
import { callerKey, keyAuth } from './keys/auth.js'
import { keyRoutes } from './keys/routes.js'
import { locationEntity } from './entries/location.js'
import { offerEntity } from './entries/offer.js'
import { offerRoutes } from './search/offer-routes.js'
import { organisationEntity } from './entries/organisation.js'
import { organisationRoutes } from './search/organisation-routes.js'
import { regionRoutes } from './regions/routes.js'
import { reportAdminRoutes } from './reports/admin-routes.js'
import { reportRoutes } from './reports/routes.js'
import { suggestRoutes } from './search/suggest-routes.js'
import { offerSearch } from './search/service.js'
import { snapshotFile } from './search/snapshot.js'
import { taxonomyRoutes } from './taxonomies/routes.js'
import { widgetRoutes } from './widget/routes.js'

type LoggedRequest = { method: string, url: string, id: string, ip: string, headers: Record<string, unknown> }

export function loggerOptions (config: Config): FastifyServerOptions['logger'] {
  const secrets = ['headers["x-api-key"]', 'headers.authorization', 'headers.cookie']
  return {
    level: config.LOG_LEVEL,
    redact: { paths: [...secrets, ...secrets.map((path) => `req.${path}`)], censor: '[redacted]' },
    serializers: {
      // Families looking for help are not tracked: no client address, and no query string, in the request log
      // unless LOG_REQUEST_DETAILS turns them on for debugging (keys stay redacted even then).
      req: config.LOG_REQUEST_DETAILS
        ? (req: LoggedRequest) => ({ method: req.method, url: req.url, id: req.id, remote_address: req.ip, headers: req.headers })
        : (req: LoggedRequest) => ({ method: req.method, path: req.url.split('?')[0], id: req.id })
    }
  }
}

/** Extension point for tests: runs after the shared hooks and before any route, so every route inherits what it adds. */
export type Extend = (app: FastifyInstance) => Promise<void> | void

export async function buildApp ({ config, db }: Deps, options: FastifyServerOptions = {}, extend?: Extend) {
  const app = Fastify({
    logger: loggerOptions(config),
    genReqId: () => randomUUID(),
    childLoggerFactory: requestLogger,
    trustProxy: config.TRUST_PROXY,
    ...serverLimits(config),
    // `/hsds` and `/hsds/` are the same resource (Open Referral validators ask for both), and so on everywhere.
    routerOptions: { ignoreTrailingSlash: true },
    ...options
  }).withTypeProvider<ZodTypeProvider>()
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  installProblemHandling(app)
  installSecurityHeaders(app)
  installDatasetNotice(app, db)
  // The search index is in place before the overload guard (under-pressure) starts measuring: a build blocks the event
  // loop for a second or more at 50,000 offers, which it would read as overload and answer 503 for.
  const search = offerSearch(db)
  search.open(config.SEARCH_SNAPSHOT ? snapshotFile(db) : undefined, app.log)
  // The index as it is at the end, saved for the next start.
  app.addHook('onClose', (_app, done) => {
    search.save(app.log)
    done()
  })
  await installLimits(app, config)
  drainOnClose(app)
  installRateLimit(app, { config, caller: (request) => callerKey(db, request) })
  await extend?.(app)
  await registerOpenapi(app)

  const deps = { config, db }
  await app.register(async (pub) => {
    await pub.register(publicScope, { db })
    // In the order /docs lists them: the search a website comes for first.
    await pub.register(offerRoutes, deps)
    await pub.register(regionRoutes, deps)
    await pub.register(taxonomyRoutes, deps)
    await pub.register(organisationRoutes, deps)
    await pub.register(suggestRoutes, deps)
    await pub.register(changeRoutes, deps)
  }, { prefix: '/v1' })
  // Reports from the field: public, but a write, so outside the cacheable public scope.
  await app.register(async (reports) => {
    await reports.register(reportRoutes, deps)
  }, { prefix: '/v1' })
  await app.register(async (hsds) => {
    await hsds.register(publicScope, { db })
    await hsds.register(hsdsRoutes, deps)
    await hsds.register(hsdsDirectoryRoutes, deps)
  }, { prefix: '/hsds' })
  // Curation: every route needs a key (X-Api-Key) whose role the route admits; nothing here is cached.
  await app.register(async (admin) => {
    await admin.register(privateScope, { origins: config.CORS_ADMIN_ORIGINS })
    await admin.register(keyAuth, { db, scheme: 'adminKey' })
    await admin.register(keyRoutes, deps)
    for (const entity of [organisationEntity, locationEntity, offerEntity]) await admin.register(curatedRoutes, { db, entity })
    await admin.register(curationAdminRoutes, deps)
    await admin.register(importRoutes, deps)
    await admin.register(reportAdminRoutes, deps)
  }, { prefix: '/v1/admin' })
  // Partner sync: a partner (or admin) key required.
  await app.register(async (partner) => {
    await partner.register(privateScope, { origins: config.CORS_ADMIN_ORIGINS })
    await partner.register(keyAuth, { db, scheme: 'partnerKey' })
    await partner.register(exportRoutes, deps)
  }, { prefix: '/v1/export' })
  await app.register(async (meta) => {
    await meta.register(publicCors)
    await meta.register(homeRoute)
    await meta.register(healthRoutes, deps)
    await meta.register(openapiRoute)
    await meta.register(widgetRoutes)
  })
  await app.ready()
  return app
}

export type App = Awaited<ReturnType<typeof buildApp>>
