// GET /health (the process answers) and GET /ready (the database answers, with every migration and the reference loaded).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { readMigrationFiles } from 'drizzle-orm/migrator'
import { z } from 'zod'
import { type Db, MIGRATIONS_DIR } from '../db/client.js'
import { prepared } from '../db/statements.js'
import { problemResponse, sendProblem } from '../http/problem.js'

const Health = z.object({ status: z.literal('ok') }).meta({ id: 'Health' })
const Readiness = z.object({
  status: z.literal('ready'),
  migrations: z.int().min(0).max(10000),
  regions: z.int().min(0).max(100000)
}).meta({ id: 'Readiness' })

export const healthRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const expected = readMigrationFiles({ migrationsFolder: MIGRATIONS_DIR }).length

  app.get('/health', {
    schema: { operationId: 'getHealth', tags: ['meta'], summary: 'Liveness: the process answers', response: { 200: Health } }
  }, async () => ({ status: 'ok' as const }))

  app.get('/ready', {
    schema: {
      operationId: 'getReady', tags: ['meta'], summary: 'Readiness: the database answers, migrations applied, reference data loaded',
      response: { 200: Readiness, 503: problemResponse('Not ready') }
    }
  }, async (request, reply) => {
    try {
      const applied = (prepared(db, 'SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number }).n
      const regions = (prepared(db, 'SELECT count(*) AS n FROM regions').get() as { n: number }).n
      if (applied < expected || regions === 0) {
        return sendProblem(reply, request, 503, { detail: `Not ready: ${applied}/${expected} migrations, ${regions} regions` })
      }
      return { status: 'ready' as const, migrations: applied, regions }
    } catch (err) {
      request.log.warn({ err }, 'readiness check failed')
      return sendProblem(reply, request, 503, { detail: 'The database does not answer' })
    }
  })
}
