// Locations as curated entries: municipality from the postcode, scope, feed (through their offers), erasure, and their write.
import { eq } from 'drizzle-orm'
import { z } from 'zod'
import { emitLocation, eraseFromFeed } from '../changes/feed.js'
import type { EntryMeta } from '../core/entry.js'
import { curationFields } from '../core/fields.js'
import type { Db } from '../db/client.js'
import { locations, offer_locations, organisations, postcodes } from '../db/schema.js'
import { LocationFields, LocationInput, type LocationRecord } from '../locations/schemas.js'
import { getLocationRecord, loadLocationRecords, writeLocation } from '../locations/store.js'
import type { OfferInput } from '../offers/schemas.js'
import { getOrganisationRecord } from '../organisations/store.js'
import type { Content, Curated, Entry, Issue } from './entity.js'
import { pick } from './entity.js'
import { offerEntity, writeOfferEntries } from './offer.js'
import { scrubOfferHistory, withoutLocation } from './scrub.js'
import { type Change, type EntryWrite, writeEntries, type WriteOptions } from './write.js'

/** What a curator writes of a location: everything but the server-managed fields. */
export type LocationContent = Omit<LocationRecord, keyof EntryMeta | 'id'>

export const AdminLocation = LocationFields.extend({ ...curationFields, municipality_code: z.string().regex(/^\d{5}$/).max(5) })
  .meta({ id: 'AdminLocation', description: 'A location with everything stored about it, in every status' })

const offerIdsAt = (db: Db, id: string) =>
  db.select({ id: offer_locations.offer_id }).from(offer_locations).where(eq(offer_locations.location_id, id)).all().map((r) => r.id)

/** The organisation must exist; the municipality must be one the postcode lies in, and is taken from it when there is only one. */
function checkLocation (db: Db, content: Content, id: string | null): { content: Content, issues: Issue[] } {
  const issues: Issue[] = []
  const organisationId = content.organisation_id as string
  if (!db.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, organisationId)).get()) {
    issues.push({ path: '/organisation_id', message: `unknown organisation '${organisationId}'` })
  } else if (id !== null) {
    const stored = loadLocationRecords(db, [id])[0]!
    if (stored.organisation_id !== organisationId && offerIdsAt(db, id).length > 0) {
      issues.push({ path: '/organisation_id', message: 'offers use this location: take it out of them before moving it to another organisation' })
    }
  }
  const municipalities = [...new Set(db.select({ code: postcodes.municipality_code }).from(postcodes)
    .where(eq(postcodes.postcode, content.postcode as string)).all().map((p) => p.code))]
  const given = content.municipality_code as string | undefined
  if (municipalities.length === 0) {
    issues.push({ path: '/postcode', message: `unknown postcode '${String(content.postcode)}'` })
  } else if (given !== undefined && !municipalities.includes(given)) {
    issues.push({ path: '/municipality_code', message: `postcode ${String(content.postcode)} lies in ${municipalities.join(', ')}` })
  } else if (given === undefined && municipalities.length > 1) {
    issues.push({ path: '/municipality_code', message: `postcode ${String(content.postcode)} spans several municipalities: name one of ${municipalities.join(', ')}` })
  }
  return { content: { ...content, municipality_code: given ?? municipalities[0] }, issues }
}

/**
 * A location without a point is placed at the centre of its postcode (the mean of the postcode's places in its
 * municipality), marked approximate, so it has a distance and is found in radius searches; so is an approximate one
 * that moves to another postcode. A curator confirms a point by sending coordinates with `approximate_position: false`.
 */
function placeAtPostcode (db: Db, l: LocationContent, before: Entry | null): LocationContent {
  const moved = l.approximate_position && before !== null && before.postcode !== l.postcode && before.latitude === l.latitude && before.longitude === l.longitude
  if (l.latitude !== null && !moved) return l
  const [latitude, longitude] = db.$client.prepare('SELECT avg(latitude), avg(longitude) FROM postcodes WHERE postcode = ? AND municipality_code = ?')
    .raw().get(l.postcode, l.municipality_code) as [number | null, number | null]
  /* c8 ignore next */ // why: every write's postcode and municipality were checked against this table (checkLocation, the data-file checks)
  if (latitude === null || longitude === null) return l
  const round = (degrees: number) => Math.round(degrees * 1e5) / 1e5
  return { ...l, latitude: round(latitude), longitude: round(longitude), approximate_position: true }
}

export const locationEntity: Curated = {
  kind: 'location',
  plural: 'locations',
  fields: LocationFields,
  input: LocationInput,
  record: AdminLocation,
  slugged: false,
  content: (entry) => pick(LocationFields, entry),
  load: (db, ids) => loadLocationRecords(db, ids) as unknown as Entry[],
  write: (db, id, content, meta, before) => {
    writeLocation(db, id, placeAtPostcode(db, content as LocationContent, before), meta)
    return getLocationRecord(db, id) as unknown as Entry
  },
  check: checkLocation,
  organisationOf: (entry) => entry.organisation_id as string,
  incomplete: (db, entry, publishing) => (publishing && getOrganisationRecord(db, entry.organisation_id as string)!.status !== 'published'
    ? [{ path: '/organisation_id', message: 'publish the organisation first' }]
    : []),
  // A location's text is not searched.
  search: () => {},
  emit: (db, entries, reason, at) => { for (const e of entries) emitLocation(db, e.id, reason, at) },
  // The offers that use the location lose it (a new revision each, whatever else they lack: an erasure does not wait on
  // completeness); their feed entries, which showed its address, are replaced.
  erase: (db, entry, { actor, at }) => {
    const offers = offerEntity.load(db, offerIdsAt(db, entry.id))
    eraseFromFeed(db, 'offer', offers.map((o) => o.id), at)
    writeOfferEntries(db, offers.map((offer) => {
      const content = offerEntity.content(offer)
      content.location_ids = (content.location_ids as string[]).filter((l) => l !== entry.id)
      content.opening_hours = (content.opening_hours as Array<{ location_id?: string }>).filter((h) => h.location_id !== entry.id)
      const { status, created_at, published_at, verified_at, verified_by } = offer
      return { id: offer.id, content: content as OfferInput, meta: { status, created_at, published_at, verified_at, verified_by, version: offer.version + 1, updated_at: at }, before: offer }
    }), { action: 'update', reason: 'updated', actor, at }, { checked: true })
    // Offers that used it earlier still hold it in their history and their older feed entries (with its address there).
    scrubOfferHistory(db, withoutLocation(entry.id), { mention: entry.id })
    db.delete(locations).where(eq(locations.id, entry.id)).run()
    return [{ kind: 'location', id: entry.id }]
  }
}

/** The one write path, typed for locations. */
export function writeLocationEntries (db: Db, writes: Array<EntryWrite<LocationContent>>, change: Change, options?: WriteOptions): LocationRecord[] {
  return writeEntries(db, locationEntity, writes, change, options) as unknown as LocationRecord[]
}
