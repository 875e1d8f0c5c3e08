// Says on every answer which data set the directory started from, and on the invented sample's, plainly that it is
// invented: a family must never take a sample phone number for a real one (widgets and pages read the header).
import type { FastifyInstance } from 'fastify'
import type { Db } from '../db/client.js'
import { heldDataset } from './load.js'

export const SAMPLE_NOTICE = 'Invented sample data for demos and tests: these offers, organisations, addresses and phone numbers do not exist.'
const BANNER = `<p role="alert" lang="en"><strong>${SAMPLE_NOTICE}</strong></p>`

/** `X-Directory-Data`: sample, starter (real entries, verified one by one) or curated (no data set); pages served get a banner. */
export function installDatasetNotice (app: FastifyInstance, db: Db): void {
  // A database takes its data set at start, before the app is built: read once.
  const held = heldDataset(db) ?? 'curated'
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-directory-data', held)
    if (held !== 'sample') return payload
    reply.header('x-directory-notice', SAMPLE_NOTICE)
    const html = typeof payload === 'string' && String(reply.getHeader('content-type')).startsWith('text/html')
    return html ? payload.replace(/<body[^>]*>/, (body) => body + BANNER) : payload
  })
}
