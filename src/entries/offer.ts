// Offers as curated entries: the admin record, completeness rules, scope, search text and feed, and their write.
import { z } from 'zod'
import { emitOfferRecords, eraseFromFeed } from '../changes/feed.js'
import { curationFields, Uuid } from '../core/fields.js'
import type { Db } from '../db/client.js'
import { loadLocationRecords } from '../locations/store.js'
import { checkOfferReferences } from '../offers/references.js'
import { ContactInput, OfferFields, OfferInput, type OfferRecord } from '../offers/schemas.js'
import { addOfferSearch, SEARCHED_FIELDS, syncOfferSearch } from '../offers/search-text.js'
import { deleteOffer, loadOfferRecords, writeOffer } from '../offers/store.js'
import { getOrganisationRecord } from '../organisations/store.js'
import type { Curated, Entry, Issue } from './entity.js'
import { pick } from './entity.js'
import { type Change, type EntryWrite, writeEntries, type WriteOptions } from './write.js'

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
  return issues
}

/** Contacts keep their ids across writes when they stay the same, so the history does not show them as changed. */
function keepContactIds (before: Entry | null, content: Record<string, unknown>): OfferInput {
  if (before === null) return content as OfferInput
  const stored = (before as unknown as OfferRecord).contacts.map(({ id, ...contact }) => ({ id, text: JSON.stringify(contact) }))
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
  write: (db, id, content, meta, before) => writeOffer(db, id, keepContactIds(before, content), meta) as unknown as Entry,
  check: (db, content) => ({ content, issues: checkOfferReferences(db, content as OfferInput) }),
  organisationOf: (entry) => entry.organisation_id as string,
  incomplete: (db, entry, publishing) => offerIncomplete(db, entry as unknown as OfferRecord, publishing),
  // A new offer gets its search row in one go; a stored one's is rewritten only when its searched text changed.
  search: (db, written) => {
    const created = written.filter((w) => w.before === null).map((w) => w.after as unknown as OfferRecord)
    const changed = written.filter((w) => w.before !== null && SEARCHED_FIELDS.some((f) => JSON.stringify(w.before![f]) !== JSON.stringify(w.after[f])))
    if (created.length > 0) addOfferSearch(db, created)
    if (changed.length > 0) syncOfferSearch(db, changed.map((w) => w.after.id))
  },
  emit: (db, entries, reason, at) => emitOfferRecords(db, entries.map((e) => e.id), new Map(entries.map((e) => [e.id, e as unknown as OfferRecord])), reason, at),
  erase: (db, entry, { at }) => {
    deleteOffer(db, entry.id)
    syncOfferSearch(db, [entry.id])
    eraseFromFeed(db, 'offer', [entry.id], at)
    return [{ kind: 'offer', id: entry.id }]
  }
}

/** The one write path, typed for offers. */
export function writeOfferEntries (db: Db, writes: Array<EntryWrite<OfferInput>>, change: Change, options?: WriteOptions): OfferRecord[] {
  return writeEntries(db, offerEntity, writes, change, options) as unknown as OfferRecord[]
}
