// Reads and writes locations as whole records.
import { eq } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import { locations } from '../db/schema.js'
import { selectRows, upsertRow } from '../db/statements.js'
import type { EntryMeta } from '../core/entry.js'
import type { LocationRecord } from './schemas.js'

export function writeLocation (db: Db, id: string, input: Omit<LocationRecord, keyof EntryMeta | 'id'>, meta: EntryMeta): void {
  const row = { ...input, ...meta, id }
  upsertRow(db, locations, 'id', row)
}

export function loadLocationRecords (db: Db, ids?: string[]): LocationRecord[] {
  return selectRows(db, locations, 'id', ids)
}

export function getLocationRecord (db: Db, id: string): LocationRecord | undefined {
  return selectRows(db, locations, 'id', [id])[0]
}
