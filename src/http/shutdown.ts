// Graceful close: requests in flight finish, new ones get 503, and no keep-alive socket holds the process open.
import type { FastifyInstance } from 'fastify'
import { sendProblem } from './problem.js'

export function drainOnClose (app: FastifyInstance): void {
  let closing = false
  app.addHook('preClose', async () => {
    closing = true
    app.server.closeIdleConnections()
  })
  // Callback hooks, not async ones: they run on every request.
  app.addHook('onRequest', (request, reply, done) => {
    if (closing) sendProblem(reply, request, 503, { detail: 'The service is restarting; try again shortly' })
    else done()
  })
  // A socket that turns idle after close began would otherwise stay open until keepAliveTimeout (72 s).
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) reply.header('connection', 'close')
    done(null, payload)
  })
}
