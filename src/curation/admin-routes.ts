// GET /v1/admin/audit (admins) and GET /v1/admin/stale (admins, editors within their organisations).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { Db } from '../db/client.js'
import { page, pageOf } from '../http/page.js'
import { listAudit, listStale } from './queries.js'
import { AuditEntry, AuditQuery, StaleEntry, StaleQuery } from './schemas.js'

/** `months` calendar months before `now`, as an ISO timestamp. */
export function monthsBefore (now: Date, months: number): string {
  const cutoff = new Date(now)
  cutoff.setUTCMonth(cutoff.getUTCMonth() - months)
  return cutoff.toISOString()
}

export const curationAdminRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get('/audit', {
    config: { roles: ['admin'] },
    schema: {
      operationId: 'listAudit', tags: ['curation'], summary: 'The audit log, newest first: every change, key and erasure (no entry content)',
      querystring: AuditQuery, response: { 200: pageOf(AuditEntry) }
    }
  }, async (request) => {
    const { page: number, per_page: perPage, ...filter } = request.query
    const { total, rows } = listAudit(db, filter, perPage, (number - 1) * perPage)
    return page(rows, total, number, perPage)
  })

  app.get('/stale', {
    config: { roles: ['admin', 'editor'] },
    schema: {
      operationId: 'listStale', tags: ['curation'], summary: 'Published entries nobody verified for `months` months, offers with open reports, and locations placed only at their postcode (never verified first)',
      querystring: StaleQuery, response: { 200: pageOf(StaleEntry) }
    }
  }, async (request) => {
    const { page: number, per_page: perPage, months, kind } = request.query
    const { total, rows } = listStale(db, monthsBefore(new Date(), months), kind, request.apiKey!, perPage, (number - 1) * perPage)
    return page(rows.map((r) => ({ ...r, approximate_position: r.approximate_position === 1 })), total, number, perPage)
  })
}
