// The in-memory index of the public directory at one feed position: published offers of published organisations,
// numbered in name order, with a bit set per filter value, typed arrays for ranges, coordinates and sort keys.
// SQLite stays the source of truth; the index is built from it, then follows the change feed (follow.ts). It is read with
// few, grouped queries (a code with the rowids of its offers), so 50,000 offers load in well under a second.
import type { Db } from '../db/client.js'
import { ACCESS_CODES, type AccessCode } from '../db/schema.js'
import { prepared } from '../db/statements.js'
import type { ContentLang } from '../text/schemas.js'
import { type Bits, emptyBits, fromOrdinals, fullBits, members, setBit } from './bitset.js'
import type { Exception, Hours, Schedule } from '../hours/schedule.js'
import { GeoPoints } from './geo.js'
import { bound, type Coded, type MonthRange, REMOTE_MODES, type SearchReference } from './reference.js'

export type OrganisationEntry = { id: string, slug: string, kind: string, name: { nl: string, fr?: string, en?: string }, offers: number[] }
export type LocationEntry = { id: string, name: string, postcode: string, municipality_code: string, latitude: number | null, longitude: number | null, approximate_position: boolean }

type OfferRow = [id: string, organisation: string, nlName: string, careType: string, from: number | null, to: number | null,
  cost: string, referral: string, flags: number, updated: string, verified: string | null]

export const FLAG_CRISIS_24_7 = 1
export const FLAG_URGENT_INTAKE = 2
export const FLAG_BABY_WELCOME = 4
export const FLAG_REFERENCE = 8
/** Whether crisis_24_7, urgent_intake and baby_welcome are known at all (null in the database: not known). */
export const FLAG_CRISIS_24_7_KNOWN = 16
export const FLAG_URGENT_INTAKE_KNOWN = 32
export const FLAG_BABY_WELCOME_KNOWN = 64
/** The cost or referral slot of an offer whose cost or referral is not known: no value's bit set, no facet counted. */
export const UNKNOWN_CODE = 255

/** Accent- and case-free text for sorting and matching names (the slow Unicode path only for letters with accents). */
export const foldText = (s: string) => (/[\u00C0-\u024F\u0300-\u036F\u1E00-\u1EFF]/.test(s) ? s.normalize('NFD').replace(/\p{M}/gu, '') : s).toLowerCase()

/** Order by a sort key, then by id: the same order every time. */
export const byKeyThenId = (a: { key: string, id: string }, b: { key: string, id: string }) =>
  a.key < b.key ? -1 : a.key > b.key ? 1 : a.id < b.id ? -1 : 1

/** Rows by folded Dutch name, then id (as byKeyThenId), with their keys. Names repeat: the distinct ones are sorted, with
 * the engine's own string sort, and their ranks compared (no string comparison for most of the 700,000 steps of the sort). */
function byFoldedName (rows: OfferRow[]): { sorted: OfferRow[], keys: string[] } {
  const keys = rows.map((r) => foldText(r[2]))
  const rankOf = new Map([...new Set(keys)].sort().map((key, rank) => [key, rank]))
  const ranks = Int32Array.from(keys, (key) => rankOf.get(key)!)
  const order = rows.map((_, j) => j).sort((a, b) => ranks[a]! - ranks[b]! || (rows[a]![0] < rows[b]![0] ? -1 : 1))
  return { sorted: order.map((j) => rows[j]!), keys: order.map((j) => keys[j]!) }
}

/**
 * What an index is built of: the whole published directory, or (`only`) these offers and organisations alone, the
 * part a change touched (src/search/follow.ts merges such a part into the index it follows).
 */
/**
 * What an index takes over of the search rows' ordinals from the index it follows: `ordinals` by rowid, right up to
 * rowid `above` (rows written since lie above it) except the rows to `recheck` (the old rows of changed offers);
 * `unplaced`: offers that were not in the old index, whose rows may lie anywhere.
 */
export type CarriedRows = { ordinals: Int32Array, above: number, recheck: number[], unplaced: string[] }

export type IndexScope = { offers: readonly string[], organisations: readonly string[] } | undefined

/** Bounds of the caches each index keeps; the tests lower them to see them start again. */
export const CACHE_LIMITS = {
  /** Derived bit sets (a region, a list of codes, an age). */
  derivedSets: 5000,
  /** Entries of per-word text hits: a broad word holds one per offer. */
  textEntries: 4_000_000,
  /** Rendered summaries over all languages: 50,000 offers in three languages would not fit the memory budget. */
  renderedSummaries: 30_000,
  /** Offers over the kept radius searches (4 bytes each, with a set of 6 KB per search at 50,000 offers). */
  radiusEntries: 1_000_000,
  /**
   * Offers over the kept orders of place sets, most local first, per offer of the index (4 bytes each; 4,000,000 at
   * 50,000 offers). A postcode's set grows with the directory (about 7,000 offers at 50,000, 28,000 at 200,000): a bound
   * that did not grow let the bench's 200 postcodes push each other out at 200,000 offers, and every filter search sorted
   * its place again (in process: 19 µs per search at 50,000 offers, 2,190 µs at 200,000).
   */
  localOrderEntriesPerOffer: 80
}

// A typed array read from a snapshot is a view into the whole file's buffer: copies of their own let that buffer go.
const own = (value: unknown): unknown =>
  ArrayBuffer.isView(value) ? (value as Uint8Array).slice()
    : Array.isArray(value) && ArrayBuffer.isView(value[0]) ? value.map(own)
      : value instanceof Map && ArrayBuffer.isView(value.values().next().value) ? new Map([...value].map(([k, v]) => [k, own(v)]))
        : value
const owned = <T extends object>(fields: T): T => Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, own(v)])) as T

/** The fields a build computes, which a snapshot holds; the others are the database, the reference and caches filled on demand. */
export const BUILT_FIELDS = ['size', 'ids', 'sortKeys', 'ordinalById', 'organisations', 'organisationById', 'organisationBySlug', 'organisationOf',
  'fromMonth', 'toMonth', 'careType', 'cost', 'referral', 'flags', 'modeMask', 'provinceMask', 'phaseMask', 'languageStart',
  'languageCodes', 'breadth', 'updatedMs', 'verifiedAt', 'locations', 'geo', 'all', 'remoteOnly', 'cellBits', 'valueBits', 'phaseBits', 'schedules'] as const
export type BuiltFields = Pick<SearchIndex, typeof BUILT_FIELDS[number]>

export class SearchIndex {
  readonly size: number
  readonly ids: string[]
  /** Each offer's folded Dutch name: ordinals are in the order of (sortKeys, ids). */
  readonly sortKeys: string[]
  readonly ordinalById = new Map<string, number>()
  readonly organisations: OrganisationEntry[] = []
  readonly organisationById = new Map<string, OrganisationEntry>()
  readonly organisationBySlug = new Map<string, OrganisationEntry>()
  /** Index into `organisations` of each offer's organisation. */
  readonly organisationOf: Int32Array
  readonly fromMonth: Float64Array
  readonly toMonth: Float64Array
  readonly careType: Uint16Array
  readonly cost: Uint8Array
  readonly referral: Uint8Array
  readonly flags: Uint8Array
  readonly modeMask: Uint16Array
  readonly provinceMask: Uint16Array
  /** Which atomic phases (in ref.atomicPhases order) each offer's month range overlaps. */
  readonly phaseMask: Uint16Array
  /** Languages per offer: languageCodes[languageStart[i] .. languageStart[i+1]) are indexes into ref.languages. */
  readonly languageStart: Int32Array
  readonly languageCodes: Uint8Array
  /** How many cells the offer serves; remote-only offers count as more than all. Smaller is more local. */
  readonly breadth: Float64Array
  readonly updatedMs: Float64Array
  readonly verifiedAt: Array<string | null>
  readonly locations: LocationEntry[][]
  readonly geo: GeoPoints
  /** When each offer is open (src/hours); null when nothing is known of it. */
  readonly schedules: Array<Schedule | null>

  readonly all: Bits
  readonly remoteOnly: Bits
  readonly cellBits: Bits[]
  readonly valueBits = new Map<string, Bits>()
  readonly phaseBits = new Map<string, Bits>()

  /** Filled on demand and dropped with the index: derived bit sets, sort orders, per-term text hits, rendered offers. */
  readonly memo = new Map<string, Bits>()
  private readonly orders = new Map<string, { order: Int32Array, rank: Int32Array }>()
  private ftsOrdinals: Int32Array | undefined
  private carriedRows: CarriedRows | undefined
  /** While a part is built (see IndexScope): how its queries are narrowed to it. */
  private readonly scope: { sql: (column: string) => string, params: string[] } | undefined

  constructor (readonly db: Db, readonly ref: SearchReference, readonly position: number, only: IndexScope = undefined) {
    // A part is read by the ids in it (json_each of one JSON array each).
    const scope = only === undefined ? [] : [JSON.stringify(only.offers)]
    this.scope = only === undefined ? undefined : { sql: (column) => ` AND ${column} IN (SELECT value FROM json_each(?))`, params: scope }
    const within = (column: string) => this.scope?.sql(column) ?? ''
    const raw = <T>(sql: string, ...params: string[]) => prepared(db, sql).raw().all(...params) as T[]
    // A part is found by its ids, not through the index on status (a "+" keeps SQLite from using that).
    const published = `${only === undefined ? '' : '+'}status = 'published'`

    const organisations = only === undefined ? '' : ` AND (id IN (SELECT organisation_id FROM offers WHERE 1${within('id')}) OR id IN (SELECT value FROM json_each(?)))`
    for (const [id, slug, kind, name] of raw<[string, string, string, string]>(`SELECT id, slug, kind, name FROM organisations WHERE ${published}${organisations}`,
      ...(only === undefined ? [] : [...scope, JSON.stringify(only.organisations)]))) {
      const entry = { id, slug, kind, name: JSON.parse(name), offers: [] }
      this.organisationById.set(id, entry)
      this.organisationBySlug.set(slug, entry)
    }
    // Published offers; those of unpublished organisations drop out here (organisationById holds the published ones).
    // The four flags come as one number: every column read costs a value to make.
    const rows = raw<OfferRow>(`SELECT id, organisation_id, name ->> '$.nl', care_type, from_month, to_month, cost_type, referral_type,
        coalesce(crisis_24_7, 0) * ${FLAG_CRISIS_24_7} + coalesce(urgent_intake, 0) * ${FLAG_URGENT_INTAKE} + coalesce(baby_welcome, 0) * ${FLAG_BABY_WELCOME} + (is_reference != 0) * ${FLAG_REFERENCE}
          + (crisis_24_7 IS NOT NULL) * ${FLAG_CRISIS_24_7_KNOWN} + (urgent_intake IS NOT NULL) * ${FLAG_URGENT_INTAKE_KNOWN} + (baby_welcome IS NOT NULL) * ${FLAG_BABY_WELCOME_KNOWN},
        updated_at, verified_at
      FROM offers WHERE ${published}${within('id')}`, ...scope).filter((r) => this.organisationById.has(r[1]))
    const { sorted, keys } = byFoldedName(rows)
    const n = this.size = sorted.length
    this.sortKeys = keys

    this.ids = new Array<string>(n)
    this.organisationOf = new Int32Array(n)
    this.fromMonth = new Float64Array(n)
    this.toMonth = new Float64Array(n)
    this.careType = new Uint16Array(n)
    this.cost = new Uint8Array(n)
    this.referral = new Uint8Array(n)
    this.flags = new Uint8Array(n)
    this.modeMask = new Uint16Array(n)
    this.provinceMask = new Uint16Array(n)
    this.phaseMask = new Uint16Array(n)
    this.breadth = new Float64Array(n)
    this.updatedMs = new Float64Array(n)
    this.verifiedAt = new Array<string | null>(n)
    this.locations = Array.from({ length: n }, () => [])
    this.all = fullBits(n)
    this.remoteOnly = emptyBits(n)
    this.cellBits = Array.from({ length: ref.cellCount }, () => emptyBits(n))

    const bitsOf = (key: string) => {
      let bits = this.valueBits.get(key)
      if (bits === undefined) this.valueBits.set(key, bits = emptyBits(n))
      return bits
    }
    const careLines = ref.careTypes.map((c) => {
      const line: Bits[] = []
      for (let code: string | null = c.code; code !== null; code = ref.careTypeByCode.get(code)!.parent) line.push(bitsOf(`care_type:${code}`))
      return line
    })
    const costIndex = new Map(ref.costs.map((c, j) => [c.code, j]))
    const costBits = ref.costs.map((c) => bitsOf(`cost:${c.code}`))
    const referralBits = ref.referrals.map((r) => bitsOf(`referral:${r}`))
    const crisisBits = bitsOf('crisis')
    const babyBits = bitsOf('baby_welcome')
    const referenceBits = bitsOf('reference')
    const organisationIndex = new Map<string, number>()
    for (let i = 0; i < n; i++) {
      const [id, organisationId, , careType, from, to, cost, referral, flags, updated, verified] = sorted[i]!
      this.ids[i] = id
      this.ordinalById.set(id, i)
      let org = organisationIndex.get(organisationId)
      if (org === undefined) {
        org = this.organisations.length
        organisationIndex.set(organisationId, org)
        this.organisations.push(this.organisationById.get(organisationId)!)
      }
      this.organisationOf[i] = org
      this.organisations[org]!.offers.push(i)
      this.fromMonth[i] = bound(from, -Infinity)
      this.toMonth[i] = bound(to, Infinity)
      const type = ref.careTypeByCode.get(careType)!.index
      this.careType[i] = type
      for (const bits of careLines[type]!) setBit(bits, i)
      const c = cost === null ? UNKNOWN_CODE : costIndex.get(cost)!
      this.cost[i] = c
      if (c !== UNKNOWN_CODE) setBit(costBits[c]!, i)
      const f = referral === null ? UNKNOWN_CODE : ref.referrals.indexOf(referral)
      this.referral[i] = f
      if (f !== UNKNOWN_CODE) setBit(referralBits[f]!, i)
      this.flags[i] = flags
      if ((flags & (FLAG_CRISIS_24_7 | FLAG_URGENT_INTAKE)) !== 0) setBit(crisisBits, i)
      if ((flags & FLAG_BABY_WELCOME) !== 0) setBit(babyBits, i)
      if ((flags & FLAG_REFERENCE) !== 0) setBit(referenceBits, i)
      this.updatedMs[i] = Date.parse(updated)
      this.verifiedAt[i] = verified
    }
    // Organisations without published offers are still listed, after those with offers.
    for (const o of this.organisationById.values()) if (!organisationIndex.has(o.id)) this.organisations.push(o)

    // Bit sets are made for codes that visible offers have.
    const codeBits = (prefix: string) => {
      const byCode = new Map<string, Bits>()
      return (code: string) => {
        let bits = byCode.get(code)
        if (bits === undefined) byCode.set(code, bits = bitsOf(`${prefix}:${code}`))
        return bits
      }
    }
    const roleBits = codeBits('role')
    this.links('offer_roles', 'role_code', (code, i) => setBit(roleBits(code), i))
    const targetGroupBits = codeBits('target_group')
    this.links('offer_target_groups', 'target_group_code', (code, i) => setBit(targetGroupBits(code), i))
    const modeBits = codeBits('mode')
    const modeBit = new Map(ref.modes.map((m, b) => [m.code, 1 << b]))
    this.links('offer_modes', 'mode', (code, i) => {
      setBit(modeBits(code), i)
      this.modeMask[i]! |= modeBit.get(code)!
    })
    // Each offer's languages in reference order: the ordinals per language first, then laid out offer by offer.
    const languageBits = codeBits('language')
    const byLanguage = ref.languages.map((): number[] => [])
    const languageCounts = new Int32Array(n)
    this.links('offer_languages', 'language_code', (code, i) => {
      setBit(languageBits(code), i)
      byLanguage[ref.languageIndex.get(code)!]!.push(i)
      languageCounts[i]!++
    })
    this.languageStart = new Int32Array(n + 1)
    for (let i = 0; i < n; i++) this.languageStart[i + 1] = this.languageStart[i]! + languageCounts[i]!
    this.languageCodes = new Uint8Array(this.languageStart[n]!)
    const filled = this.languageStart.slice(0, n)
    byLanguage.forEach((ordinals, language) => { for (const i of ordinals) this.languageCodes[filled[i]!++] = language })

    // Service areas were checked against the region reference when written; every region has cells.
    this.links('offer_service_areas', 'region_code', (code, i) => { for (const cell of ref.regionCells.get(code)!) setBit(this.cellBits[cell]!, i) })
    this.coverage()

    // Places in id order, each then handed to its offers: so each offer's places come in the order of its own record,
    // as the detail shows them.
    const places = raw<[string, string, string, string, number | null, number | null, number]>(
      `SELECT id, name, postcode, municipality_code, latitude, longitude, approximate_position FROM locations WHERE ${published}
        ${only === undefined ? '' : `AND id IN (SELECT location_id FROM offer_locations WHERE 1${within('offer_id')})`} ORDER BY id`, ...scope)
      .map(([id, name, postcode, municipality, latitude, longitude, approximate]): LocationEntry =>
        ({ id, name, postcode, municipality_code: municipality, latitude, longitude, approximate_position: approximate === 1 }))
    const placeIndex = new Map(places.map((place, k) => [place.id, k]))
    const offersAt = places.map((): number[] => [])
    this.links('offer_locations', 'location_id', (id, i) => {
      const k = placeIndex.get(id)
      if (k !== undefined) offersAt[k]!.push(i)
    })
    places.forEach((place, k) => { for (const i of offersAt[k]!) this.locations[i]!.push(place) })
    this.geo = new GeoPoints(this.locations)

    for (const [code, phase] of ref.phases) this.phaseBits.set(code, this.monthBits(phase.from, phase.to))
    ref.atomicPhases.forEach((phase, b) => { for (const i of members(this.phaseBits.get(phase.code)!)) this.phaseMask[i]! |= 1 << b })

    this.schedules = new Array<Schedule | null>(n).fill(null)
    this.firstStepFacts(bitsOf)
  }

  /** Who takes new families, access (the offer's own and its published locations'), and each offer's hours and exceptions. */
  private firstStepFacts (bitsOf: (key: string) => Bits): void {
    // Narrowed to the offers of a partial index (src/search/follow.ts), as the constructor's own reads are.
    const raw = <T>(sql: string) => prepared(this.db, sql).raw().all(...this.scope?.params ?? []) as T[]
    const within = (column: string) => this.scope?.sql(column) ?? ''
    // A part's offers by their key, as in the constructor (on the status index SQLite walks every published offer: about 100 ms at 50,000).
    const published = `${this.scope === undefined ? '' : '+'}status = 'published'`
    const accepting = bitsOf('accepting_new')
    const access = Object.fromEntries(ACCESS_CODES.map((c) => [c, bitsOf(`access:${c}`)])) as Record<AccessCode, Bits>
    type Building = { hours: Hours[], exceptions: Exception[], always_open: boolean, open_on_holidays: boolean, temporarily_closed: boolean }
    const schedule = (i: number) => (this.schedules[i] ??= { hours: [], exceptions: [], always_open: false, open_on_holidays: false, temporarily_closed: false }) as Building
    const each = <T extends [string, ...unknown[]]>(rows: T[], visit: (i: number, row: T) => void) => {
      for (const row of rows) {
        const i = this.ordinalById.get(row[0])
        if (i !== undefined) visit(i, row)
      }
    }
    each(raw<[string, string | null, number | null, number | null, number | null, number, number, number]>(`SELECT id, accepting_new,
        interpreter_on_request, no_residence_papers_ok, anonymous_possible, always_open, open_on_holidays, temporarily_closed FROM offers WHERE ${published}${within('id')}`),
    (i, [, acceptingNew, interpreter, papers, anonymous, always, holidays, closed]) => {
      // A waiting list takes new families too (after the wait the item shows); "no" and "not known" do not count.
      if (acceptingNew === 'yes' || acceptingNew === 'waiting_list') setBit(accepting, i)
      if (interpreter === 1) setBit(access.interpreter, i)
      if (papers === 1) setBit(access.no_residence_papers, i)
      if (anonymous === 1) setBit(access.anonymous, i)
      if (always + holidays + closed > 0) Object.assign(schedule(i), { always_open: always === 1, open_on_holidays: holidays === 1, temporarily_closed: closed === 1 })
    })
    each(raw<[string, number | null, number | null]>(`SELECT o.offer_id, l.wheelchair_accessible, l.pram_accessible FROM offer_locations o
        JOIN locations l ON l.id = o.location_id WHERE l.status = 'published' AND (l.wheelchair_accessible = 1 OR l.pram_accessible = 1)${within('o.offer_id')}`),
    (i, [, wheelchair, pram]) => {
      if (wheelchair === 1) setBit(access.wheelchair, i)
      if (pram === 1) setBit(access.pram, i)
    })
    // Hours at an unpublished location are not shown, so they do not open the offer either.
    each(raw<[string, number, string, string]>(`SELECT h.offer_id, h.weekday, h.opens, h.closes FROM opening_hours h
        LEFT JOIN locations l ON l.id = h.location_id WHERE (h.location_id IS NULL OR l.status = 'published')${within('h.offer_id')}`),
    (i, [, weekday, opens, closes]) => { schedule(i).hours.push({ weekday, opens, closes }) })
    each(raw<[string, string, string, number, string | null, string | null]>(`SELECT offer_id, "from", "to", closed, opens, closes FROM hours_exceptions WHERE 1${within('offer_id')} ORDER BY "from"`),
    (i, [, from, to, closed, opens, closes]) => {
      schedule(i).exceptions.push({ from, to, closed: closed === 1, hours: opens === null || closes === null ? undefined : [{ opens, closes }] })
    })
  }

  /**
   * Each link of a table to a visible offer, as (code, ordinal), in table order. The whole table comes as one string,
   * "offer,code," repeated: SQLite concatenates far faster than it hands over rows or groups, and the links of an offer
   * mostly lie together, so its id is looked up once.
   */
  private links (table: string, column: string, each: (code: string, ordinal: number) => void): void {
    const text = prepared(this.db, `SELECT coalesce(group_concat(offer_id || ',' || ${column} || ',', ''), '') FROM ${table} WHERE 1${this.scope?.sql('offer_id') ?? ''}`)
      .pluck().get(...this.scope?.params ?? []) as string
    let id = ''
    let ordinal: number | undefined
    for (let at = 0; at < text.length;) {
      const comma = text.indexOf(',', at)
      if (comma - at !== id.length || !text.startsWith(id, at)) ordinal = this.ordinalById.get(id = text.slice(at, comma))
      const end = text.indexOf(',', comma + 1)
      if (ordinal !== undefined) each(text.slice(comma + 1, end), ordinal)
      at = end + 1
    }
  }

  /** Breadth and provinces of each offer from its cells; remote-only offers serve every region. */
  private coverage (): void {
    const { ref } = this
    // Every cell lies in a province or in Brussels.
    ref.cellProvince.forEach((province, cell) => {
      const bit = 1 << province
      for (const i of members(this.cellBits[cell]!)) { this.breadth[i]!++; this.provinceMask[i]! |= bit }
    })
    const remoteMask = ref.modes.reduce((m, mode, b) => (REMOTE_MODES.has(mode.code) ? m | (1 << b) : m), 0)
    const everyProvince = (1 << ref.provinces.length) - 1
    for (let i = 0; i < this.size; i++) {
      const mask = this.modeMask[i]!
      if (mask !== 0 && (mask & ~remoteMask) === 0) {
        setBit(this.remoteOnly, i)
        this.provinceMask[i] = everyProvince
        this.breadth[i] = ref.cellCount + 1
      }
    }
  }

  /** An index from the fields of one built at this position (a snapshot's), with empty caches. */
  static restore (db: Db, ref: SearchReference, position: number, fields: BuiltFields): SearchIndex {
    // Made as objects of their classes from the start: changing an object's prototype afterwards slows down its use.
    const geo = Object.assign(Object.create(GeoPoints.prototype) as GeoPoints, owned(fields.geo))
    return SearchIndex.assemble(db, ref, position, { ...owned(fields), geo })
  }

  /** An index of these fields as they are (made for it: a snapshot's copies, or a merge's), with empty caches. */
  static assemble (db: Db, ref: SearchReference, position: number, fields: BuiltFields, carriedRows?: CarriedRows): SearchIndex {
    return Object.assign(Object.create(SearchIndex.prototype) as SearchIndex,
      { db, ref, position, memo: new Map(), orders: new Map(), ftsOrdinals: undefined, carriedRows, scope: undefined }, fields)
  }

  /**
   * FTS5 rowid → ordinal (-1 for rows of offers the public does not see); read on the first text search, all rows, or
   * those an index that follows another could not take over from it (see CarriedRows).
   */
  get ordinalByRowid (): Int32Array {
    if (this.ftsOrdinals === undefined) {
      const sqlite = this.db.$client
      const { ordinals: known, above, recheck, unplaced } = this.carriedRows ?? { ordinals: new Int32Array(0), above: 0, recheck: [], unplaced: [] }
      // "rowid,offer_id" pairs in one string: SQLite concatenates far faster than it hands over rows.
      // From FTS5's content table (id is the rowid, c0 the offer's id): a range of its primary key, where the same range
      // of the FTS5 table reads every row from the start (about 70 ms at 50,000 offers after each change of an offer's text).
      const pairs = (sqlite.prepare('SELECT coalesce(group_concat(id || \',\' || c0), \'\') FROM offer_search_content WHERE id > ?').pluck().get(above) as string).split(',')
      let max = Math.min(above, known.length - 1)
      for (let k = 0; k + 1 < pairs.length; k += 2) max = Math.max(max, Number(pairs[k]))
      const ordinals = this.ftsOrdinals = new Int32Array(max + 1).fill(-1)
      ordinals.set(known.subarray(0, above + 1))
      const placed = new Set<number>()
      const place = (rowid: number, id: string | undefined) => {
        const ordinal = ordinals[rowid] = (id === undefined ? undefined : this.ordinalById.get(id)) ?? -1
        placed.add(ordinal)
      }
      for (let k = 0; k + 1 < pairs.length; k += 2) place(Number(pairs[k]), pairs[k + 1])
      const row = sqlite.prepare('SELECT c0 FROM offer_search_content WHERE id = ?').pluck()
      for (const rowid of recheck) place(rowid, row.get(rowid) as string | undefined)
      // Offers the public sees now whose rows lie among those taken over: found by the content table's index on offer_id.
      const missing = unplaced.filter((id) => this.ordinalById.has(id) && !placed.has(this.ordinalById.get(id)!))
      if (missing.length > 0) {
        for (const [rowid, id] of sqlite.prepare('SELECT id, c0 FROM offer_search_content WHERE c0 IN (SELECT value FROM json_each(?))').raw()
          .all(JSON.stringify(missing)) as Array<[number, string]>) place(rowid, id)
      }
      this.carriedRows = undefined
    }
    return this.ftsOrdinals
  }

  /** The rows read so far: what an index that follows this one may take over. */
  get knownRows (): Int32Array | undefined {
    return this.ftsOrdinals
  }

  /** Takes over the rows `from` read as they are: no search row was written since, and every offer kept its ordinal. */
  shareRows (from: SearchIndex): void {
    this.ftsOrdinals = from.ftsOrdinals
    this.carriedRows = undefined
  }

  /** The ordinal of a published offer by id or slug. */
  find (idOrSlug: string): number | undefined {
    const byId = this.ordinalById.get(idOrSlug)
    if (byId !== undefined) return byId
    const row = prepared(this.db, 'SELECT id FROM offers WHERE slug = ?').get(idOrSlug) as { id: string } | undefined
    return row === undefined ? undefined : this.ordinalById.get(row.id)
  }

  /** Offers whose month range overlaps [from, to]; a range shorter than a month (birth, an age) counts its edges. */
  /** The atomic phases offer i's month range overlaps. */
  phasesOf (i: number): Array<Coded & MonthRange> {
    return this.ref.atomicPhases.filter((_, b) => (this.phaseMask[i]! & (1 << b)) !== 0)
  }

  monthBits (from: number, to: number): Bits {
    const bits = emptyBits(this.size)
    const inclusive = to - from < 1
    for (let i = 0; i < this.size; i++) {
      const a = this.fromMonth[i]!
      const b = this.toMonth[i]!
      if (inclusive ? a <= to && b >= from : a < to && b > from) setBit(bits, i)
    }
    return bits
  }

  organisationBits (entry: OrganisationEntry): Bits {
    return fromOrdinals(this.size, entry.offers)
  }

  /** Offers in an order (by name in a language, by last update) and each offer's rank in it. */
  sortOrder (key: 'updated' | `name:${ContentLang}`): { order: Int32Array, rank: Int32Array } {
    let sorted = this.orders.get(key)
    if (sorted !== undefined) return sorted
    const order = Int32Array.from({ length: this.size }, (_, i) => i)
    if (key === 'updated') order.sort((a, b) => this.updatedMs[b]! - this.updatedMs[a]! || a - b)
    else if (key !== 'name:nl') {
      const lang = key.slice(5)
      const names = this.db.$client.prepare(`SELECT id, coalesce(name ->> '$.${lang}', name ->> '$.nl') FROM offers WHERE status = 'published'`).raw().all() as Array<[string, string]>
      const keys = new Array<string>(this.size)
      for (const [id, name] of names) {
        const i = this.ordinalById.get(id)
        if (i !== undefined) keys[i] = foldText(name)
      }
      order.sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : a - b))
    }
    const rank = new Int32Array(this.size)
    order.forEach((ordinal, position) => { rank[ordinal] = position })
    sorted = { order, rank }
    this.orders.set(key, sorted)
    return sorted
  }
}
