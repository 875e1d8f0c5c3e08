// Locations as the curation workflow handles them: municipality from the postcode, scope, feed (through their offers) and erasure.
import { eq } from 'drizzle-orm'
import { z } from 'zod'
import { emitLocation, emitOffers, eraseFromFeed } from '../changes/feed.js'
import type { Content, Curated, Entry, Issue } from '../curation/entity.js'
import { pick } from '../curation/entity.js'
import { recordRevision } from '../core/journal.js'
import { curationFields } from '../curation/schemas.js'
import type { Db } from '../db/client.js'
import { locations, offer_locations, organisations, postcodes } from '../db/schema.js'
import { offerEntity } from '../offers/admin.js'
import { getOrganisationRecord } from '../organisations/store.js'
import { LocationFields, LocationInput, type LocationRecord } from './schemas.js'
import { loadLocationRecords, writeLocation } from './store.js'

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

export const locationEntity: Curated = {
  kind: 'location',
  plural: 'locations',
  fields: LocationFields,
  input: LocationInput,
  record: AdminLocation,
  slugged: false,
  content: (entry) => pick(LocationFields, entry),
  load: (db, ids) => loadLocationRecords(db, ids) as unknown as Entry[],
  write: (db, id, content, meta) => writeLocation(db, id, content as Omit<LocationRecord, 'id' | keyof typeof meta>, meta),
  check: checkLocation,
  organisationOf: (entry) => entry.organisation_id as string,
  incomplete: (db, entry, publishing) => (publishing && getOrganisationRecord(db, entry.organisation_id as string)!.status !== 'published'
    ? [{ path: '/organisation_id', message: 'publish the organisation first' }]
    : []),
  searchIds: () => [],
  emit: (db, id, reason, at) => emitLocation(db, id, reason, at),
  // The offers that used the location lose it (a new revision each); their feed entries, which showed its address, are replaced.
  erase: (db, entry, { actor, at }) => {
    const offerIds = offerIdsAt(db, entry.id)
    for (const offer of offerEntity.load(db, offerIds)) {
      const content = offerEntity.content(offer)
      content.location_ids = (content.location_ids as string[]).filter((l) => l !== entry.id)
      content.opening_hours = (content.opening_hours as Array<{ location_id?: string }>).filter((h) => h.location_id !== entry.id)
      const { status, created_at, published_at, verified_at, verified_by } = offer
      offerEntity.write(db, offer.id, content, { status, created_at, published_at, verified_at, verified_by, version: offer.version + 1, updated_at: at })
      recordRevision(db, { kind: 'offer', id: offer.id, action: 'update', actor, at, before: offer, after: offerEntity.load(db, [offer.id])[0]! })
    }
    db.delete(locations).where(eq(locations.id, entry.id)).run()
    eraseFromFeed(db, 'offer', offerIds, at)
    emitOffers(db, offerIds, 'updated', at)
    return [{ kind: 'location', id: entry.id }]
  }
}
