// The editorial workflow. Every change of a curated entry is one transaction that writes it, records the revision,
// keeps the search text in step and appends what the public may now see to the change feed.
import { and, eq } from 'drizzle-orm'
import { randomUUID } from 'node:crypto'
import type { z } from 'zod'
import type { FeedReason } from '../changes/feed.js'
import { type Db, inTransaction } from '../db/client.js'
import { revisions, type STATUSES } from '../db/schema.js'
import { Conflict, FieldErrors, Forbidden, NotFound, PreconditionFailed } from '../http/errors.js'
import { mayCurate } from '../keys/auth.js'
import type { ApiKeyIdentity } from '../keys/store.js'
import { syncOfferSearch } from '../offers/search-text.js'
import type { EntryMeta } from '../offers/store.js'
import type { Content, Curated, Entry } from './entity.js'
import { type Actor, recordAudit, recordRevision } from './journal.js'

type Status = typeof STATUSES[number]

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
  return error.issues.flatMap((issue) => {
    const path = `${prefix}/${issue.path.join('/')}`.replace(/\/$/, '') || '/'
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((k) => ({ in: where, path: `${path === '/' ? '' : path}/${k}`, message: `unknown field '${k}'` }))
    }
    return [{ in: where, path, message: issue.message }]
  })
}

/** The entry, if this key may see it; otherwise 404, so an editor learns nothing of other organisations' entries. */
export function findEntry (db: Db, c: Curated, id: string, key: ApiKeyIdentity): Entry {
  const entry = c.load(db, [id])[0]
  if (!entry || !mayCurate(key, c.organisationOf(entry))) throw new NotFound(c.kind, id)
  return entry
}

export function createEntry (db: Db, c: Curated, body: Content, key: ApiKeyIdentity): Entry {
  return inTransaction(db, () => {
    const content = checked(db, c, body, key, null)
    const id = randomUUID()
    const at = now()
    c.write(db, id, content, { status: 'draft', version: 1, created_at: at, updated_at: at, published_at: null, verified_at: null, verified_by: null })
    const after = c.load(db, [id])[0]!
    recordRevision(db, { kind: c.kind, id, action: 'create', actor: actorOf(key), at, before: null, after })
    syncOfferSearch(db, c.searchIds(db, id))
    c.emit(db, id, 'created', at)
    return after
  })
}

/** PATCH: the patch is merged into the stored content (top-level fields replaced whole), then the result must pass the create shape. */
export function updateEntry (db: Db, c: Curated, id: string, patch: Content, expected: number | undefined, key: ApiKeyIdentity): Entry {
  return change(db, c, id, key, expected, { action: 'update', reason: 'updated', contentChanges: true }, (current) => ({
    content: validated(db, c, { ...c.content(current), ...patch }, key, id, 'body')
  }))
}

export function transitionEntry (db: Db, c: Curated, id: string, transition: Transition, expected: number | undefined, key: ApiKeyIdentity): Entry {
  const t = TRANSITIONS[transition]
  return change(db, c, id, key, expected, { action: transition, reason: t.reason, contentChanges: false }, (current, at) => {
    if (!(t.from as readonly Status[]).includes(current.status)) {
      const hint = current.status === 'archived' ? '; bring it back to draft first' : ''
      throw new Conflict(`Cannot ${transition}: the ${c.kind} is ${current.status}${hint}`)
    }
    return { content: c.content(current), meta: { status: t.to, published_at: t.to === 'published' ? at : current.published_at } }
  })
}

/** Records that someone checked the entry today; the public sees it as `last_verified`. */
export function verifyEntry (db: Db, c: Curated, id: string, expected: number | undefined, key: ApiKeyIdentity): Entry {
  return change(db, c, id, key, expected, { action: 'verify', reason: 'updated', contentChanges: false }, (current, at) => ({
    content: c.content(current), meta: { verified_at: at, verified_by: key.label }
  }))
}

/** Brings back the content of an earlier revision as a new revision; the workflow status stays as it is. */
export function restoreEntry (db: Db, c: Curated, id: string, revision: number, expected: number | undefined, key: ApiKeyIdentity): Entry {
  return change(db, c, id, key, expected, { action: 'restore', reason: 'restored', contentChanges: true }, () => {
    const old = db.select({ snapshot: revisions.snapshot }).from(revisions)
      .where(and(eq(revisions.entity_kind, c.kind), eq(revisions.entity_id, id), eq(revisions.revision, revision))).get()
    if (!old) throw new NotFound('revision', `${revision} of ${c.kind} ${id}`)
    return { content: validated(db, c, c.content(old.snapshot), key, id, 'revision') }
  })
}

/** GDPR erasure: the entry, its history and its feed entries go; the audit log keeps only that it was erased. */
export function eraseEntry (db: Db, c: Curated, id: string, cascade: boolean, key: ApiKeyIdentity): void {
  inTransaction(db, () => {
    const entry = findEntry(db, c, id, key)
    const at = now()
    const actor = actorOf(key)
    for (const erased of c.erase(db, entry, { cascade, actor, at })) {
      db.delete(revisions).where(and(eq(revisions.entity_kind, erased.kind), eq(revisions.entity_id, erased.id))).run()
      recordAudit(db, { kind: erased.kind, id: erased.id, action: 'erase', actor, at })
    }
  })
}

type Step = { action: string, reason: FeedReason, contentChanges: boolean }

/**
 * One change of a stored entry. The version is claimed with a conditional UPDATE (… WHERE version = ?), so of
 * concurrent writers holding the same ETag exactly one wins; the others get 412.
 */
function change (db: Db, c: Curated, id: string, key: ApiKeyIdentity, expected: number | undefined, step: Step,
  next: (current: Entry, at: string) => { content: Content, meta?: Partial<EntryMeta> }): Entry {
  return inTransaction(db, () => {
    const current = findEntry(db, c, id, key)
    const at = now()
    const claimed = db.$client.prepare(`UPDATE ${c.plural} SET version = version + 1 WHERE id = ? AND version = ?`).run(id, expected ?? current.version)
    if (claimed.changes === 0) {
      throw new PreconditionFailed(`The ${c.kind} is at version ${current.version}, not ${expected === 0 ? 'the one If-Match names' : expected}: read it again and reapply the change`)
    }
    const { content, meta } = next(current, at)
    const { status, created_at, published_at, verified_at, verified_by } = current
    c.write(db, id, content, { status, created_at, published_at, verified_at, verified_by, ...meta, version: current.version + 1, updated_at: at })
    const after = c.load(db, [id])[0]!
    const incomplete = after.status === 'published' ? c.incomplete(db, after, step.action === 'publish') : []
    if (incomplete.length > 0) {
      throw new FieldErrors(incomplete.map((i) => ({ in: 'entry', ...i })), `The ${c.kind} is not complete enough to be published`, 422)
    }
    recordRevision(db, { kind: c.kind, id, action: step.action, actor: actorOf(key), at, before: current, after })
    if (step.contentChanges) syncOfferSearch(db, c.searchIds(db, id))
    c.emit(db, id, step.reason, at)
    return after
  })
}

function validated (db: Db, c: Curated, candidate: Content, key: ApiKeyIdentity, id: string, where: string): Content {
  const parsed = c.input.safeParse(candidate)
  if (!parsed.success) throw new FieldErrors(issuesOf(parsed.error, where), `The resulting ${c.kind} is not valid`)
  return checked(db, c, parsed.data, key, id)
}

/** Scope, references and slug of content about to be written. */
function checked (db: Db, c: Curated, content: Content, key: ApiKeyIdentity, id: string | null): Content {
  if (!mayCurate(key, c.organisationOf({ ...content, id: id ?? undefined }))) {
    throw new Forbidden(`This key may not curate entries of organisation ${String(content.organisation_id)}`)
  }
  const { content: completed, issues } = c.check(db, content, id)
  if (issues.length > 0) throw new FieldErrors(issues.map((i) => ({ in: 'body', ...i })), `The ${c.kind} refers to things that do not exist`)
  if (c.slugged) {
    const other = db.$client.prepare(`SELECT id FROM ${c.plural} WHERE slug = ?`).get(content.slug) as { id: string } | undefined
    if (other && other.id !== id) {
      throw new FieldErrors([{ in: 'body', path: '/slug', message: `'${String(content.slug)}' is already the slug of another ${c.kind}` }], 'The slug is taken', 409)
    }
  }
  return completed
}
