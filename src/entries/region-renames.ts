// Moves what named a region whose code changed (a renamed eerstelijnszone) to the current code, as a curated change.
import { type Db, inTransaction } from '../db/client.js'
import { prepared } from '../db/statements.js'
import type { OfferInput } from '../offers/schemas.js'
import { offerEntity, writeOfferEntries } from './offer.js'

export const REFERENCE_ACTOR = { key_id: null, label: 'reference data' }

/**
 * For each renamed code still stored as a region: every offer whose service area names it gets the current code in a
 * new version (a revision and a feed entry, so mirrors learn of it), and the old region row goes. The old code stays
 * an alias, so searches and links that use it keep working. Runs after the reference data is loaded (the renamed codes
 * are its aliases of kind `renamed`), at every start: once an old row is gone there is nothing left to do.
 */
export function applyRenamedCodes (db: Db, at = new Date().toISOString()): string[] {
  const renames = prepared(db, "SELECT alias AS old, region_code AS current FROM region_aliases WHERE kind = 'renamed' ORDER BY alias").all() as Array<{ old: string, current: string }>
  return inTransaction(db, () => renames.flatMap(({ old, current }) => {
    if (prepared(db, 'SELECT 1 FROM regions WHERE code = ?').get(old) === undefined) return []
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
    return ids
  }))
}
