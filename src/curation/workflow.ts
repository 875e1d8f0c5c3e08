// The editorial workflow: who may change which entry, from which version and status, into what. Every change is one
// transaction that ends in the one write path (src/entries/write.ts).
import { and, eq } from 'drizzle-orm'
import { randomUUID } from 'node:crypto'
import type { z } from 'zod'
import type { FeedReason } from '../changes/feed.js'
import type { Actor, EntryMeta } from '../core/entry.js'
import type { Status } from '../core/fields.js'
import { type Db, inTransaction } from '../db/client.js'
import { revisions } from '../db/schema.js'
import type { Content, Curated, Entry } from '../entries/entity.js'
import { eraseOfferContact, offerEntity } from '../entries/offer.js'
import { type Erasure, eraseEntry as eraseStored, writeEntries } from '../entries/write.js'
import { Conflict, FieldErrors, Forbidden, NotFound, PreconditionFailed } from '../http/errors.js'
import { mayCurate } from '../keys/auth.js'
import type { ApiKeyIdentity } from '../keys/store.js'
import type { OfferRecord } from '../offers/schemas.js'

/** Set by the server only; a create or PATCH body naming one is refused (no mass assignment). */
export const SERVER_FIELDS = ['id', 'status', 'version', 'created_at', 'updated_at', 'published_at', 'verified_at', 'verified_by'] as const

export const TRANSITIONS = {
  publish: { from: ['draft'], to: 'published', reason: 'published', summary: 'Publish: draft → published (checks completeness)' },
  unpublish: { from: ['published'], to: 'draft', reason: 'unpublished', summary: 'Unpublish: published → draft' },
  archive: { from: ['draft', 'published'], to: 'archived', reason: 'archived', summary: 'Archive: draft or published → archived' },
  draft: { from: ['archived'], to: 'draft', reason: 'updated', summary: 'Back to draft: archived → draft' }
} as const satisfies Record<string, { from: Status[], to: Status, reason: FeedReason, summary: string }>
export type Transition = keyof typeof TRANSITIONS

const actorOf = (key: ApiKeyIdentity): Actor => ({ key_id: key.id, label: key.label })
const now = () => new Date().toISOString()

/** The errors a body naming server-managed fields gets, one per field. */
export function serverFieldErrors (body: unknown, where = 'body', prefix = ''): FieldErrors['errors'] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return []
  return SERVER_FIELDS.filter((f) => Object.hasOwn(body, f)).map((f) => ({
    in: where, path: `${prefix}/${f}`, message: `${f} is set by the server and cannot be written${f === 'status' ? ' (use publish, unpublish, archive or draft)' : ''}`
  }))
}

/** zod issues as problem `errors[]`, one per field (an unknown key names itself). */
export function issuesOf (error: z.ZodError, where: string, prefix = ''): FieldErrors['errors'] {
  return error.issues.flatMap((issue) => issueErrors(issue, where, prefix))
}

/** One zod issue as field errors: an unknown-keys issue names each key. */
export function issueErrors (issue: z.core.$ZodIssue, where: string, prefix = ''): FieldErrors['errors'] {
  const path = `${prefix}/${issue.path.join('/')}`.replace(/\/$/, '') || '/'
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((k) => ({ in: where, path: `${path === '/' ? '' : path}/${k}`, message: `unknown field '${k}'` }))
  }
  return [{ in: where, path, message: issue.message }]
}

/** The entry, if this key may see it; otherwise 404, so an editor learns nothing of other organisations' entries. */
export function findEntry (db: Db, c: Curated, id: string, key: ApiKeyIdentity): Entry {
  const entry = c.load(db, [id])[0]
  if (!entry || !mayCurate(key, c.organisationOf(entry))) throw new NotFound(c.kind, id)
  return entry
}

export function createEntry (db: Db, c: Curated, body: Content, key: ApiKeyIdentity): Entry {
  return inTransaction(db, () => {
    inScope(c, body, key, null)
    const at = now()
    const meta: EntryMeta = { status: 'draft', version: 1, created_at: at, updated_at: at, published_at: null, verified_at: null, verified_by: null }
    return writeEntries(db, c, [{ id: randomUUID(), content: body, meta, before: null }], { action: 'create', reason: 'created', actor: actorOf(key), at })[0]!
  })
}

/** PATCH: the patch is merged into the stored content (top-level fields replaced whole), then the result must pass the create shape. */
export function updateEntry (db: Db, c: Curated, id: string, patch: Content, expected: number | undefined, key: ApiKeyIdentity): Entry {
  return change(db, c, id, key, expected, { action: 'update', reason: 'updated' }, (current) => ({
    content: validated(c, { ...c.content(current), ...patch }, key, id, 'body')
  }))
}

export function transitionEntry (db: Db, c: Curated, id: string, transition: Transition, expected: number | undefined, key: ApiKeyIdentity): Entry {
  const t = TRANSITIONS[transition]
  return change(db, c, id, key, expected, { action: transition, reason: t.reason }, (current, at) => {
    if (!(t.from as readonly Status[]).includes(current.status)) {
      const hint = current.status === 'archived' ? '; bring it back to draft first' : ''
      throw new Conflict(`Cannot ${transition}: the ${c.kind} is ${current.status}${hint}`)
    }
    return { content: c.content(current), meta: { status: t.to, published_at: t.to === 'published' ? at : current.published_at } }
  })
}

/** Records that someone checked the entry today; the public sees it as `last_verified`. */
export function verifyEntry (db: Db, c: Curated, id: string, expected: number | undefined, key: ApiKeyIdentity): Entry {
  return change(db, c, id, key, expected, { action: 'verify', reason: 'updated' }, (current, at) => ({
    content: c.content(current), meta: { verified_at: at, verified_by: key.label }
  }))
}

/** Brings back the content of an earlier revision as a new revision; the workflow status stays as it is. */
export function restoreEntry (db: Db, c: Curated, id: string, revision: number, expected: number | undefined, key: ApiKeyIdentity): Entry {
  return change(db, c, id, key, expected, { action: 'restore', reason: 'restored' }, () => {
    const old = db.select({ snapshot: revisions.snapshot }).from(revisions)
      .where(and(eq(revisions.entity_kind, c.kind), eq(revisions.entity_id, id), eq(revisions.revision, revision))).get()
    if (!old) throw new NotFound('revision', `${revision} of ${c.kind} ${id}`)
    return { content: validated(c, c.content(old.snapshot), key, id, 'revision') }
  })
}

/** GDPR erasure: the entry, its history and its feed entries go; the audit log keeps only that it was erased. */
export function eraseEntry (db: Db, c: Curated, id: string, cascade: boolean, key: ApiKeyIdentity): Erasure[] {
  return inTransaction(db, () => eraseStored(db, c, findEntry(db, c, id, key), { cascade, actor: actorOf(key), at: now() }))
}

/** GDPR erasure of one person on an offer (src/entries/offer.ts); 404 when the offer never had that contact. */
export function eraseContact (db: Db, offerId: string, contactId: string, key: ApiKeyIdentity): Erasure {
  return inTransaction(db, () => {
    const offer = findEntry(db, offerEntity, offerId, key) as unknown as OfferRecord
    const erasure = eraseOfferContact(db, offer, contactId, actorOf(key), now())
    if (erasure === undefined) throw new NotFound('contact', `${contactId} of offer ${offerId}`)
    return erasure
  })
}

type Step = { action: string, reason: FeedReason }

/**
 * One change of a stored entry, based on the version the caller read (If-Match): inside the write transaction no
 * other writer can come between the check and the write, so of concurrent writers holding the same ETag exactly one
 * wins; the others get 412.
 */
function change (db: Db, c: Curated, id: string, key: ApiKeyIdentity, expected: number | undefined, step: Step,
  next: (current: Entry, at: string) => { content: Content, meta?: Partial<EntryMeta> }): Entry {
  return inTransaction(db, () => {
    const current = findEntry(db, c, id, key)
    if (expected !== undefined && expected !== current.version) {
      throw new PreconditionFailed(`The ${c.kind} is at version ${current.version}, not ${expected === 0 ? 'the one If-Match names' : expected}: read it again and reapply the change`)
    }
    const at = now()
    const { content, meta } = next(current, at)
    const { status, created_at, published_at, verified_at, verified_by } = current
    return writeEntries(db, c, [{
      id, content, meta: { status, created_at, published_at, verified_at, verified_by, ...meta, version: current.version + 1, updated_at: at }, before: current
    }], { ...step, actor: actorOf(key), at })[0]!
  })
}

function validated (c: Curated, candidate: Content, key: ApiKeyIdentity, id: string, where: string): Content {
  const parsed = c.input.safeParse(candidate)
  if (!parsed.success) throw new FieldErrors(issuesOf(parsed.error, where), `The resulting ${c.kind} is not valid`)
  inScope(c, parsed.data, key, id)
  return parsed.data
}

/** An editor key curates its own organisations' entries only, and cannot move one to another organisation. */
function inScope (c: Curated, content: Content, key: ApiKeyIdentity, id: string | null): void {
  if (!mayCurate(key, c.organisationOf({ ...content, id: id ?? undefined }))) {
    throw new Forbidden(`This key may not curate entries of organisation ${String(content.organisation_id)}`)
  }
}
