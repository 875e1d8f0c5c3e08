// What every curated entry carries besides its content: the workflow metadata, its kind, and who changed it.
import type { ENTITY_KINDS } from '../db/schema.js'
import type { Status } from './fields.js'

export type EntityKind = typeof ENTITY_KINDS[number]

/** The server-managed fields of a stored entry. */
export type EntryMeta = {
  status: Status
  version: number
  created_at: string
  updated_at: string
  published_at: string | null
  verified_at: string | null
  verified_by: string | null
}

/** Who made a change, as the history and the audit log name it (no key for sample data and the command line). */
export type Actor = { key_id: string | null, label: string }
