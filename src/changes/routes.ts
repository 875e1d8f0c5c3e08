// GET /v1/changes: the public change feed that mirrors replay, oldest first, paged by an opaque cursor.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { Db } from '../db/client.js'
import { decodeCursor, encodeCursor } from './cursor.js'
import { countChanges, listChanges } from './queries.js'
import { ChangePage, ChangeQuery } from './schemas.js'

export const changeRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get('/changes', {
    schema: {
      operationId: 'listChanges', tags: ['sync'],
      summary: 'Change feed: created, updated, unpublished and erased offers and organisations, oldest first',
      description: 'Replay from the start (no `since`), then poll with the last `next_cursor`. An `upsert` carries the entry as ' +
        'published now (text in every language); a `delete` is a tombstone for an entry that is no longer public ' +
        '(unpublished, archived or erased). Applying every change in order yields the public directory.',
      querystring: ChangeQuery, response: { 200: ChangePage }
    }
  }, async (request, reply) => {
    const after = request.query.since === undefined ? 0 : decodeCursor(request.query.since)
    const perPage = request.query.per_page
    const rows = listChanges(db, after, perPage)
    const total = countChanges(db, after)
    reply.header('cache-control', 'no-cache')
    return {
      total_items: total,
      total_pages: Math.ceil(total / perPage),
      page_number: 1 as const,
      size: rows.length,
      first_page: after === 0,
      last_page: rows.length === total,
      empty: rows.length === 0,
      contents: rows.map((r) => ({
        kind: r.entity_kind, id: r.entity_id, action: r.action, reason: r.reason as never, at: r.at, ...(r.data ? { data: r.data as never } : {})
      })),
      next_cursor: encodeCursor(rows.at(-1)?.seq ?? after)
    }
  })
}
