// Organisations as curated entries: the admin record, scope, search text of their offers, feed, erasure, and their write.
import { eq } from 'drizzle-orm'
import { emitOrganisation, eraseFromFeed } from '../changes/feed.js'
import { curationFields } from '../core/fields.js'
import type { Db } from '../db/client.js'
import { locations, offers, organisations } from '../db/schema.js'
import { Conflict } from '../http/errors.js'
import { syncOfferSearch } from '../offers/search-text.js'
import { deleteOffer } from '../offers/store.js'
import { OrganisationFields, OrganisationInput, type OrganisationRecord } from '../organisations/schemas.js'
import { getOrganisationRecord, loadOrganisationRecords, writeOrganisation } from '../organisations/store.js'
import type { Curated, Entry } from './entity.js'
import { pick } from './entity.js'
import { type Change, type EntryWrite, writeEntries, type WriteOptions } from './write.js'

export const AdminOrganisation = OrganisationFields.extend(curationFields)
  .meta({ id: 'AdminOrganisation', description: 'An organisation with everything stored about it, in every status' })

const offerIdsOf = (db: Db, id: string) => db.select({ id: offers.id }).from(offers).where(eq(offers.organisation_id, id)).all().map((r) => r.id)
const locationIdsOf = (db: Db, id: string) => db.select({ id: locations.id }).from(locations).where(eq(locations.organisation_id, id)).all().map((r) => r.id)

export const organisationEntity: Curated = {
  kind: 'organisation',
  plural: 'organisations',
  fields: OrganisationFields,
  input: OrganisationInput,
  record: AdminOrganisation,
  slugged: true,
  content: (entry) => pick(OrganisationFields, entry),
  load: (db, ids) => loadOrganisationRecords(db, ids) as unknown as Entry[],
  write: (db, id, content, meta) => {
    writeOrganisation(db, id, content as OrganisationInput, meta)
    return getOrganisationRecord(db, id) as unknown as Entry
  },
  check: (_db, content) => ({ content, issues: [] }),
  organisationOf: (entry) => String(entry.id),
  // Beyond its schema an organisation needs nothing to be published; its offers and locations wait for it.
  incomplete: () => [],
  // Offers are found by their organisation's name too.
  search: (db, written) => {
    const renamed = written.filter((w) => w.before !== null && JSON.stringify(w.before.name) !== JSON.stringify(w.after.name))
    if (renamed.length > 0) syncOfferSearch(db, renamed.flatMap((w) => offerIdsOf(db, w.after.id)))
  },
  emit: (db, entries, reason, at) => { for (const e of entries) emitOrganisation(db, e.id, reason, at) },
  erase: (db, entry, { cascade, at }) => {
    const offerIds = offerIdsOf(db, entry.id)
    const locationIds = locationIdsOf(db, entry.id)
    if (!cascade && offerIds.length + locationIds.length > 0) {
      throw new Conflict(`The organisation still has ${offerIds.length} offer(s) and ${locationIds.length} location(s): erase those first, or erase everything with cascade=true`)
    }
    for (const id of offerIds) deleteOffer(db, id)
    db.delete(locations).where(eq(locations.organisation_id, entry.id)).run()
    db.delete(organisations).where(eq(organisations.id, entry.id)).run()
    syncOfferSearch(db, offerIds)
    eraseFromFeed(db, 'offer', offerIds, at)
    eraseFromFeed(db, 'organisation', [entry.id], at)
    return [
      { kind: 'organisation', id: entry.id },
      ...offerIds.map((id) => ({ kind: 'offer' as const, id })),
      ...locationIds.map((id) => ({ kind: 'location' as const, id }))
    ]
  }
}

/** The one write path, typed for organisations. */
export function writeOrganisationEntries (db: Db, writes: Array<EntryWrite<OrganisationInput>>, change: Change, options?: WriteOptions): OrganisationRecord[] {
  return writeEntries(db, organisationEntity, writes, change, options) as unknown as OrganisationRecord[]
}
