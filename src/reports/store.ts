// The reports table: new reports, the curators' queue within a key's scope, handling, and clearing reporters' e-mail.
import { randomUUID } from 'node:crypto'
import type { Db } from '../db/client.js'
import type { REPORT_STATUSES } from '../db/schema.js'
import type { ApiKeyIdentity } from '../keys/store.js'
import type { Report, ReportInput } from './schemas.js'

type Row = Omit<Report, 'offer'> & { offer_id: string, slug: string, name: string, organisation_id: string }

const SELECT = `SELECT r.id, r.offer_id, o.slug, json_extract(o.name, '$.nl') AS name, o.organisation_id, r.reason, r.text,
  r.reporter_email, r.status, r.created_at, r.handled_at, r.handled_by, r.note FROM reports r JOIN offers o ON o.id = r.offer_id`

const toReport = ({ offer_id, slug, name, organisation_id, ...r }: Row): Report => ({ ...r, offer: { id: offer_id, slug, name, organisation_id } })

/** The id of a published offer of a published organisation, by id or slug: what the public may report on. */
export function publicOfferId (db: Db, idOrSlug: string): string | undefined {
  return (db.$client.prepare(`SELECT o.id FROM offers o JOIN organisations g ON g.id = o.organisation_id
    WHERE (o.id = ? OR o.slug = ?) AND o.status = 'published' AND g.status = 'published'`).get(idOrSlug, idOrSlug) as { id: string } | undefined)?.id
}

export function insertReport (db: Db, offerId: string, input: ReportInput, at: string): string {
  const id = randomUUID()
  db.$client.prepare('INSERT INTO reports (id, offer_id, reason, text, reporter_email, created_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(id, offerId, input.reason, input.text || null, input.email ?? null, at)
  return id
}

type Filter = { status: typeof REPORT_STATUSES[number], offer?: string | undefined }

/** One page of reports, oldest first (a queue); an editor key sees its organisations' offers' reports only. */
export function listReports (db: Db, filter: Filter, key: ApiKeyIdentity, limit: number, offset: number): { total: number, rows: Report[] } {
  const where = ['r.status = ?']
  const params: unknown[] = [filter.status]
  if (filter.offer !== undefined) { where.push('(o.id = ? OR o.slug = ?)'); params.push(filter.offer, filter.offer) }
  if (key.role !== 'admin') { where.push('o.organisation_id IN (SELECT value FROM json_each(?))'); params.push(JSON.stringify([...key.organisation_ids])) }
  const clause = `WHERE ${where.join(' AND ')}`
  const total = (db.$client.prepare(`SELECT count(*) AS n FROM reports r JOIN offers o ON o.id = r.offer_id ${clause}`).get(...params) as { n: number }).n
  // Reports made within one millisecond share created_at: the rowid keeps the order they came in (the id is random).
  const rows = db.$client.prepare(`${SELECT} ${clause} ORDER BY r.created_at, r.rowid LIMIT ? OFFSET ?`).all(...params, limit, offset) as Row[]
  return { total, rows: rows.map(toReport) }
}

export function getReport (db: Db, id: string): Report | undefined {
  const row = db.$client.prepare(`${SELECT} WHERE r.id = ?`).get(id) as Row | undefined
  return row && toReport(row)
}

/** Marks an open report handled and forgets the reporter's e-mail; false when it was no longer open. */
export function handleReport (db: Db, id: string, status: 'resolved' | 'rejected', handling: { at: string, by: string, note: string | null }): boolean {
  return db.$client.prepare(`UPDATE reports SET status = ?, handled_at = ?, handled_by = ?, note = ?, reporter_email = NULL
    WHERE id = ? AND status = 'open'`).run(status, handling.at, handling.by, handling.note, id).changes === 1
}

/** Erasure: forgets the e-mail of everyone who reported on these offers (the reports themselves stay, without it). */
export function clearReporterEmails (db: Db, offerIds: string[]): number {
  return db.$client.prepare('UPDATE reports SET reporter_email = NULL WHERE reporter_email IS NOT NULL AND offer_id IN (SELECT value FROM json_each(?))')
    .run(JSON.stringify(offerIds)).changes
}
