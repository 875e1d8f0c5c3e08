// GET /v1/export: the whole published directory for partners, streamed as NDJSON or CSV.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { feedPosition } from '../core/feed-position.js'
import { encodeCursor } from '../changes/cursor.js'
import type { Db } from '../db/client.js'
import { csvExport, ndjsonExport } from './stream.js'

const ExportQuery = z.object({
  format: z.enum(['ndjson', 'csv']).default('ndjson').meta({ description: '`ndjson`: one `{kind, id, data}` object per line, organisations first; `csv`: one row per offer' })
})

export const exportRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get('/', {
    // Its own scope (prefix /v1/export), so its strict CORS does not clash with the public /v1 scope's.
    prefixTrailingSlash: 'no-slash',
    config: { roles: ['partner', 'admin'] },
    schema: {
      operationId: 'exportDirectory', tags: ['sync'], summary: 'The whole published directory, streamed (partner key)',
      description: 'NDJSON lines have the shape of the change feed\'s upserts, so a mirror can start from an export and then follow ' +
        '`/v1/changes`. CSV text cells are quoted, and a formula start (`= + - @`) at a cell\'s start or after a `,` `;` tab or ' +
        'line break inside it gets an apostrophe, so no spreadsheet runs it, whichever separator it splits on.',
      querystring: ExportQuery,
      response: {
        200: {
          description: 'The directory',
          headers: {
            'X-Feed-Cursor': {
              description: 'The change feed\'s position when the export began: follow /v1/changes from here (changes during the export are replayed, harmlessly)',
              schema: { type: 'string', maxLength: 40 }
            }
          },
          content: {
            'application/x-ndjson': { schema: z.string().max(2_000_000_000).meta({ description: 'One JSON object per line' }) },
            'text/csv': { schema: z.string().max(2_000_000_000).meta({ description: 'A header row, then one row per offer' }) }
          }
        }
      }
    }
  }, async (request, reply) => {
    const csv = request.query.format === 'csv'
    // Taken before the first read, so no change made while streaming can fall between the export and the feed.
    reply.header('x-feed-cursor', encodeCursor(feedPosition(db)))
    if (csv) reply.header('content-disposition', 'attachment; filename="pimh-directory.csv"')
    // A stream bypasses the response serializer; the schema above documents what it carries.
    return reply.type(csv ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8').send((csv ? csvExport(db) : ndjsonExport(db)) as never)
  })
}
