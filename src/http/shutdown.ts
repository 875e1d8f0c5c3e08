// Graceful close: requests in flight finish, new ones get 503, and no keep-alive socket holds the process open.
import type { FastifyInstance } from 'fastify'
import { sendProblem } from './problem.js'

export function drainOnClose (app: FastifyInstance): void {
  let closing = false
  app.addHook('preClose', async () => {
    closing = true
    app.server.closeIdleConnections()
  })
  app.addHook('onRequest', async (request, reply) => {
    if (!closing) return
    return sendProblem(reply, request, 503, { detail: 'The service is restarting; try again shortly' })
  })
  // A socket that turns idle after close began would otherwise stay open until keepAliveTimeout (72 s).
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close')
  })
}
