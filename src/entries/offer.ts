// Offers as curated entries: the admin record, completeness rules, scope, search text and feed, and their write.
import { z } from 'zod'
import { emitOfferRecords, eraseFromFeed } from '../changes/feed.js'
import { curationFields, Uuid } from '../core/fields.js'
import { type Db, inTransaction } from '../db/client.js'
import { loadLocationRecords } from '../locations/store.js'
import { checkOfferReferences } from '../offers/references.js'
import { ContactInput, OfferFields, OfferInput, type OfferRecord } from '../offers/schemas.js'
import { addOfferSearch, SEARCHED_FIELDS, syncOfferSearch } from '../offers/search-text.js'
import { deleteOffer, loadOfferRecords, writeOffer } from '../offers/store.js'
import { getOrganisationRecord } from '../organisations/store.js'
import type { Actor } from '../core/entry.js'
import { recordAudit } from '../core/journal.js'
import type { Curated, Entry, Issue } from './entity.js'
import { pick } from './entity.js'
import { samePerson, scrubOfferHistory, withoutContact } from './scrub.js'
import { type Change, type EntryWrite, type Erasure, logErasures, writeEntries, type WriteOptions } from './write.js'

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
  // New offers of a batch get their search rows in one go (with FTS5's larger buffer for bulk loads); any other
  // offer's row is rewritten when it is new or its searched text changed.
  search: (db, written) => {
    const created = written.length > 1 ? written.filter((w) => w.before === null) : []
    const changed = written.filter((w) => !created.includes(w) && (w.before === null || SEARCHED_FIELDS.some((f) => JSON.stringify(w.before![f]) !== JSON.stringify(w.after[f]))))
    if (created.length > 0) addOfferSearch(db, created.map((w) => w.after as unknown as OfferRecord))
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

type StoredContact = OfferRecord['contacts'][number]

/**
 * Erases one person from an offer: the contact (and any version of it: the same name or e-mail) leaves the offer (a new
 * revision; a published offer's feed gets its new state) and every earlier revision and feed entry of the offer.
 * A contact already dropped by a PATCH is found in the history. Undefined when the offer never had that contact.
 */
export function eraseOfferContact (db: Db, offer: OfferRecord, contactId: string, actor: Actor, at: string): Erasure | undefined {
  return inTransaction(db, () => {
    const erased = offer.contacts.find((c) => c.id === contactId) ?? contactInHistory(db, offer.id, contactId)
    if (erased === undefined) return undefined
    const kept = offer.contacts.filter((c) => !samePerson(erased)(c))
    if (kept.length < offer.contacts.length) {
      const content = { ...offerEntity.content(offer as unknown as Entry), contacts: kept.map(({ id: _id, ...c }) => c) }
      const { status, created_at, published_at, verified_at, verified_by } = offer
      // An erasure does not wait on completeness: the offer loses a contact, nothing a rule asks for.
      writeOfferEntries(db, [{ id: offer.id, content: content as OfferInput, meta: { status, created_at, published_at, verified_at, verified_by, version: offer.version + 1, updated_at: at }, before: offer as unknown as Entry }],
        { action: 'update', reason: 'updated', actor, at }, { checked: true })
    }
    scrubOfferHistory(db, withoutContact(erased), { ids: [offer.id] })
    recordAudit(db, { kind: 'offer', id: offer.id, action: 'erase_contact', actor, at })
    const erasure: Erasure = { entity_kind: 'contact', entity_id: contactId, parent_id: offer.id, at }
    logErasures(db, [erasure])
    return erasure
  })
}

function contactInHistory (db: Db, offerId: string, contactId: string): StoredContact | undefined {
  const snapshots = db.$client.prepare("SELECT snapshot FROM revisions WHERE entity_kind = 'offer' AND entity_id = ? AND instr(snapshot, ?) > 0 ORDER BY revision DESC")
    .pluck().all(offerId, contactId) as string[]
  for (const snapshot of snapshots) {
    const found = (JSON.parse(snapshot) as OfferRecord).contacts.find((c) => c.id === contactId)
    if (found !== undefined) return found
  }
  return undefined
}
