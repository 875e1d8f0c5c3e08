// The relational model of the directory. Property names are the wire names (snake_case), so rows need no mapping.
import { sql } from 'drizzle-orm'
import { check, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'

/** Text in the content languages; nl is required (checked in the tables below and in the zod schemas). */
export type LocalizedText = { nl: string, fr?: string | undefined, en?: string | undefined }

const localized = () => text({ mode: 'json' }).$type<LocalizedText>()
const codes = () => text({ mode: 'json' }).$type<string[]>()
const nlRequired = (column: string) => sql.raw(`json_extract(${column}, '$.nl') IS NOT NULL`)

export const REGION_LEVELS = ['country', 'gewest', 'province', 'eerstelijnszone', 'municipality'] as const
export const STATUSES = ['draft', 'published', 'archived'] as const
export const MODES = ['onsite', 'home', 'online', 'phone', 'chat', 'group', 'individual', 'couple_family', 'day', 'residential'] as const
export const COST_TYPES = ['free', 'riziv_reimbursed', 'income_related', 'paid', 'mixed'] as const
export const REFERRAL_TYPES = ['none', 'recommended', 'required'] as const
export const WAITING_TIMES = ['none', 'lt_2w', '2_6w', '6_12w', 'gt_3m'] as const
export const ORGANISATION_KINDS = ['ngo', 'hospital', 'practice', 'network', 'public_agency', 'helpline', 'company', 'individual'] as const
export const KEY_ROLES = ['admin', 'editor', 'partner'] as const
export const ENTITY_KINDS = ['offer', 'organisation', 'location'] as const
export const ACCEPTING_NEW = ['yes', 'no', 'waiting_list'] as const
/** Access needs an offer can meet: at a location (wheelchair, pram) or by the offer (interpreter, no papers needed, anonymous). */
export const ACCESS_CODES = ['wheelchair', 'pram', 'interpreter', 'no_residence_papers', 'anonymous'] as const
export type AccessCode = typeof ACCESS_CODES[number]
export const REPORT_REASONS = ['phone_wrong', 'closed', 'moved', 'other'] as const
export const REPORT_STATUSES = ['open', 'resolved', 'rejected'] as const

const inList = (column: string, values: readonly string[]) =>
  sql.raw(`${column} IN (${values.map((v) => `'${v}'`).join(', ')})`)

// ---------------------------------------------------------------- region reference (seeded, read-only)

export const regions = sqliteTable('regions', {
  code: text().primaryKey(),
  level: text({ enum: REGION_LEVELS }).notNull(),
  name_nl: text().notNull(),
  name_fr: text().notNull(),
  name_en: text(),
  /** The parent shown in the tree: province for a municipality, gewest for a province or Brussels municipality. */
  parent_code: text().references((): any => regions.code),
  nis_code: text(),
  latitude: real(),
  longitude: real(),
  valid_from: text(),
  /** How sure the source is of this entry (eerstelijnszones only: high, medium, low). */
  confidence: text()
}, (t) => [
  index('regions_level_idx').on(t.level),
  check('regions_level_check', inList('level', REGION_LEVELS))
])

/** Every ancestor of a region, transitively. `partial` marks a region that lies only partly in the ancestor (Antwerpen in its zones). */
export const region_ancestors = sqliteTable('region_ancestors', {
  region_code: text().notNull().references(() => regions.code),
  ancestor_code: text().notNull().references(() => regions.code),
  partial: integer({ mode: 'boolean' }).notNull().default(false)
}, (t) => [
  primaryKey({ columns: [t.region_code, t.ancestor_code] }),
  index('region_ancestors_ancestor_idx').on(t.ancestor_code)
])

/** Old NIS codes of merged or recoded municipalities, resolving to the current code. */
export const region_aliases = sqliteTable('region_aliases', {
  alias: text().primaryKey(),
  region_code: text().notNull().references(() => regions.code),
  kind: text().notNull(),
  name_nl: text().notNull(),
  name_fr: text().notNull(),
  changed_on: text().notNull()
}, (t) => [index('region_aliases_region_idx').on(t.region_code)])

/** One row per (postcode, place); a postcode can name several places and, rarely, municipalities. */
export const postcodes = sqliteTable('postcodes', {
  postcode: text().notNull(),
  place_name: text().notNull(),
  municipality_code: text().notNull().references(() => regions.code),
  /** The zone of this postcode; differs between postcodes of Antwerpen, which is split over four zones. */
  eerstelijnszone_code: text().references(() => regions.code),
  latitude: real().notNull(),
  longitude: real().notNull(),
  coord_source: text().notNull()
}, (t) => [
  primaryKey({ columns: [t.postcode, t.place_name, t.municipality_code] }),
  index('postcodes_municipality_idx').on(t.municipality_code)
])

// ---------------------------------------------------------------- taxonomies (seeded, read-only)

export const phases = sqliteTable('phases', {
  code: text().primaryKey(),
  kind: text({ enum: ['atomic', 'sub', 'aggregate'] }).notNull(),
  /** Months relative to birth; negative during pregnancy; null = open (includes the wish for a child). */
  from_month: real(),
  to_month: real(),
  label: localized().notNull(),
  description: localized(),
  sort_order: integer().notNull()
})

export const care_types = sqliteTable('care_types', {
  code: text().primaryKey(),
  parent_code: text().references((): any => care_types.code),
  label: localized().notNull(),
  description: localized(),
  line: text(),
  audience: text({ enum: ['parents', 'professionals'] }).notNull(),
  synonyms: codes().notNull().default(sql`'[]'`),
  sort_order: integer().notNull()
})

export const roles = sqliteTable('roles', {
  code: text().primaryKey(),
  kind: text({ enum: ['informeel', 'semi_professioneel', 'professioneel'] }).notNull(),
  label: localized().notNull(),
  description: localized(),
  setting: localized(),
  /** Atomic phase codes in which this support figure typically matters. */
  phases: codes().notNull().default(sql`'[]'`),
  synonyms: codes().notNull().default(sql`'[]'`),
  sort_order: integer().notNull()
})

export const target_groups = sqliteTable('target_groups', {
  code: text().primaryKey(),
  label: localized().notNull(),
  synonyms: codes().notNull().default(sql`'[]'`),
  sort_order: integer().notNull()
})

export const languages = sqliteTable('languages', {
  code: text().primaryKey(),
  label: localized().notNull(),
  sort_order: integer().notNull()
})

// ---------------------------------------------------------------- curated entries

/** Where an entry's facts come from: public pages, and what was inferred from them (shown publicly, for trust). */
const sourced = () => ({
  sources: text({ mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
  source_note: text()
})

/** Curation fields shared by organisations, locations and offers. */
const curation = () => ({
  status: text({ enum: STATUSES }).notNull().default('draft'),
  version: integer().notNull().default(1),
  created_at: text().notNull(),
  updated_at: text().notNull(),
  published_at: text(),
  verified_at: text(),
  verified_by: text(),
  /** Curators' note; never shown publicly. */
  internal_note: text()
})

export const organisations = sqliteTable('organisations', {
  id: text().primaryKey(),
  slug: text().notNull(),
  /** Null: not known (a starter entry whose sources do not say). */
  kind: text({ enum: ORGANISATION_KINDS }),
  name: localized().notNull(),
  description: localized(),
  /** KBO/BCE enterprise number, 10 digits. */
  kbo_number: text(),
  /** Identifier of the same organisation in De Sociale Kaart. */
  sociale_kaart_id: text(),
  website: text(),
  email: text(),
  phone: text(),
  ...sourced(),
  ...curation()
}, (t) => [
  uniqueIndex('organisations_slug_idx').on(t.slug),
  uniqueIndex('organisations_kbo_idx').on(t.kbo_number),
  uniqueIndex('organisations_sociale_kaart_idx').on(t.sociale_kaart_id),
  index('organisations_status_idx').on(t.status),
  check('organisations_name_nl', nlRequired('name')),
  check('organisations_status_check', inList('status', STATUSES))
])

export const locations = sqliteTable('locations', {
  id: text().primaryKey(),
  organisation_id: text().notNull().references(() => organisations.id),
  name: text().notNull(),
  street: text(),
  postcode: text().notNull(),
  municipality_code: text().notNull().references(() => regions.code),
  latitude: real(),
  longitude: real(),
  wheelchair_accessible: integer({ mode: 'boolean' }),
  pram_accessible: integer({ mode: 'boolean' }),
  public_transport_note: localized(),
  /** The position is the postcode's centre, not the address (starter entries, until a curator places them). */
  approximate_position: integer({ mode: 'boolean' }).notNull().default(false),
  ...curation()
}, (t) => [
  index('locations_organisation_idx').on(t.organisation_id),
  check('locations_status_check', inList('status', STATUSES))
])

export const offers = sqliteTable('offers', {
  id: text().primaryKey(),
  slug: text().notNull(),
  organisation_id: text().notNull().references(() => organisations.id),
  /** A real national entry (helpline, campaign) rather than a local provider. */
  is_reference: integer({ mode: 'boolean' }).notNull().default(false),
  name: localized().notNull(),
  description: localized().notNull(),
  care_type: text().notNull().references(() => care_types.code),
  from_month: real(),
  to_month: real(),
  // Cost, referral, crisis and baby_welcome: null means "not known" (starter entries), never "no".
  cost_type: text({ enum: COST_TYPES }),
  cost_note: localized(),
  price_min_eur: real(),
  price_max_eur: real(),
  referral_type: text({ enum: REFERRAL_TYPES }),
  referral_note: localized(),
  crisis_24_7: integer({ mode: 'boolean' }),
  urgent_intake: integer({ mode: 'boolean' }),
  crisis_note: localized(),
  baby_welcome: integer({ mode: 'boolean' }),
  waiting_time: text({ enum: WAITING_TIMES }),
  // Access attributes: null means "not known", which the website shows differently from "no".
  interpreter_on_request: integer({ mode: 'boolean' }),
  plain_language: integer({ mode: 'boolean' }),
  anonymous_possible: integer({ mode: 'boolean' }),
  no_residence_papers_ok: integer({ mode: 'boolean' }),
  third_party_payment: integer({ mode: 'boolean' }),
  first_session_free: integer({ mode: 'boolean' }),
  website: text(),
  email: text(),
  phone: text(),
  // The first step and whether new families are taken: null means "not known".
  first_step: localized(),
  /** Which of the offer's contacts (by position) the first step goes through; null: the offer's own phone, e-mail or website. */
  first_step_contact_index: integer(),
  accepting_new: text({ enum: ACCEPTING_NEW }),
  accepting_new_wait_weeks: integer(),
  /** The date (YYYY-MM-DD) someone last confirmed accepting_new. */
  accepting_new_confirmed_at: text(),
  /** A temporary notice shown with the offer until alert_until (a local date, inclusive; null: until removed). */
  alert: localized(),
  alert_until: text(),
  /** Closed until further notice, whatever the hours say; still listed, marked as such. */
  temporarily_closed: integer({ mode: 'boolean' }).notNull().default(false),
  /** Open around the clock (24/7 lines): no hours needed, holidays do not close it. */
  always_open: integer({ mode: 'boolean' }).notNull().default(false),
  /** Keeps its usual hours on public holidays (helplines such as 1712, 1813, 106). */
  open_on_holidays: integer({ mode: 'boolean' }).notNull().default(false),
  ...sourced(),
  ...curation()
}, (t) => [
  uniqueIndex('offers_slug_idx').on(t.slug),
  index('offers_organisation_idx').on(t.organisation_id),
  index('offers_status_idx').on(t.status),
  check('offers_name_nl', nlRequired('name')),
  check('offers_description_nl', nlRequired('description')),
  check('offers_phase_range', sql`from_month IS NULL OR to_month IS NULL OR from_month <= to_month`),
  check('offers_status_check', inList('status', STATUSES)),
  check('offers_cost_check', inList('cost_type', COST_TYPES)),
  check('offers_referral_check', inList('referral_type', REFERRAL_TYPES)),
  check('offers_accepting_new_check', inList('accepting_new', ACCEPTING_NEW))
])

/** The offer's service area (werkingsgebied): the regions it serves. */
export const offer_service_areas = sqliteTable('offer_service_areas', {
  offer_id: text().notNull().references(() => offers.id, { onDelete: 'cascade' }),
  region_code: text().notNull().references(() => regions.code)
}, (t) => [primaryKey({ columns: [t.offer_id, t.region_code] }), index('offer_service_areas_region_idx').on(t.region_code)])

export const offer_roles = sqliteTable('offer_roles', {
  offer_id: text().notNull().references(() => offers.id, { onDelete: 'cascade' }),
  role_code: text().notNull().references(() => roles.code)
}, (t) => [primaryKey({ columns: [t.offer_id, t.role_code] }), index('offer_roles_role_idx').on(t.role_code)])

/** Who may or must refer a family to the offer (role codes: huisarts, gynaecoloog, ...). */
export const offer_referrers = sqliteTable('offer_referrers', {
  offer_id: text().notNull().references(() => offers.id, { onDelete: 'cascade' }),
  role_code: text().notNull().references(() => roles.code)
}, (t) => [primaryKey({ columns: [t.offer_id, t.role_code] })])

export const offer_target_groups = sqliteTable('offer_target_groups', {
  offer_id: text().notNull().references(() => offers.id, { onDelete: 'cascade' }),
  target_group_code: text().notNull().references(() => target_groups.code)
}, (t) => [primaryKey({ columns: [t.offer_id, t.target_group_code] })])

export const offer_languages = sqliteTable('offer_languages', {
  offer_id: text().notNull().references(() => offers.id, { onDelete: 'cascade' }),
  language_code: text().notNull().references(() => languages.code)
}, (t) => [primaryKey({ columns: [t.offer_id, t.language_code] })])

export const offer_modes = sqliteTable('offer_modes', {
  offer_id: text().notNull().references(() => offers.id, { onDelete: 'cascade' }),
  mode: text({ enum: MODES }).notNull()
}, (t) => [primaryKey({ columns: [t.offer_id, t.mode] }), check('offer_modes_check', inList('mode', MODES))])

/** Where an offer is delivered (HSDS service_at_location). */
export const offer_locations = sqliteTable('offer_locations', {
  offer_id: text().notNull().references(() => offers.id, { onDelete: 'cascade' }),
  location_id: text().notNull().references(() => locations.id)
}, (t) => [primaryKey({ columns: [t.offer_id, t.location_id] }), index('offer_locations_location_idx').on(t.location_id)])

/** Named contact points of an offer; may name a person, so they go with the offer on erasure. */
export const contacts = sqliteTable('contacts', {
  id: text().primaryKey(),
  offer_id: text().notNull().references(() => offers.id, { onDelete: 'cascade' }),
  name: text(),
  title: localized(),
  email: text(),
  phone: text(),
  sort_order: integer().notNull().default(0)
}, (t) => [index('contacts_offer_idx').on(t.offer_id)])

/** Weekly opening hours of an offer, optionally at one of its locations. */
export const opening_hours = sqliteTable('opening_hours', {
  id: integer().primaryKey({ autoIncrement: true }),
  offer_id: text().notNull().references(() => offers.id, { onDelete: 'cascade' }),
  location_id: text().references(() => locations.id, { onDelete: 'cascade' }),
  /** ISO weekday, 1 = Monday. */
  weekday: integer().notNull(),
  opens: text().notNull(),
  closes: text().notNull(),
  note: localized()
}, (t) => [
  index('opening_hours_offer_idx').on(t.offer_id),
  check('opening_hours_weekday', sql`weekday BETWEEN 1 AND 7`),
  check('opening_hours_times', sql`opens < closes`)
])

/** Dated exceptions to an offer's weekly hours (local dates, inclusive): closed, or other hours every day of the period. */
export const hours_exceptions = sqliteTable('hours_exceptions', {
  id: integer().primaryKey({ autoIncrement: true }),
  offer_id: text().notNull().references(() => offers.id, { onDelete: 'cascade' }),
  from: text().notNull(),
  to: text().notNull(),
  closed: integer({ mode: 'boolean' }).notNull(),
  opens: text(),
  closes: text(),
  note: localized()
}, (t) => [
  index('hours_exceptions_offer_idx').on(t.offer_id),
  check('hours_exceptions_period', sql`"from" <= "to"`),
  check('hours_exceptions_hours', sql`(closed = 1 AND opens IS NULL AND closes IS NULL) OR (closed = 0 AND opens < closes)`)
])

/**
 * Corrections anyone sent in about an offer; never public. The reporter's e-mail is kept only until the report is
 * handled (then cleared), and goes with the offer on erasure.
 */
export const reports = sqliteTable('reports', {
  id: text().primaryKey(),
  offer_id: text().notNull().references(() => offers.id, { onDelete: 'cascade' }),
  reason: text({ enum: REPORT_REASONS }).notNull(),
  text: text(),
  /** Personal data: set only while the report is open. */
  reporter_email: text(),
  status: text({ enum: REPORT_STATUSES }).notNull().default('open'),
  created_at: text().notNull(),
  handled_at: text(),
  handled_by: text(),
  /** The curator's note on how it was handled. */
  note: text()
}, (t) => [
  index('reports_offer_idx').on(t.offer_id, t.status),
  index('reports_status_idx').on(t.status, t.created_at),
  check('reports_reason_check', inList('reason', REPORT_REASONS)),
  check('reports_status_check', inList('status', REPORT_STATUSES)),
  check('reports_email_open', sql`reporter_email IS NULL OR status = 'open'`)
])

// ---------------------------------------------------------------- access, history, audit, feed

export const api_keys = sqliteTable('api_keys', {
  id: text().primaryKey(),
  /** Public part of the key, used to find the row; the secret is stored only as a hash. */
  key_id: text().notNull(),
  secret_hash: text().notNull(),
  role: text({ enum: KEY_ROLES }).notNull(),
  label: text().notNull(),
  created_at: text().notNull(),
  created_by: text(),
  last_used_at: text(),
  revoked_at: text()
}, (t) => [uniqueIndex('api_keys_key_id_idx').on(t.key_id), check('api_keys_role_check', inList('role', KEY_ROLES))])

/** The organisations an editor key may curate. */
export const api_key_organisations = sqliteTable('api_key_organisations', {
  api_key_id: text().notNull().references(() => api_keys.id, { onDelete: 'cascade' }),
  organisation_id: text().notNull().references(() => organisations.id, { onDelete: 'cascade' })
}, (t) => [primaryKey({ columns: [t.api_key_id, t.organisation_id] })])

export type FieldChange = { field: string, before: unknown, after: unknown }

/** Every revision of a curated entry: who, when, what changed, and the full state after it (for restore). */
export const revisions = sqliteTable('revisions', {
  id: integer().primaryKey({ autoIncrement: true }),
  entity_kind: text({ enum: ENTITY_KINDS }).notNull(),
  entity_id: text().notNull(),
  revision: integer().notNull(),
  action: text().notNull(),
  key_id: text(),
  key_label: text().notNull(),
  at: text().notNull(),
  changes: text({ mode: 'json' }).$type<FieldChange[]>().notNull(),
  snapshot: text({ mode: 'json' }).$type<Record<string, unknown>>().notNull()
}, (t) => [uniqueIndex('revisions_entity_idx').on(t.entity_kind, t.entity_id, t.revision)])

/** Everything that happened, for admins. Holds no entry content, so an erasure can be recorded here. */
export const audit_log = sqliteTable('audit_log', {
  id: integer().primaryKey({ autoIncrement: true }),
  at: text().notNull(),
  key_id: text(),
  key_label: text().notNull(),
  action: text().notNull(),
  entity_kind: text().notNull(),
  entity_id: text().notNull(),
  revision: integer()
}, (t) => [index('audit_log_entity_idx').on(t.entity_kind, t.entity_id)])

/**
 * What was erased, and when: ids only, never content. A restore of an older backup replays these erasures before
 * it serves anything (src/curation/erasure.ts); the file `<database>.erasures` keeps the same list outside the database.
 */
export const erasure_log = sqliteTable('erasure_log', {
  id: integer().primaryKey({ autoIncrement: true }),
  at: text().notNull(),
  /** organisation, location, offer, or contact (a person on an offer). */
  entity_kind: text({ enum: ['organisation', 'location', 'offer', 'contact'] }).notNull(),
  entity_id: text().notNull(),
  /** A contact's offer. */
  parent_id: text()
}, (t) => [uniqueIndex('erasure_log_entity_idx').on(t.entity_kind, t.entity_id)])

/** The public change feed: one row per change of what the public directory shows, oldest first. */
export const change_feed = sqliteTable('change_feed', {
  seq: integer().primaryKey({ autoIncrement: true }),
  entity_kind: text({ enum: ['offer', 'organisation'] }).notNull(),
  entity_id: text().notNull(),
  /** `upsert` carries the entry as the public API shows it; `delete` is a tombstone. */
  action: text({ enum: ['upsert', 'delete'] }).notNull(),
  reason: text().notNull(),
  at: text().notNull(),
  data: text({ mode: 'json' }).$type<Record<string, unknown>>()
}, (t) => [
  index('change_feed_entity_idx').on(t.entity_kind, t.entity_id),
  // Counting the changes after a cursor walks this narrow index, not the rows with their data (about 1 ms for 56,000
  // changes instead of 37 ms, which a replay from the start paid on every page).
  index('change_feed_seq_idx').on(t.seq)
])

export const DATASETS = ['sample', 'starter'] as const

/**
 * Every entry a data set ever put into this database, by id. A data set loads only entries it never loaded before, so
 * an entry a curator changed, renamed or erased never comes back; and a database holds one data set, never two.
 */
export const dataset_entries = sqliteTable('dataset_entries', {
  entity_kind: text({ enum: ENTITY_KINDS }).notNull(),
  entity_id: text().notNull(),
  dataset: text({ enum: DATASETS }).notNull(),
  loaded_at: text().notNull()
}, (t) => [primaryKey({ columns: [t.entity_kind, t.entity_id] }), check('dataset_entries_dataset_check', inList('dataset', DATASETS))])
