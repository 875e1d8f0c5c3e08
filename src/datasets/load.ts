// Loads a directory data set (the invented sample or the real starter directory) through the one write path: each
// entry once per database, by id, and only into a database that holds no other data set and no entries of its own.
import { readFileSync } from 'node:fs'
import { v5 as uuidv5 } from 'uuid'
import type { Actor, EntryMeta } from '../core/entry.js'
import { type Db, inTransaction } from '../db/client.js'
import { SEED_DIR } from '../db/reference.js'
import { prepared } from '../db/statements.js'
import { type LocationContent, writeLocationEntries } from '../entries/location.js'
import { offerIncomplete, writeOfferEntries } from '../entries/offer.js'
import { writeOrganisationEntries } from '../entries/organisation.js'
import type { Change } from '../entries/write.js'
import { OfferInput, type OfferRecord } from '../offers/schemas.js'
import { OrganisationInput } from '../organisations/schemas.js'
import { assertValid, checkDirectoryFile, type ReferenceCodes } from '../db/data-files.js'

export type DatasetName = 'sample' | 'starter'

type Texts = Record<string, string>
type DatasetOrganisation = {
  slug: string, name: Texts, kind: string | null, kbo_number: string | null, website: string | null, email: string | null,
  phone: string | null, sources?: string[], source_note?: string
}
type DatasetLocation = {
  name: string, street: string | null, postcode: string, municipality_nis: string, latitude: number, longitude: number, approximate_position?: boolean
}
type DatasetOffer = {
  slug: string, is_reference: boolean, organisation: string, name: Texts, description: Texts, care_type: string, roles: string[],
  phase_months: { from: number | null, to: number | null }, target_groups: string[], languages: string[], modes: string[],
  cost: { type: string | null, note?: Texts }, referral: { type: string | null, by: string[], note?: Texts },
  crisis: { available_24_7: boolean | null, urgent_intake: boolean | null, note?: Texts }, baby_welcome: boolean | null,
  waiting_time: string | null, service_area: string[], note?: string, locations: DatasetLocation[], sources?: string[], source_note?: string,
  // The first step and the hours, as the create shape has them (each optional); verified_at: when someone last checked it.
  contacts?: unknown[], opening_hours?: unknown[], hours_exceptions?: unknown[], always_open?: boolean, open_on_holidays?: boolean,
  temporarily_closed?: boolean, alert?: Texts, alert_until?: string | null, first_step?: Texts, first_step_contact_index?: number,
  accepting_new?: { code: string, wait_weeks: number | null, confirmed_at: string | null }, verified_at?: string
}
export type DirectoryFile = { organisations: DatasetOrganisation[], offers: DatasetOffer[] }

export const DATASETS: Record<DatasetName, { file: string, actor: Actor, namespace: string }> = {
  // Sample ids are derived from slugs, so every fresh database gives the same ids (handy in docs and examples).
  sample: { file: 'sample/offers.json', actor: { key_id: null, label: 'sample data' }, namespace: '6f1c3f59-4a53-4c53-9d8e-0b7a0d9c2f10' },
  starter: { file: 'starter/starter-directory.json', actor: { key_id: null, label: 'starter directory' }, namespace: 'b3c5a0e2-5d1f-4f0e-9a57-2f4c8e1d7a36' }
}

export const datasetId = (dataset: DatasetName, kind: string, key: string) => uuidv5(`${kind}:${key}`, DATASETS[dataset].namespace)

export function readDatasetFile (dataset: DatasetName, dir = SEED_DIR): DirectoryFile {
  return JSON.parse(readFileSync(new URL(DATASETS[dataset].file, dir), 'utf8')) as DirectoryFile
}

/** What a start did with the data set: how many entries it added, or why it loaded none. */
export type DatasetLoad = { dataset: DatasetName, added: { organisations: number, locations: number, offers: number }, skipped: string | null }

/** The data set this database holds (null: none so far). */
export function heldDataset (db: Db): DatasetName | null {
  return (prepared(db, 'SELECT dataset FROM dataset_entries LIMIT 1').pluck().get() as DatasetName | undefined) ?? null
}

/**
 * Adds the entries of the data set that this database never held. An entry a curator changed, renamed or erased is
 * never written again; a file that does not validate writes nothing (InvalidDataFile, with the whole report).
 */
export function loadDataset (db: Db, dataset: DatasetName, { now = new Date().toISOString(), dir = SEED_DIR }: { now?: string | undefined, dir?: URL } = {}): DatasetLoad {
  const none = { organisations: 0, locations: 0, offers: 0 }
  const held = heldDataset(db)
  if (held !== null && held !== dataset) {
    return { dataset, added: none, skipped: `this database holds the ${held} data set; data sets are never mixed (use a new DATABASE_PATH for the ${dataset} one)` }
  }
  if (held === null && prepared(db, 'SELECT EXISTS (SELECT 1 FROM organisations)').pluck().get() === 1) {
    return { dataset, added: none, skipped: 'the directory has entries of its own; a data set loads only into an empty one' }
  }
  const file = readDatasetFile(dataset, dir)
  assertValid(checkDirectoryFile(`seed/${DATASETS[dataset].file}`, file, referenceCodes(db)))

  const { actor } = DATASETS[dataset]
  const id = (kind: string, key: string) => datasetId(dataset, kind, key)
  const change: Change = { action: 'create', reason: 'created', actor, at: now }
  const meta: EntryMeta = { status: 'published', version: 1, created_at: now, updated_at: now, published_at: now, verified_at: null, verified_by: null }
  return inTransaction(db, () => {
    const known = new Set(prepared(db, 'SELECT entity_kind || \':\' || entity_id FROM dataset_entries').pluck().all() as string[])
    const isNew = (kind: string, entryId: string) => !known.has(`${kind}:${entryId}`) && (known.add(`${kind}:${entryId}`), true)
    const remember = prepared(db, 'INSERT INTO dataset_entries (entity_kind, entity_id, dataset, loaded_at) VALUES (?, ?, ?, ?)')
    // A slug a curator gave to an entry of their own since: that data set entry is left out rather than failing the start.
    const slugFree = (table: 'organisations' | 'offers', slug: string) => prepared(db, `SELECT 1 FROM ${table} WHERE slug = ?`).get(slug) === undefined

    const organisations = file.organisations
      .map((o) => ({ o, id: id('organisation', o.slug) }))
      .filter(({ o, id }) => isNew('organisation', id) && slugFree('organisations', o.slug))
    writeOrganisationEntries(db, organisations.map(({ o, id }) => ({
      id, meta, before: null,
      content: OrganisationInput.parse({
        slug: o.slug, name: o.name, kind: o.kind, kbo_number: o.kbo_number, website: o.website, email: o.email, phone: o.phone,
        sources: o.sources ?? [], source_note: o.source_note ?? null
      })
    })), change)
    for (const { id } of organisations) remember.run('organisation', id, dataset, now)

    const stored = new Set(prepared(db, 'SELECT id FROM organisations').pluck().all() as string[])
    const locations = new Map<string, { id: string, content: LocationContent }>()
    const offers = file.offers.flatMap((o) => {
      const offerId = id('offer', o.slug)
      const organisationId = id('organisation', o.organisation)
      if (!isNew('offer', offerId) || !slugFree('offers', o.slug) || !stored.has(organisationId)) return []
      const locationIds = o.locations.map((l) => {
        const locationId = id('location', `${organisationId}:${l.name}`)
        if (!locations.has(locationId) && isNew('location', locationId)) {
          locations.set(locationId, {
            id: locationId,
            content: {
              organisation_id: organisationId, name: l.name, street: l.street, postcode: l.postcode, municipality_code: l.municipality_nis,
              latitude: l.latitude, longitude: l.longitude, wheelchair_accessible: null, pram_accessible: null,
              approximate_position: l.approximate_position ?? false, public_transport_note: null, internal_note: null
            }
          })
        }
        return locationId
      })
      const content = OfferInput.parse({
        slug: o.slug, organisation_id: organisationId, is_reference: o.is_reference, name: o.name, description: o.description,
        care_type: o.care_type, from_month: o.phase_months.from, to_month: o.phase_months.to, roles: o.roles,
        target_groups: o.target_groups, languages: o.languages, modes: o.modes, service_area: o.service_area,
        cost_type: o.cost.type, cost_note: o.cost.note ?? null, referral_type: o.referral.type, referral_by: o.referral.by,
        referral_note: o.referral.note ?? null, crisis_24_7: o.crisis.available_24_7, urgent_intake: o.crisis.urgent_intake,
        crisis_note: o.crisis.note ?? null, baby_welcome: o.baby_welcome, waiting_time: o.waiting_time, internal_note: o.note ?? null,
        sources: o.sources ?? [], source_note: o.source_note ?? null,
        contacts: o.contacts, opening_hours: o.opening_hours, hours_exceptions: o.hours_exceptions, always_open: o.always_open,
        open_on_holidays: o.open_on_holidays, temporarily_closed: o.temporarily_closed, alert: o.alert, alert_until: o.alert_until,
        first_step: o.first_step, first_step_contact_index: o.first_step_contact_index, accepting_new: o.accepting_new?.code,
        accepting_new_wait_weeks: o.accepting_new?.wait_weeks, accepting_new_confirmed_at: o.accepting_new?.confirmed_at,
        // A location the database held once and lost (erased) is not linked again.
        location_ids: locationIds.filter((l) => locations.has(l) || prepared(db, 'SELECT 1 FROM locations WHERE id = ?').get(l) !== undefined)
      })
      // An entry whose facts do not yet make it complete (no mode known, say) starts as a draft for curators to complete.
      const complete = offerIncomplete(db, content as unknown as OfferRecord, false).length === 0
      const checked = o.verified_at === undefined ? meta : { ...meta, verified_at: o.verified_at, verified_by: actor.label }
      return [{ id: offerId, content, meta: complete ? checked : { ...checked, status: 'draft' as const, published_at: null }, before: null }]
    })
    writeLocationEntries(db, [...locations.values()].map(({ id, content }) => ({ id, content, meta, before: null })), change)
    for (const { id } of locations.values()) remember.run('location', id, dataset, now)
    writeOfferEntries(db, offers, change)
    for (const { id } of offers) remember.run('offer', id, dataset, now)
    return { dataset, added: { organisations: organisations.length, locations: locations.size, offers: offers.length }, skipped: null }
  })
}

/** The codes a data set may use, as the reference loaded them. */
function referenceCodes (db: Db): ReferenceCodes {
  const codes = (sql: string) => new Set(prepared(db, sql).pluck().all() as string[])
  const postcodes = new Map<string, Set<string>>()
  for (const p of prepared(db, 'SELECT postcode, municipality_code FROM postcodes').all() as Array<{ postcode: string, municipality_code: string }>) {
    postcodes.set(p.postcode, (postcodes.get(p.postcode) ?? new Set()).add(p.municipality_code))
  }
  return {
    careTypes: codes('SELECT code FROM care_types'), roles: codes('SELECT code FROM roles'), targetGroups: codes('SELECT code FROM target_groups'),
    languages: codes('SELECT code FROM languages'), regions: codes('SELECT code FROM regions'), postcodes,
    renamed: new Map((prepared(db, 'SELECT alias, region_code FROM region_aliases').all() as Array<{ alias: string, region_code: string }>).map((a) => [a.alias, a.region_code]))
  }
}
