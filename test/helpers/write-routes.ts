// Test-only write routes for the fault tests, shaped like curation's writes: one multi-row entry per transaction.
import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import { emitOffers } from '../../src/changes/feed.js'
import { recordRevision } from '../../src/curation/journal.js'
import { type Db, inTransaction } from '../../src/db/client.js'
import { syncOfferSearch } from '../../src/offers/search-text.js'
import { getOfferRecord, loadOfferRecords, writeOffer } from '../../src/offers/store.js'

/** The sample offer with the largest service area: each copy writes some 50 rows across 8 tables. */
export function templateOffer (db: Db) {
  return loadOfferRecords(db).sort((a, b) => b.service_area.length - a.service_area.length)[0]!
}

export function writeRoutes (app: FastifyInstance, db: Db): void {
  const routes = app.withTypeProvider<ZodTypeProvider>()
  const template = templateOffer(db)
  routes.post('/test/offers', {
    schema: { hide: true, response: { 201: z.object({ id: z.string() }) } }
  }, async (_request, reply) => {
    const id = randomUUID()
    const now = new Date().toISOString()
    inTransaction(db, () => {
      // Contacts get fresh ids: their ids are unique across offers.
      const contacts = template.contacts.map(({ id: _id, ...contact }) => contact)
      writeOffer(db, id, { ...template, slug: `copy-${id}`, contacts }, {
        status: 'published', version: 1, created_at: now, updated_at: now, published_at: now, verified_at: null, verified_by: null
      })
      recordRevision(db, { kind: 'offer', id, action: 'create', actor: { key_id: null, label: 'fault test' }, at: now, before: null, after: getOfferRecord(db, id)! })
      syncOfferSearch(db, [id])
      emitOffers(db, [id], 'created', now)
    })
    return reply.code(201).send({ id })
  })
  // Disk full without a full disk: SQLite refuses to grow the file past max_page_count (per connection, not stored).
  routes.put('/test/max-page-count', {
    schema: { hide: true, body: z.object({ extra_pages: z.int().min(0).nullable() }), response: { 200: z.object({ max_page_count: z.number() }) } }
  }, async (request) => {
    const { extra_pages: extra } = request.body
    const pages = extra === null ? 1_073_741_823 : (db.$client.pragma('page_count', { simple: true }) as number) + extra
    return { max_page_count: db.$client.pragma(`max_page_count = ${pages}`, { simple: true }) as number }
  })
}
