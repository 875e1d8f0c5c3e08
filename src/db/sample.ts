// Loads the sample directory (seed/sample/offers.json) as published entries; entries that exist already are left as curated.
import { eq } from 'drizzle-orm'
import { readFileSync } from 'node:fs'
import { v5 as uuidv5 } from 'uuid'
import { emitOffers, emitOrganisation } from '../changes/feed.js'
import { type Actor, recordRevision } from '../curation/journal.js'
import type { LocationRecord } from '../locations/schemas.js'
import { getLocationRecord, writeLocation } from '../locations/store.js'
import { checkOfferReferences } from '../offers/references.js'
import { OfferInput } from '../offers/schemas.js'
import { syncOfferSearch } from '../offers/search-text.js'
import { type EntryMeta, getOfferRecord, writeOffer } from '../offers/store.js'
import { OrganisationInput } from '../organisations/schemas.js'
import { getOrganisationRecord, writeOrganisation } from '../organisations/store.js'
import { type Db, inTransaction } from './client.js'
import { SEED_DIR } from './reference.js'
import { offers, organisations, postcodes } from './schema.js'

/** Sample ids are derived from slugs, so every fresh database gives the same ids (handy in docs and examples). */
const NAMESPACE = '6f1c3f59-4a53-4c53-9d8e-0b7a0d9c2f10'
export const sampleId = (kind: string, key: string) => uuidv5(`${kind}:${key}`, NAMESPACE)

export const SAMPLE_ACTOR: Actor = { key_id: null, label: 'sample data' }

type SampleFile = {
  organisations: Array<{ slug: string, name: Record<string, string>, kind: string, kbo_number: string | null, website: string | null, email: string | null, phone: string | null }>
  offers: Array<SampleOffer>
}
type SampleOffer = {
  slug: string, is_reference: boolean, organisation: string, name: Record<string, string>, description: Record<string, string>,
  care_type: string, roles: string[], phase_months: { from: number | null, to: number | null }, target_groups: string[],
  languages: string[], modes: string[], cost: { type: string, note?: Record<string, string> },
  referral: { type: string, by: string[], note?: Record<string, string> },
  crisis: { available_24_7: boolean, urgent_intake: boolean, note?: Record<string, string> },
  baby_welcome: boolean, waiting_time: string | null, service_area: string[], note?: string, status: string,
  locations: Array<{ name: string, street: string, postcode: string, municipality_nis: string, latitude: number, longitude: number }>
}

export function readSampleFile (): SampleFile {
  return JSON.parse(readFileSync(new URL('sample/offers.json', SEED_DIR), 'utf8')) as SampleFile
}

/** Adds the sample organisations, locations and offers that are not in the database yet. Returns how many offers it added. */
export function loadSample (db: Db, now = new Date().toISOString()): number {
  const sample = readSampleFile()
  const meta: EntryMeta = { status: 'published', version: 1, created_at: now, updated_at: now, published_at: now, verified_at: null, verified_by: null }
  return inTransaction(db, () => {
    for (const o of sample.organisations) {
      const id = sampleId('organisation', o.slug)
      if (db.select({ id: organisations.id }).from(organisations).where(eq(organisations.slug, o.slug)).get()) continue
      writeOrganisation(db, id, OrganisationInput.parse(o), meta)
      recordRevision(db, { kind: 'organisation', id, action: 'create', actor: SAMPLE_ACTOR, at: now, before: null, after: getOrganisationRecord(db, id)! })
      emitOrganisation(db, id, 'created', now)
    }
    const added: string[] = []
    for (const o of sample.offers) {
      if (db.select({ id: offers.id }).from(offers).where(eq(offers.slug, o.slug)).get()) continue
      const organisationId = sampleId('organisation', o.organisation)
      const locationIds = o.locations.map((l) => addLocation(db, organisationId, l, meta, now))
      const id = sampleId('offer', o.slug)
      const input = OfferInput.parse({
        slug: o.slug, organisation_id: organisationId, is_reference: o.is_reference, name: o.name, description: o.description,
        care_type: o.care_type, from_month: o.phase_months.from, to_month: o.phase_months.to, roles: o.roles,
        target_groups: o.target_groups, languages: o.languages, modes: o.modes, service_area: o.service_area,
        location_ids: locationIds, cost_type: o.cost.type, cost_note: o.cost.note ?? null, referral_type: o.referral.type,
        referral_by: o.referral.by, referral_note: o.referral.note ?? null, crisis_24_7: o.crisis.available_24_7,
        urgent_intake: o.crisis.urgent_intake, crisis_note: o.crisis.note ?? null, baby_welcome: o.baby_welcome,
        waiting_time: o.waiting_time, internal_note: o.note ?? null
      })
      const issues = checkOfferReferences(db, input)
      if (issues.length > 0) throw new Error(`sample offer ${o.slug}: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`)
      writeOffer(db, id, input, meta)
      recordRevision(db, { kind: 'offer', id, action: 'create', actor: SAMPLE_ACTOR, at: now, before: null, after: getOfferRecord(db, id)! })
      added.push(id)
    }
    syncOfferSearch(db, added)
    emitOffers(db, added, 'created', now)
    return added.length
  })
}

function addLocation (db: Db, organisationId: string, l: SampleOffer['locations'][number], meta: EntryMeta, now: string): string {
  const id = sampleId('location', `${organisationId}:${l.name}`)
  if (getLocationRecord(db, id)) return id
  // The sample names the municipality; it must be the one the region reference gives for the postcode.
  const known = db.select().from(postcodes).where(eq(postcodes.postcode, l.postcode)).all()
  if (!known.some((p) => p.municipality_code === l.municipality_nis)) {
    throw new Error(`sample location ${l.name}: postcode ${l.postcode} does not lie in municipality ${l.municipality_nis}`)
  }
  const record: Omit<LocationRecord, keyof EntryMeta | 'id'> = {
    organisation_id: organisationId, name: l.name, street: l.street, postcode: l.postcode, municipality_code: l.municipality_nis,
    latitude: l.latitude, longitude: l.longitude, wheelchair_accessible: null, pram_accessible: null, approximate_position: false,
    public_transport_note: null, internal_note: null
  }
  writeLocation(db, id, record, meta)
  recordRevision(db, { kind: 'location', id, action: 'create', actor: SAMPLE_ACTOR, at: now, before: null, after: { ...record, ...meta, id } })
  return id
}
