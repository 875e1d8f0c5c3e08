// Reads and writes organisations as whole records.
import { eq, inArray } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import { organisations } from '../db/schema.js'
import type { EntryMeta } from '../offers/store.js'
import type { OrganisationInput, OrganisationRecord } from './schemas.js'

export function writeOrganisation (db: Db, id: string, input: OrganisationInput, meta: EntryMeta): void {
  const row = { ...input, ...meta, id }
  db.insert(organisations).values(row).onConflictDoUpdate({ target: organisations.id, set: row }).run()
}

export function loadOrganisationRecords (db: Db, ids?: string[]): OrganisationRecord[] {
  if (ids === undefined) return db.select().from(organisations).all()
  if (ids.length === 0) return []
  return db.select().from(organisations).where(inArray(organisations.id, ids)).all()
}

export function getOrganisationRecord (db: Db, id: string): OrganisationRecord | undefined {
  return db.select().from(organisations).where(eq(organisations.id, id)).get()
}

export function findOrganisationId (db: Db, idOrSlug: string): string | undefined {
  const column = /^[0-9a-f-]{36}$/i.test(idOrSlug) ? organisations.id : organisations.slug
  return db.select({ id: organisations.id }).from(organisations).where(eq(column, idOrSlug)).get()?.id
}
