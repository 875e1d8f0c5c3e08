// Moves what named a region whose code changed (a renamed eerstelijnszone) to the current code, as a curated change.
import type { Db } from '../db/client.js'
import { prepared } from '../db/statements.js'
import { offerEntity, writeOfferEntries } from '../entries/offer.js'
import type { OfferInput } from '../offers/schemas.js'

export type RenamedCode = { old_code: string, current_code: string }

export const REFERENCE_ACTOR = { key_id: null, label: 'reference data' }

/**
 * For each renamed code still stored as a region: every offer whose service area names it gets the current code in a
 * new version (a revision and a feed entry, so mirrors learn of it), and the old region row goes. The old code stays
 * an alias, so searches and links that use it keep working. Call inside the reference load's transaction, after the
 * current region is written (the service areas' foreign key).
 */
export function applyRenamedCodes (db: Db, renames: RenamedCode[], at: string): string[] {
  const moved: string[] = []
  for (const { old_code: old, current_code: current } of renames) {
    if (prepared(db, 'SELECT 1 FROM regions WHERE code = ?').get(old) === undefined) continue
    const ids = prepared(db, 'SELECT offer_id FROM offer_service_areas WHERE region_code = ? ORDER BY offer_id').pluck().all(old) as string[]
    const writes = offerEntity.load(db, ids).map((before) => {
      const content = offerEntity.content(before) as OfferInput
      const { status, created_at, published_at, verified_at, verified_by } = before
      return {
        id: before.id, before,
        content: { ...content, service_area: [...new Set(content.service_area.map((code) => (code === old ? current : code)))] },
        meta: { status, created_at, published_at, verified_at, verified_by, version: before.version + 1, updated_at: at }
      }
    })
    // Checked: only a code changed, to one the reference has just written.
    writeOfferEntries(db, writes, { action: 'update', reason: 'updated', actor: REFERENCE_ACTOR, at }, { checked: true })
    prepared(db, 'DELETE FROM regions WHERE code = ?').run(old)
    moved.push(...ids)
  }
  return moved
}
