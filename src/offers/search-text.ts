// Keeps the FTS5 table `offer_search` in step with the offers: one row per offer, text in every language.
import { inArray, sql } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import { care_types, organisations, roles, target_groups } from '../db/schema.js'
import type { OfferRecord } from './schemas.js'
import { loadOfferRecords } from './store.js'

type Labelled = { code: string, label: Record<string, string | undefined>, synonyms: string[] }

/** Rewrites the search rows of these offers (every offer when ids is undefined); erased offers lose theirs. */
export function syncOfferSearch (db: Db, ids?: string[]): void {
  const records = loadOfferRecords(db, ids)
  const words = taxonomyWords(db)
  const orgIds = [...new Set(records.map((r) => r.organisation_id))]
  const orgNames = new Map<string, string>()
  for (let i = 0; i < orgIds.length; i += 500) {
    for (const o of db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(inArray(organisations.id, orgIds.slice(i, i + 500))).all()) {
      orgNames.set(o.id, allLanguages(o.name))
    }
  }
  const remove = db.$client.prepare('DELETE FROM offer_search WHERE offer_id = ?')
  const insert = db.$client.prepare('INSERT INTO offer_search (offer_id, name, labels, organisation, description) VALUES (?, ?, ?, ?, ?)')
  if (ids === undefined) db.run(sql`DELETE FROM offer_search`)
  else for (const id of ids) remove.run(id)
  for (const r of records) {
    insert.run(r.id, allLanguages(r.name), labelText(r, words), orgNames.get(r.organisation_id) ?? '', allLanguages(r.description))
  }
}

/** Care type (with its ancestors), roles and target groups, as labels in every language plus their synonyms. */
function labelText (r: OfferRecord, words: Map<string, Labelled & { parent?: string | null }>): string {
  const codes = [...careTypeLine(r.care_type, words), ...r.roles.map((c) => `role:${c}`), ...r.target_groups.map((c) => `tg:${c}`)]
  return codes.map((c) => words.get(c)).filter((w) => w !== undefined)
    .map((w) => [allLanguages(w.label), ...w.synonyms].join(' ')).join(' | ')
}

function careTypeLine (code: string, words: Map<string, Labelled & { parent?: string | null }>): string[] {
  const line: string[] = []
  for (let c: string | null | undefined = code; c; c = words.get(`ct:${c}`)?.parent) line.push(`ct:${c}`)
  return line
}

function taxonomyWords (db: Db): Map<string, Labelled & { parent?: string | null }> {
  const words = new Map<string, Labelled & { parent?: string | null }>()
  for (const c of db.select().from(care_types).all()) words.set(`ct:${c.code}`, { ...c, parent: c.parent_code })
  for (const c of db.select().from(roles).all()) words.set(`role:${c.code}`, c)
  for (const c of db.select().from(target_groups).all()) words.set(`tg:${c.code}`, c)
  return words
}

function allLanguages (text: Record<string, string | undefined>): string {
  return [...new Set([text.nl, text.fr, text.en].filter(Boolean))].join(' | ')
}
