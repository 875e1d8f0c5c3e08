// Issues, lists, revokes and authenticates API keys; the table holds only each secret's hash.
import { and, count, desc, eq, inArray, isNull, type SQL } from 'drizzle-orm'
import { randomUUID } from 'node:crypto'
import { type Db, inTransaction, writtenElsewhere } from '../db/client.js'
import { selectRows } from '../db/statements.js'
import { api_key_organisations, api_keys, type KEY_ROLES, organisations } from '../db/schema.js'
import type { Actor } from '../core/entry.js'
import { recordAudit } from '../core/journal.js'
import { Conflict, FieldErrors } from '../http/errors.js'
import { generateKey, hashSecret, parseKey, secretMatches } from './secret.js'

export type KeyRole = typeof KEY_ROLES[number]

/** Who is calling: what the auth hook hangs on `request.apiKey`. */
export type ApiKeyIdentity = { id: string, key_id: string, role: KeyRole, label: string, organisation_ids: ReadonlySet<string> }

export type KeyRecord = {
  id: string, key_id: string, role: KeyRole, label: string, organisation_ids: string[],
  created_at: string, created_by: string | null, last_used_at: string | null, revoked_at: string | null
}

export type NewKey = { role: KeyRole, label: string, organisation_ids?: string[] | undefined }

// A hash to compare against when the key id is unknown, so a miss costs the same as a wrong secret.
const DUMMY_HASH = hashSecret('no such key')

/** Last use is written at most once a minute per key, so reads do not turn into a write each. */
const LAST_USED_GRANULARITY_MS = 60_000

export function issueKey (db: Db, key: NewKey, actor: Actor, now = new Date().toISOString()): { record: KeyRecord, plain: string } {
  const organisationIds = [...new Set(key.organisation_ids ?? [])]
  checkScope(db, key.role, organisationIds)
  const { keyId, secret, plain } = generateKey()
  const id = randomUUID()
  inTransaction(db, () => {
    db.insert(api_keys).values({
      id, key_id: keyId, secret_hash: hashSecret(secret), role: key.role, label: key.label, created_at: now, created_by: actor.key_id
    }).run()
    if (organisationIds.length > 0) {
      db.insert(api_key_organisations).values(organisationIds.map((organisation_id) => ({ api_key_id: id, organisation_id }))).run()
    }
    recordAudit(db, { kind: 'key', id, action: 'issue', actor, at: now })
  })
  return { record: getKey(db, id)!, plain }
}

/** Editors curate the organisations named on their key; the other roles are not scoped. */
function checkScope (db: Db, role: KeyRole, organisationIds: string[]): void {
  if (role !== 'editor') {
    if (organisationIds.length > 0) {
      throw new FieldErrors([{ in: 'body', path: '/organisation_ids', message: `only editor keys are scoped to organisations, not ${role} keys` }])
    }
    return
  }
  if (organisationIds.length === 0) {
    throw new FieldErrors([{ in: 'body', path: '/organisation_ids', message: 'an editor key needs at least one organisation' }])
  }
  const known = new Set(db.select({ id: organisations.id }).from(organisations).where(inArray(organisations.id, organisationIds)).all().map((r) => r.id))
  const unknown = organisationIds.flatMap((id, i) => (known.has(id) ? [] : [{ in: 'body', path: `/organisation_ids/${i}`, message: `unknown organisation '${id}'` }]))
  if (unknown.length > 0) throw new FieldErrors(unknown)
}

export function listKeys (db: Db, filter: { role?: KeyRole | undefined, revoked?: boolean | undefined }, limit: number, offset: number): { total: number, rows: KeyRecord[] } {
  const conditions: SQL[] = []
  if (filter.role !== undefined) conditions.push(eq(api_keys.role, filter.role))
  if (filter.revoked === false) conditions.push(isNull(api_keys.revoked_at))
  const where = and(...conditions)
  const total = db.select({ n: count() }).from(api_keys).where(where).get()!.n
  const rows = db.select().from(api_keys).where(where).orderBy(desc(api_keys.created_at), api_keys.id).limit(limit).offset(offset).all()
  return { total, rows: withOrganisations(db, rows) }
}

export function getKey (db: Db, id: string): KeyRecord | undefined {
  const row = db.select().from(api_keys).where(eq(api_keys.id, id)).get()
  return row ? withOrganisations(db, [row])[0] : undefined
}

/** Revokes a key (idempotent); the last active admin key cannot go, or nobody could manage keys. */
export function revokeKey (db: Db, id: string, actor: Actor, now = new Date().toISOString()): KeyRecord | undefined {
  return inTransaction(db, () => {
    const key = getKey(db, id)
    if (!key || key.revoked_at !== null) return key
    if (key.role === 'admin') {
      const admins = db.select({ n: count() }).from(api_keys).where(and(eq(api_keys.role, 'admin'), isNull(api_keys.revoked_at))).get()!.n
      if (admins === 1) throw new Conflict('This is the last active admin key; issue another admin key before revoking it')
    }
    db.update(api_keys).set({ revoked_at: now }).where(eq(api_keys.id, id)).run()
    recordAudit(db, { kind: 'key', id, action: 'revoke', actor, at: now })
    return getKey(db, id)
  })
}

/** The caller behind an X-Api-Key value, or undefined for a malformed, unknown or revoked key. */
export function authenticate (db: Db, plain: string, now = Date.now()): ApiKeyIdentity | undefined {
  const parts = parseKey(plain)
  // Prepared statements: building these queries with drizzle's builder cost more than running them, on every keyed request.
  const row = parts && selectRows(db, api_keys, 'key_id', [parts.keyId])[0]
  const matches = secretMatches(row?.secret_hash ?? DUMMY_HASH, parts?.secret ?? '')
  if (!row || !matches || row.revoked_at !== null) return undefined
  // A hint, not a record: while an import is being written (db/client.ts writingElsewhere) it waits for a later use.
  if ((row.last_used_at === null || now - Date.parse(row.last_used_at) >= LAST_USED_GRANULARITY_MS) && !writtenElsewhere(db)) {
    db.update(api_keys).set({ last_used_at: new Date(now).toISOString() }).where(eq(api_keys.id, row.id)).run()
  }
  const scope = selectRows(db, api_key_organisations, 'api_key_id', [row.id])
  return { id: row.id, key_id: row.key_id, role: row.role, label: row.label, organisation_ids: new Set(scope.map((s) => s.organisation_id)) }
}

function withOrganisations (db: Db, rows: Array<typeof api_keys.$inferSelect>): KeyRecord[] {
  const ids = rows.map((r) => r.id)
  const links = ids.length === 0 ? [] : db.select().from(api_key_organisations).where(inArray(api_key_organisations.api_key_id, ids)).all()
  return rows.map(({ secret_hash: _hash, ...row }) => ({
    ...row,
    organisation_ids: links.filter((l) => l.api_key_id === row.id).map((l) => l.organisation_id).sort()
  }))
}
