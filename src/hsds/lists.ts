// How every HSDS list answers: a Page as JSON, or with format=ndjson every record, one JSON object per line.
import type { FastifyReply } from 'fastify'
import { Readable } from 'node:stream'
import { z } from 'zod'
import { pageOf } from '../http/page.js'

export const listResponse = <T extends z.ZodType>(item: T) => ({
  description: 'A Page of records (format=json), or every matching record, one JSON object per line (format=ndjson)',
  content: {
    'application/json': { schema: pageOf(item) },
    'application/x-ndjson': { schema: z.string().max(1_000_000_000).meta({ description: 'One record per line' }) }
  }
})

/** Streams the records batch by batch: a batch is made only when the client has taken the previous one. */
export function ndjson (reply: FastifyReply, batches: Iterable<unknown[]>): never {
  const lines = Readable.from((function * () {
    for (const batch of batches) yield batch.map((record) => `${JSON.stringify(record)}\n`).join('')
  })())
  return reply.type('application/x-ndjson; charset=utf-8').send(lines) as never
}
