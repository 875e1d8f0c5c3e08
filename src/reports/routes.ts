// POST /v1/offers/{id or slug}/reports: anyone reports a correction, without a key; rate-limited per address, with a honeypot.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { Deps } from '../http/deps.js'
import { NotFound, TooManyRequests } from '../http/errors.js'
import { problemResponse } from '../http/problem.js'
import { addressOf, Budget } from '../http/rate-limit.js'
import { IdOrSlugParams } from '../offers/public-schemas.js'
import { ReportInput, ReportReceipt } from './schemas.js'
import { insertReport, publicOfferId } from './store.js'

const HOUR_MS = 3_600_000
const RECEIVED = { status: 'received', message: 'Thank you: a curator will look at it. Reports are never shown publicly.' } as const

export const reportRoutes: FastifyPluginAsyncZod<Deps> = async (app, { db, config }) => {
  // Any web page may offer the form (the preflight is answered by the public scope's CORS, src/http/scopes.ts).
  app.addHook('onRequest', async (_request, reply) => { reply.header('access-control-allow-origin', '*') })
  // The address is held in memory for an hour at most, to count; it is never stored with the report.
  const budget = new Budget(config.REPORTS_PER_HOUR, HOUR_MS)
  app.addHook('onSend', async (_request, reply) => { reply.header('cache-control', 'no-store') })

  app.post('/offers/:id/reports', {
    schema: {
      operationId: 'reportOffer', tags: ['reports'], summary: 'Report a correction about a published offer (no key needed; never public)',
      description: `At most ${config.REPORTS_PER_HOUR} reports per client address per hour (429 after). The e-mail, when given, is kept only until a curator has handled the report.`,
      params: IdOrSlugParams, body: ReportInput,
      response: { 202: ReportReceipt.meta({ description: 'Received' }), 429: problemResponse('Too many reports from this address this hour') }
    }
  }, async (request, reply) => {
    const now = Date.now()
    const window = budget.window(addressOf(request), true, now)
    if (window.used > budget.max) {
      const wait = Math.ceil((window.start + HOUR_MS - now) / 1000)
      reply.header('retry-after', wait)
      throw new TooManyRequests(`More than ${budget.max} reports per hour from this address; retry in ${wait} s`)
    }
    const offerId = publicOfferId(db, request.params.id)
    if (offerId === undefined) throw new NotFound('offer', request.params.id)
    // A filled honeypot gets the same answer, so a robot learns nothing; nothing is stored.
    if (request.body.website === undefined || request.body.website === '') insertReport(db, offerId, request.body, new Date(now).toISOString())
    return reply.code(202).send(RECEIVED)
  })
}
