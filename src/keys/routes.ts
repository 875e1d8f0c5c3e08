// GET, POST /v1/admin/keys and DELETE /v1/admin/keys/{id}: admins issue, list and revoke keys.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { Db } from '../db/client.js'
import { NotFound } from '../http/errors.js'
import { page, pageOf } from '../http/page.js'
import { problemResponse } from '../http/problem.js'
import { actorOf } from './auth.js'
import { IssuedKey, KeyInput, KeyParams, KeyQuery, KeyRecord } from './schemas.js'
import { issueKey, listKeys, revokeKey } from './store.js'

export const keyRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get('/keys', {
    config: { roles: ['admin'] },
    schema: {
      operationId: 'listKeys', tags: ['keys'], summary: 'Every key, newest first, without secrets',
      querystring: KeyQuery, response: { 200: pageOf(KeyRecord) }
    }
  }, async (request) => {
    const { page: number, per_page: perPage, role, revoked } = request.query
    const { total, rows } = listKeys(db, { role, revoked }, perPage, (number - 1) * perPage)
    return page(rows, total, number, perPage)
  })

  app.post('/keys', {
    config: { roles: ['admin'] },
    schema: {
      operationId: 'issueKey', tags: ['keys'], summary: 'Issue a key; the answer holds its secret, this once',
      body: KeyInput, response: { 201: IssuedKey }
    }
  }, async (request, reply) => {
    const { record, plain } = issueKey(db, request.body, actorOf(request))
    return reply.code(201).send({ ...record, key: plain })
  })

  app.delete('/keys/:id', {
    config: { roles: ['admin'] },
    schema: {
      operationId: 'revokeKey', tags: ['keys'], summary: 'Revoke a key; it is refused from the next request on',
      params: KeyParams, response: { 200: KeyRecord, 409: problemResponse('The last active admin key') }
    }
  }, async (request) => {
    const key = revokeKey(db, request.params.id, actorOf(request))
    if (!key) throw new NotFound('key', request.params.id)
    return key
  })
}
