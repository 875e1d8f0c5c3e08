// Offers as the curation workflow handles them: the admin record, completeness rules, scope, search and feed.
import { eq } from 'drizzle-orm'
import { z } from 'zod'
import { emitOffers, eraseFromFeed } from '../changes/feed.js'
import type { Curated, Entry, Issue } from '../curation/entity.js'
import { pick } from '../curation/entity.js'
import { curationFields } from '../curation/schemas.js'
import type { Db } from '../db/client.js'
import { contacts } from '../db/schema.js'
import { loadLocationRecords } from '../locations/store.js'
import { getOrganisationRecord } from '../organisations/store.js'
import { checkOfferReferences } from './references.js'
import { ContactInput, OfferFields, OfferInput, type OfferRecord, Uuid } from './schemas.js'
import { syncOfferSearch } from './search-text.js'
import { deleteOffer, loadOfferRecords, writeOffer } from './store.js'

export const AdminOffer = OfferFields.extend({
  ...curationFields,
  contacts: z.array(ContactInput.extend({ id: Uuid })).max(20)
}).meta({ id: 'AdminOffer', description: 'An offer with everything stored about it, in every status' })

/** An offer with content rules met can be published; these are the rules, with the field each is about. */
export function offerIncomplete (db: Db, offer: OfferRecord, publishing: boolean): Issue[] {
  const issues: Issue[] = []
  if (offer.from_month === null && offer.to_month === null) {
    issues.push({ path: '/from_month', message: 'set the phase: from_month, to_month or both' })
  }
  if (offer.service_area.length === 0) issues.push({ path: '/service_area', message: 'name at least one region the offer serves' })
  if (offer.languages.length === 0) issues.push({ path: '/languages', message: 'name at least one language the offer is given in' })
  if (offer.modes.length === 0) issues.push({ path: '/modes', message: 'name at least one way the offer is delivered' })
  if (publishing) {
    if (getOrganisationRecord(db, offer.organisation_id)!.status !== 'published') {
      issues.push({ path: '/organisation_id', message: 'publish the organisation first' })
    }
    const published = new Set(loadLocationRecords(db, offer.location_ids).filter((l) => l.status === 'published').map((l) => l.id))
    offer.location_ids.forEach((id, i) => { if (!published.has(id)) issues.push({ path: `/location_ids/${i}`, message: 'publish this location first' }) })
  }
  // Hours at an unpublished location would show its id; a published offer's hours are at none or at a published one.
  const atLocation = offer.opening_hours.flatMap((h) => h.location_id === undefined ? [] : [h.location_id])
  const published = new Set(loadLocationRecords(db, atLocation).filter((l) => l.status === 'published').map((l) => l.id))
  offer.opening_hours.forEach((h, i) => {
    if (h.location_id !== undefined && !published.has(h.location_id)) {
      issues.push({ path: `/opening_hours/${i}/location_id`, message: 'publish this location first, or give these hours no location' })
    }
  })
  return issues
}

/** Contacts keep their ids across writes when they stay the same, so the history does not show them as changed. */
function keepContactIds (db: Db, id: string, content: Record<string, unknown>): OfferInput {
  const stored = db.select().from(contacts).where(eq(contacts.offer_id, id)).all().map((row) => ({
    id: row.id,
    text: JSON.stringify(Object.fromEntries(Object.entries({ name: row.name, title: row.title, email: row.email, phone: row.phone }).filter(([, v]) => v !== null)))
  }))
  const list = (content.contacts as Array<Record<string, unknown>>).map((c) => {
    const match = stored.findIndex((s) => s.text === JSON.stringify(c))
    return match < 0 ? c : { ...c, id: stored.splice(match, 1)[0]!.id }
  })
  return { ...content, contacts: list } as OfferInput
}

export const offerEntity: Curated = {
  kind: 'offer',
  plural: 'offers',
  fields: OfferFields,
  input: OfferInput,
  record: AdminOffer,
  slugged: true,
  content: (entry) => ({
    ...pick(OfferFields, entry),
    contacts: (entry.contacts as Array<Record<string, unknown>>).map(({ id: _id, ...contact }) => contact)
  }),
  load: (db, ids) => loadOfferRecords(db, ids) as unknown as Entry[],
  write: (db, id, content, meta) => writeOffer(db, id, keepContactIds(db, id, content), meta),
  check: (db, content) => ({ content, issues: checkOfferReferences(db, content as OfferInput) }),
  organisationOf: (entry) => entry.organisation_id as string,
  incomplete: (db, entry, publishing) => offerIncomplete(db, entry as unknown as OfferRecord, publishing),
  searchIds: (_db, id) => [id],
  emit: (db, id, reason, at) => emitOffers(db, [id], reason, at),
  erase: (db, entry, { at }) => {
    deleteOffer(db, entry.id)
    syncOfferSearch(db, [entry.id])
    eraseFromFeed(db, 'offer', [entry.id], at)
    return [{ kind: 'offer', id: entry.id }]
  }
}
