// Reads and writes organisations as whole records.
import { eq } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import { organisations } from '../db/schema.js'
import { selectRows, upsertRow } from '../db/statements.js'
import type { EntryMeta } from '../core/entry.js'
import type { OrganisationInput, OrganisationRecord } from './schemas.js'

export function writeOrganisation (db: Db, id: string, input: OrganisationInput, meta: EntryMeta): void {
  const row = { ...input, ...meta, id }
  upsertRow(db, organisations, 'id', row)
}

export function loadOrganisationRecords (db: Db, ids?: string[]): OrganisationRecord[] {
  return selectRows(db, organisations, 'id', ids)
}

export function getOrganisationRecord (db: Db, id: string): OrganisationRecord | undefined {
  return selectRows(db, organisations, 'id', [id])[0]
}

export function findOrganisationId (db: Db, idOrSlug: string): string | undefined {
  const column = /^[0-9a-f-]{36}$/i.test(idOrSlug) ? organisations.id : organisations.slug
  return db.select({ id: organisations.id }).from(organisations).where(eq(column, idOrSlug)).get()?.id
}
