// What the public sees of an offer and its locations, text in every language (feed, export and search all start here).
import type { Db } from '../db/client.js'
import type { LocationRecord } from '../locations/schemas.js'
import { loadLocationRecords } from '../locations/store.js'
import type { OfferRecord } from './schemas.js'
import { loadOfferRecords } from './store.js'

export type PublicLocationRecord = ReturnType<typeof publicLocationRecord>
export type PublicOfferRecord = ReturnType<typeof publicOfferRecord>

export function publicLocationRecord (l: LocationRecord) {
  return {
    id: l.id, name: l.name, street: l.street, postcode: l.postcode, municipality_code: l.municipality_code,
    latitude: l.latitude, longitude: l.longitude, wheelchair_accessible: l.wheelchair_accessible,
    pram_accessible: l.pram_accessible, public_transport_note: l.public_transport_note, approximate_position: l.approximate_position
  }
}

/** An offer as published; only its published locations are shown, and only the hours at none or at one of those. */
export function publicOfferRecord (o: OfferRecord, locationsById: ReadonlyMap<string, LocationRecord>) {
  const { internal_note: _n, status: _s, version: _v, created_at: _c, published_at: _p, verified_at, verified_by: _vb, location_ids, ...fields } = o
  const locations = location_ids
    .map((id) => locationsById.get(id))
    .filter((l): l is LocationRecord => l !== undefined && l.status === 'published')
    .map(publicLocationRecord)
  const shown = new Set(locations.map((l) => l.id))
  const openingHours = o.opening_hours.some((h) => h.location_id !== undefined && !shown.has(h.location_id))
    ? o.opening_hours.filter((h) => h.location_id === undefined || shown.has(h.location_id))
    : o.opening_hours
  // Object.assign rather than a spread, as in fromRow (offers/store.ts): no garbage left in V8's old generation.
  return Object.assign(fields, { opening_hours: openingHours, locations, last_verified: verified_at })
}

/** The public records of these offers (stored ones only), in the order given. */
export function loadPublicOffers (db: Db, ids: string[]): PublicOfferRecord[] {
  const records = loadOfferRecords(db, ids)
  const locations = new Map(loadLocationRecords(db, [...new Set(records.flatMap((r) => r.location_ids))]).map((l) => [l.id, l]))
  const byId = new Map(records.map((r) => [r.id, publicOfferRecord(r, locations)]))
  return ids.filter((id) => byId.has(id)).map((id) => byId.get(id)!)
}
