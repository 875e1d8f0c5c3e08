// Reads for the admin lists: entries in every status (within a key's scope), revisions, the audit log, stale entries.
import { and, count, desc, eq, type SQL } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import { audit_log, revisions, type STATUSES } from '../db/schema.js'
import type { ApiKeyIdentity } from '../keys/store.js'
import type { Curated } from '../entries/entity.js'
import type { EntityKind } from '../core/entry.js'

type Filter = { status?: typeof STATUSES[number] | undefined, organisation_id?: string | undefined, q?: string | undefined }

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`

/** The id of the entry with this slug (offers and organisations have one). */
export function idOfSlug (db: Db, c: Curated, slug: string): string | undefined {
  return (db.$client.prepare(`SELECT id FROM ${c.plural} WHERE slug = ?`).get(slug) as { id: string } | undefined)?.id
}

/** The ids of one page of entries, newest change first; an editor key sees its organisations' entries only. */
export function listEntries (db: Db, c: Curated, filter: Filter, key: ApiKeyIdentity, limit: number, offset: number): { total: number, ids: string[] } {
  const organisationColumn = c.kind === 'organisation' ? 'id' : 'organisation_id'
  const where: string[] = []
  const params: unknown[] = []
  if (filter.status !== undefined) { where.push('status = ?'); params.push(filter.status) }
  if (filter.organisation_id !== undefined) { where.push(`${organisationColumn} = ?`); params.push(filter.organisation_id) }
  if (filter.q !== undefined) {
    where.push(c.slugged ? "(slug LIKE ? ESCAPE '\\' OR name LIKE ? ESCAPE '\\')" : "name LIKE ? ESCAPE '\\'")
    params.push(...(c.slugged ? [likePattern(filter.q), likePattern(filter.q)] : [likePattern(filter.q)]))
  }
  if (key.role !== 'admin') {
    where.push(`${organisationColumn} IN (SELECT value FROM json_each(?))`)
    params.push(JSON.stringify([...key.organisation_ids]))
  }
  const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''
  const total = (db.$client.prepare(`SELECT count(*) AS n FROM ${c.plural} ${clause}`).get(...params) as { n: number }).n
  const rows = db.$client.prepare(`SELECT id FROM ${c.plural} ${clause} ORDER BY updated_at DESC, id LIMIT ? OFFSET ?`).all(...params, limit, offset) as Array<{ id: string }>
  return { total, ids: rows.map((r) => r.id) }
}

export function listRevisions (db: Db, kind: EntityKind, id: string, limit: number, offset: number) {
  const where = and(eq(revisions.entity_kind, kind), eq(revisions.entity_id, id))
  const total = db.select({ n: count() }).from(revisions).where(where).get()!.n
  const rows = db.select({
    revision: revisions.revision, action: revisions.action, at: revisions.at, key_id: revisions.key_id, key_label: revisions.key_label, changes: revisions.changes
  }).from(revisions).where(where).orderBy(desc(revisions.revision)).limit(limit).offset(offset).all()
  return { total, rows }
}

type AuditFilter = { entity_kind?: string | undefined, entity_id?: string | undefined, action?: string | undefined, key_id?: string | undefined }

export function listAudit (db: Db, filter: AuditFilter, limit: number, offset: number) {
  const conditions: SQL[] = []
  if (filter.entity_kind !== undefined) conditions.push(eq(audit_log.entity_kind, filter.entity_kind))
  if (filter.entity_id !== undefined) conditions.push(eq(audit_log.entity_id, filter.entity_id))
  if (filter.action !== undefined) conditions.push(eq(audit_log.action, filter.action))
  if (filter.key_id !== undefined) conditions.push(eq(audit_log.key_id, filter.key_id))
  const where = and(...conditions)
  const total = db.select({ n: count() }).from(audit_log).where(where).get()!.n
  const rows = db.select().from(audit_log).where(where).orderBy(desc(audit_log.id)).limit(limit).offset(offset).all()
  return { total, rows }
}

const STALE_SOURCES = [
  { kind: 'offer', sql: "SELECT 'offer' AS kind, id, json_extract(name, '$.nl') AS name, organisation_id, verified_at, verified_by, updated_at, (SELECT count(*) FROM reports r WHERE r.offer_id = offers.id AND r.status = 'open') AS open_reports, 0 AS approximate_position FROM offers WHERE status = 'published'" },
  { kind: 'organisation', sql: "SELECT 'organisation' AS kind, id, json_extract(name, '$.nl') AS name, id AS organisation_id, verified_at, verified_by, updated_at, 0 AS open_reports, 0 AS approximate_position FROM organisations WHERE status = 'published'" },
  { kind: 'location', sql: "SELECT 'location' AS kind, id, name, organisation_id, verified_at, verified_by, updated_at, 0 AS open_reports, approximate_position FROM locations WHERE status = 'published'" }
] as const

/**
 * Published entries nobody verified since `cutoff`, offers with open reports, and locations placed only at their
 * postcode's centre until a curator confirms a point (never verified first, then the longest ago).
 */
export function listStale (db: Db, cutoff: string, kind: EntityKind | undefined, key: ApiKeyIdentity, limit: number, offset: number) {
  const scoped = key.role !== 'admin'
  const union = STALE_SOURCES.filter((s) => kind === undefined || s.kind === kind).map((s) => s.sql).join(' UNION ALL ')
  const from = `FROM (${union}) WHERE (verified_at IS NULL OR verified_at < ? OR open_reports > 0 OR approximate_position = 1)${scoped ? ' AND organisation_id IN (SELECT value FROM json_each(?))' : ''}`
  const params = scoped ? [cutoff, JSON.stringify([...key.organisation_ids])] : [cutoff]
  const total = (db.$client.prepare(`SELECT count(*) AS n ${from}`).get(...params) as { n: number }).n
  const rows = db.$client.prepare(`SELECT kind, id, name, organisation_id, verified_at, verified_by, updated_at, open_reports, approximate_position ${from}
    ORDER BY verified_at IS NOT NULL, verified_at, kind, id LIMIT ? OFFSET ?`).all(...params, limit, offset)
  return { total, rows: rows as Array<{ kind: EntityKind, id: string, name: string, organisation_id: string, verified_at: string | null, verified_by: string | null, updated_at: string, open_reports: number, approximate_position: number }> }
}
