// The curators' queue of reports: GET /v1/admin/reports, POST /v1/admin/reports/{id}/resolve and /reject.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { recordAudit } from '../core/journal.js'
import { type Db, inTransaction } from '../db/client.js'
import { Conflict, NotFound } from '../http/errors.js'
import { page, pageOf } from '../http/page.js'
import { problemResponse } from '../http/problem.js'
import { actorOf, mayCurate } from '../keys/auth.js'
import { HandleReport, Report, ReportListQuery, ReportParams } from './schemas.js'
import { getReport, handleReport, listReports } from './store.js'

const OUTCOMES = { resolve: 'resolved', reject: 'rejected' } as const

export const reportAdminRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get('/reports', {
    config: { roles: ['admin', 'editor'] },
    schema: {
      operationId: 'listReports', tags: ['reports'], summary: 'Reports from the field, oldest first (an editor sees those about its organisations\' offers)',
      querystring: ReportListQuery, response: { 200: pageOf(Report) }
    }
  }, async (request) => {
    const { page: number, per_page: perPage, ...filter } = request.query
    const { total, rows } = listReports(db, filter, request.apiKey!, perPage, (number - 1) * perPage)
    return page(rows, total, number, perPage)
  })

  for (const [action, status] of Object.entries(OUTCOMES) as Array<[keyof typeof OUTCOMES, typeof OUTCOMES[keyof typeof OUTCOMES]]>) {
    app.post(`/reports/:id/${action}`, {
      config: { roles: ['admin', 'editor'] },
      schema: {
        operationId: `${action}Report`, tags: ['reports'],
        summary: action === 'resolve' ? 'Resolve a report: the entry was corrected (or was right)' : 'Reject a report: nothing to correct',
        description: 'The reporter\'s e-mail is forgotten; the audit log records who handled it. A report already handled: 409.',
        params: ReportParams, body: HandleReport, response: { 200: Report, 409: problemResponse('The report was already handled') }
      }
    }, async (request) => {
      const key = request.apiKey!
      return inTransaction(db, () => {
        const report = getReport(db, request.params.id)
        if (!report || !mayCurate(key, report.offer.organisation_id)) throw new NotFound('report', request.params.id)
        const at = new Date().toISOString()
        if (!handleReport(db, report.id, status, { at, by: key.label, note: request.body?.note || null })) {
          throw new Conflict(`The report was already ${report.status}`)
        }
        recordAudit(db, { kind: 'report', id: report.id, action, actor: actorOf(request), at })
        return getReport(db, report.id)!
      })
    })
  }
}
