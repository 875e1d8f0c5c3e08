// POST /v1/admin/import: offers in bulk from CSV or JSON, with its own body limit; a report per row; all rows or none.
import type { FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { validatorCompiler } from 'fastify-type-provider-zod'
import type { Readable } from 'node:stream'
import { z } from 'zod'
import type { Config } from '../config.js'
import type { Db } from '../db/client.js'
import { Problem, problemResponse, sendProblem } from '../http/problem.js'
import { OfferInput } from '../offers/schemas.js'
import { importFile, ImportReport, MAX_IMPORT_ROWS, readUtf8, UnsupportedCharset } from './import.js'

const ImportProblem = Problem.extend({ report: ImportReport }).meta({ id: 'ImportProblem' })

const ImportQuery = z.object({
  dry_run: z.enum(['true', 'false']).default('true').meta({ description: '`true` (the default) checks and reports, writing nothing' }),
  publish: z.enum(['true', 'false']).default('false').meta({ description: '`true` publishes the imported offers (each must then be complete)' })
})

export const importRoutes: FastifyPluginAsyncZod<{ db: Db, config: Config }> = async (app, { db, config }) => {
  // The file is read as text in this scope only, its encoding checked as it arrives, before anything is parsed; other types get 415.
  app.removeAllContentTypeParsers()
  app.addContentTypeParser(['application/json', 'text/csv'], async (request: FastifyRequest, payload: Readable) => {
    const charset = /charset=([^;\s]+)/i.exec(request.headers['content-type']!)?.[1]
    if (charset !== undefined && !/^utf-?8$/i.test(charset)) throw new UnsupportedCharset(charset)
    return await readUtf8(payload, Number(request.headers['content-length']), config.IMPORT_MAX_BYTES)
  })

  app.post('/import', {
    config: { roles: ['admin'] },
    // The body is a file checked row by row into the report, not validated as a whole.
    validatorCompiler: ({ schema, httpPart, method, url }) => (httpPart === 'body' ? (data: unknown) => ({ value: data }) : validatorCompiler({ schema: schema as never, method, url, httpPart })),
    schema: {
      operationId: 'importOffers', tags: ['curation'], summary: 'Import offers from CSV (text/csv) or JSON (an array of the create shape)',
      description: `UTF-8 (with or without BOM); CSV separated by ; or , with the columns of the README; at most ${MAX_IMPORT_ROWS} rows and ` +
        `${config.IMPORT_MAX_BYTES} bytes. dry_run=true reports per row and writes nothing; dry_run=false writes every row or, when any row has a problem, none (422). The rows are written in one ` +
        'transaction beside the event loop: meanwhile other writes are refused with 503 and Retry-After, reads go on.',
      consumes: ['text/csv', 'application/json'],
      querystring: ImportQuery,
      body: z.union([z.array(OfferInput).max(MAX_IMPORT_ROWS), z.string().max(config.IMPORT_MAX_BYTES).meta({ description: 'The CSV file' })]),
      response: {
        200: ImportReport.meta({ description: 'Dry run: the report' }),
        201: ImportReport.meta({ description: 'Every row written' }),
        413: problemResponse('The file is too large or has too many rows'),
        409: problemResponse('What was stored meanwhile conflicts with a row (a slug taken between the check and the write); nothing was written'),
        415: problemResponse('Not CSV or JSON, or not UTF-8'),
        422: { description: 'Some rows have problems; nothing was written', content: { 'application/problem+json': { schema: ImportProblem } } }
      }
    }
  }, async (request, reply) => {
    // Every parser of this scope hands over the file as text, in pieces (readUtf8); importFile does the rest (in a worker thread, for a database file).
    const pieces = request.body as unknown as string[]
    const format = request.headers['content-type']!.toLowerCase().startsWith('text/csv') ? 'csv' : 'json'
    const dryRun = request.query.dry_run === 'true'
    const actor = { key_id: request.apiKey!.id, label: request.apiKey!.label }
    const connection = { busyTimeoutMs: config.SQLITE_BUSY_TIMEOUT_MS, synchronous: config.SQLITE_SYNCHRONOUS }
    const { report, created } = await importFile(db, pieces, { format, dryRun, publish: request.query.publish === 'true', actor }, connection)
    if (!dryRun && created === 0) {
      // Nothing written: the report has no ids and at most MAX_REPORTED_PROBLEMS problems, quick to parse here.
      const parsed = JSON.parse(report) as ImportReport
      return sendProblem(reply, request, 422, { detail: `${parsed.problem_count} problems in ${parsed.invalid} of ${parsed.rows} rows${parsed.problems.some((p) => p.row === 0) ? ' and the header' : ''}; nothing was written`, report: parsed } as Partial<Problem>)
    }
    // JSON text is sent as it is: the report is checked and serialised already.
    return reply.code(dryRun ? 200 : 201).type('application/json').send(report as unknown as ImportReport)
  })
}
