// The admin routes of one kind of curated entry: list, create, read, PATCH, erase, workflow, verify, history, restore.
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { Uuid } from '../core/fields.js'
import type { Db } from '../db/client.js'
import { FieldErrors, PreconditionRequired } from '../http/errors.js'
import { page, pageOf } from '../http/page.js'
import { problemResponse } from '../http/problem.js'
import { afterWaitingRequests } from '../http/turns.js'
import type { KeyRole } from '../keys/store.js'
import type { Content, Curated, Entry } from '../entries/entity.js'
import { afterErasure } from './erasure.js'
import { idOfSlug, listEntries, listRevisions } from './queries.js'
import { EntryListQuery, EntryParams, IfMatchHeaders, patchOf, Revision, RevisionParams } from './schemas.js'
import {
  createEntry, eraseContact, eraseEntry, findEntry, restoreEntry, serverFieldErrors, transitionEntry, TRANSITIONS, type Transition,
  updateEntry, verifyEntry
} from './workflow.js'

const CURATORS: readonly KeyRole[] = ['admin', 'editor']
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const capitalised = (s: string) => s[0]!.toUpperCase() + s.slice(1)
const article = (noun: string) => (/^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`)

/** A strong ETag from the version: `"3"`. */
function sendEntry (reply: FastifyReply, entry: Entry, status = 200) {
  return reply.code(status).header('etag', `"${entry.version}"`).send(entry as never)
}

// RFC 9110 §8.8.3: an entity tag is an optionally weak quoted string; If-Match is `*` or a comma list of them.
const ENTITY_TAG = /(?:W\/)?"([\x21\x23-\x7e\x80-\xff]*)"/g
const IF_MATCH = /^\s*(?:\*|(?:W\/)?"[\x21\x23-\x7e\x80-\xff]*"(?:\s*,\s*(?:W\/)?"[\x21\x23-\x7e\x80-\xff]*")*)\s*$/

/**
 * The version an If-Match names; undefined when there is none and none is required (428 when it is), or for `*`.
 * A well-formed tag that is not one of ours names no version (0, so the change gets 412, RFC 9110 §13.1.1); of a list,
 * the one that names the current version counts.
 */
function expectedVersion (header: string | undefined, required: boolean, current: () => number): number | undefined {
  if (header === undefined) {
    if (required) throw new PreconditionRequired('This change needs If-Match with the ETag of the version it is based on (from a GET)')
    return undefined
  }
  if (!IF_MATCH.test(header)) throw new FieldErrors([{ in: 'headers', path: '/if-match', message: 'an ETag from a read of this entry, like "3"' }])
  if (header.trim() === '*') return undefined
  const versions = [...header.matchAll(ENTITY_TAG)].map((m) => m[1]!).filter((tag) => /^\d{1,10}$/.test(tag)).map(Number)
  if (versions.length <= 1) return versions[0] ?? 0
  const now = current()
  return versions.includes(now) ? now : versions[0]
}

/** Refuses server-managed fields before the schema does, naming each. */
async function refuseServerFields (request: FastifyRequest): Promise<void> {
  const errors = serverFieldErrors(request.body)
  if (errors.length > 0) throw new FieldErrors(errors, 'The body sets fields that only the server sets')
}

export const curatedRoutes: FastifyPluginAsyncZod<{ db: Db, entity: Curated }> = async (app, { db, entity: c }) => {
  const Noun = capitalised(c.kind)
  const base = `/${c.plural}`
  const tags = ['curation']
  const Record = c.record
  const conflict = problemResponse('Not possible in the entry\'s current state, or the slug is taken')
  const incomplete = problemResponse('Not complete enough to be published; errors[] names what is missing')
  const stale = problemResponse('If-Match names an older version')
  const currentVersion = (request: FastifyRequest<{ Params: { id: string } }>) => () => findEntry(db, c, request.params.id, request.apiKey!).version

  // A write's transaction waits until the searches that arrived while the request was read, authorised and validated
  // are answered, instead of them waiting for all of it at once (docs/performance.md).
  app.addHook('preHandler', async (request) => {
    if (request.method !== 'GET') await afterWaitingRequests()
  })

  // Entries with a slug are found by it too, as on the public routes: the slug becomes the id before any handler runs.
  if (c.slugged) {
    app.addHook('preHandler', async (request) => {
      const params = request.params as { id?: string }
      if (params.id !== undefined && !UUID.test(params.id)) params.id = idOfSlug(db, c, params.id) ?? params.id
    })
  }

  app.get(base, {
    config: { roles: CURATORS },
    schema: {
      operationId: `listAdmin${capitalised(c.plural)}`, tags, summary: `${Noun}s in every status (an editor sees its organisations' only)`,
      querystring: EntryListQuery, response: { 200: pageOf(Record) }
    }
  }, async (request) => {
    const { page: number, per_page: perPage, ...filter } = request.query
    const { total, ids } = listEntries(db, c, filter, request.apiKey!, perPage, (number - 1) * perPage)
    const byId = new Map(c.load(db, ids).map((e) => [e.id, e]))
    return page(ids.map((id) => byId.get(id)!), total, number, perPage) as never
  })

  app.post(base, {
    config: { roles: c.kind === 'organisation' ? ['admin'] : CURATORS },
    preValidation: refuseServerFields,
    schema: {
      operationId: `create${Noun}`, tags, summary: `Create ${article(c.kind)} (as a draft)`,
      body: c.input, response: { 201: Record, 409: conflict }
    }
  }, async (request, reply) => sendEntry(reply, createEntry(db, c, request.body as Content, request.apiKey!), 201))

  app.get(`${base}/:id`, {
    config: { roles: CURATORS },
    schema: {
      operationId: `getAdmin${Noun}`, tags, summary: `One ${c.kind}, with its version as ETag`,
      params: EntryParams, response: { 200: Record }
    }
  }, async (request, reply) => sendEntry(reply, findEntry(db, c, request.params.id, request.apiKey!)))

  app.patch(`${base}/:id`, {
    config: { roles: CURATORS },
    preValidation: refuseServerFields,
    schema: {
      operationId: `update${Noun}`, tags, summary: `Change fields of ${article(c.kind)}; needs If-Match`,
      description: 'The fields given replace the stored ones whole (a name replaces every language of it); the result must pass the create shape. ' +
        'Without If-Match: 428; with a stale one: 412.',
      params: EntryParams, headers: IfMatchHeaders, body: patchOf(c.fields, `${Noun}Patch`),
      response: { 200: Record, 409: conflict, 412: stale, 422: incomplete, 428: problemResponse('If-Match is missing') }
    }
  }, async (request, reply) => {
    const expected = expectedVersion(request.headers['if-match'], true, currentVersion(request))
    return sendEntry(reply, updateEntry(db, c, request.params.id, request.body as Content, expected, request.apiKey!))
  })

  app.delete(`${base}/:id`, {
    config: { roles: ['admin'] },
    schema: {
      operationId: `erase${Noun}`, tags, summary: `Erase ${article(c.kind)} completely (GDPR): entry, history and feed entries`,
      description: c.kind === 'organisation'
        ? 'Refused (409) while the organisation has offers or locations, unless cascade=true, which erases them too.'
        : c.kind === 'location'
          ? 'Offers that use the location lose it, each with a new revision.'
          : 'The audit log keeps that it was erased, and by whom, without its content.',
      params: EntryParams,
      querystring: z.object({
        erase: z.literal('true').meta({ description: 'Confirms the erasure; to take an entry out of the directory without erasing it, archive it' }),
        ...(c.kind === 'organisation' ? { cascade: z.enum(['true', 'false']).default('false').meta({ description: 'Erase its offers and locations too' }) } : {})
      }),
      response: { 204: z.null().meta({ description: 'Erased' }), 409: conflict }
    }
  }, async (request, reply) => {
    await afterErasure(db, eraseEntry(db, c, request.params.id, (request.query as { cascade?: string }).cascade === 'true', request.apiKey!), request.log)
    // No body: the serializer would write `null`.
    return reply.code(204).send(undefined as never)
  })

  if (c.kind === 'offer') {
    app.delete(`${base}/:id/contacts/:contact_id`, {
      config: { roles: ['admin'] },
      schema: {
        operationId: 'eraseOfferContact', tags, summary: 'Erase one person on an offer (GDPR): the contact, in the offer and in all its history and feed entries',
        description: 'The contact leaves the offer (a new revision) and every earlier revision, history item and feed entry of the offer, ' +
          'including older versions of it (the same name or e-mail under an earlier id). A contact already dropped by a PATCH is found ' +
          'in the history. The audit log keeps that it was erased, and by whom, without its content.',
        params: EntryParams.extend({ contact_id: Uuid }),
        querystring: z.object({ erase: z.literal('true').meta({ description: 'Confirms the erasure' }) }),
        response: { 204: z.null().meta({ description: 'Erased' }) }
      }
    }, async (request, reply) => {
      await afterErasure(db, [eraseContact(db, request.params.id, request.params.contact_id, request.apiKey!)], request.log)
      return reply.code(204).send(undefined as never)
    })
  }

  for (const transition of Object.keys(TRANSITIONS) as Transition[]) {
    app.post(`${base}/:id/${transition}`, {
      config: { roles: CURATORS },
      schema: {
        operationId: `${transition}${Noun}`, tags, summary: TRANSITIONS[transition].summary, description: 'If-Match is optional here; when given, a stale one gets 412.',
        params: EntryParams, headers: IfMatchHeaders, response: { 200: Record, 409: conflict, 412: stale, 422: incomplete }
      }
    }, async (request, reply) => {
      const expected = expectedVersion(request.headers['if-match'], false, currentVersion(request))
      return sendEntry(reply, transitionEntry(db, c, request.params.id, transition, expected, request.apiKey!))
    })
  }

  app.post(`${base}/:id/verify`, {
    config: { roles: CURATORS },
    schema: {
      operationId: `verify${Noun}`, tags, summary: `Record that the ${c.kind} was checked today (public as last_verified)`,
      params: EntryParams, headers: IfMatchHeaders, response: { 200: Record, 412: stale }
    }
  }, async (request, reply) => {
    const expected = expectedVersion(request.headers['if-match'], false, currentVersion(request))
    return sendEntry(reply, verifyEntry(db, c, request.params.id, expected, request.apiKey!))
  })

  app.get(`${base}/:id/history`, {
    config: { roles: CURATORS },
    schema: {
      operationId: `list${Noun}History`, tags, summary: `Every change of the ${c.kind}, newest first: who, when, what changed`,
      params: EntryParams, querystring: EntryListQuery.pick({ page: true, per_page: true }), response: { 200: pageOf(Revision) }
    }
  }, async (request) => {
    findEntry(db, c, request.params.id, request.apiKey!)
    const { page: number, per_page: perPage } = request.query
    const { total, rows } = listRevisions(db, c.kind, request.params.id, perPage, (number - 1) * perPage)
    return page(rows, total, number, perPage)
  })

  app.post(`${base}/:id/history/:revision/restore`, {
    config: { roles: CURATORS },
    schema: {
      operationId: `restore${Noun}Revision`, tags, summary: `Bring back the content of an earlier revision, as a new revision`,
      description: 'The workflow status stays as it is; a published entry must stay complete (422).',
      params: RevisionParams, headers: IfMatchHeaders, response: { 200: Record, 409: conflict, 412: stale, 422: incomplete }
    }
  }, async (request, reply) => {
    const expected = expectedVersion(request.headers['if-match'], false, currentVersion(request))
    return sendEntry(reply, restoreEntry(db, c, request.params.id, request.params.revision, expected, request.apiKey!))
  })
}
