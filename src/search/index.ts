// The in-memory index of the public directory at one feed position: published offers of published organisations,
// numbered in name order, with a bit set per filter value, typed arrays for ranges, coordinates and sort keys.
// SQLite stays the source of truth; the index is rebuilt from it whenever the change feed moves.
import type { Db } from '../db/client.js'
import type { ContentLang } from '../text/schemas.js'
import { type Bits, emptyBits, fromOrdinals, members, setBit } from './bitset.js'
import { GeoPoints } from './geo.js'
import { bound, REMOTE_MODES, type SearchReference } from './reference.js'

export type OrganisationEntry = { id: string, slug: string, kind: string, name: { nl: string, fr?: string, en?: string }, offers: number[] }
export type LocationEntry = { id: string, name: string, postcode: string, municipality_code: string, latitude: number | null, longitude: number | null }

type OfferRow = {
  id: string, slug: string, organisation_id: string, name: string, care_type: string, from_month: number | null, to_month: number | null,
  cost_type: string, referral_type: string, crisis_24_7: number, urgent_intake: number, baby_welcome: number, is_reference: number,
  updated_at: string, verified_at: string | null
}

export const FLAG_CRISIS_24_7 = 1
export const FLAG_URGENT_INTAKE = 2
export const FLAG_BABY_WELCOME = 4
export const FLAG_REFERENCE = 8

/** Accent- and case-free text for sorting and matching names. */
export const foldText = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()

/** Order by a sort key, then by id: the same order every time. */
export const byKeyThenId = (a: { key: string, id: string }, b: { key: string, id: string }) =>
  a.key < b.key ? -1 : a.key > b.key ? 1 : a.id < b.id ? -1 : 1

/** Bounds of the caches each index keeps; the tests lower them to see them start again. */
export const CACHE_LIMITS = {
  /** Derived bit sets (a region, a list of codes, an age). */
  derivedSets: 5000,
  /** Entries of per-word text hits: a broad word holds one per offer. */
  textEntries: 4_000_000,
  /** Rendered summaries over all languages: 50,000 offers in three languages would not fit the memory budget. */
  renderedSummaries: 60_000
}

export class SearchIndex {
  readonly size: number
  readonly ids: string[]
  readonly slugs: string[]
  readonly ordinalById = new Map<string, number>()
  readonly ordinalBySlug = new Map<string, number>()
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
  /** FTS5 rowid → ordinal (-1 for rows of offers the public does not see). */
  readonly ordinalByRowid: Int32Array

  readonly all: Bits
  readonly remoteOnly: Bits
  readonly cellBits: Bits[]
  readonly valueBits = new Map<string, Bits>()
  readonly phaseBits = new Map<string, Bits>()

  /** Filled on demand and dropped with the index: derived bit sets, sort orders, per-term text hits, rendered offers. */
  readonly memo = new Map<string, Bits>()
  private readonly orders = new Map<string, { order: Int32Array, rank: Int32Array }>()

  constructor (readonly db: Db, readonly ref: SearchReference, readonly position: number) {
    const sqlite = db.$client
    const all = <T>(sql: string) => sqlite.prepare(sql).all() as T[]

    for (const o of all<{ id: string, slug: string, kind: string, name: string }>(
      'SELECT id, slug, kind, name FROM organisations WHERE status = \'published\'')) {
      const entry = { id: o.id, slug: o.slug, kind: o.kind, name: JSON.parse(o.name), offers: [] }
      this.organisationById.set(o.id, entry)
      this.organisationBySlug.set(o.slug, entry)
    }
    const rows = all<OfferRow>(`SELECT o.id, o.slug, o.organisation_id, o.name, o.care_type, o.from_month, o.to_month, o.cost_type,
        o.referral_type, o.crisis_24_7, o.urgent_intake, o.baby_welcome, o.is_reference, o.updated_at, o.verified_at
      FROM offers o JOIN organisations g ON g.id = o.organisation_id
      WHERE o.status = 'published' AND g.status = 'published'`)
    const keyed = rows.map((r) => ({ r, id: r.id, key: foldText((JSON.parse(r.name) as { nl: string }).nl) })).sort(byKeyThenId)
    const n = this.size = keyed.length

    this.ids = new Array<string>(n)
    this.slugs = new Array<string>(n)
    this.organisationOf = new Int32Array(n)
    this.fromMonth = new Float64Array(n)
    this.toMonth = new Float64Array(n)
    this.careType = new Uint16Array(n)
    this.cost = new Uint8Array(n)
    this.referral = new Uint8Array(n)
    this.flags = new Uint8Array(n)
    this.modeMask = new Uint16Array(n)
    this.provinceMask = new Uint16Array(n)
    this.breadth = new Float64Array(n)
    this.updatedMs = new Float64Array(n)
    this.verifiedAt = new Array<string | null>(n)
    this.locations = Array.from({ length: n }, () => [])
    this.all = emptyBits(n)
    this.remoteOnly = emptyBits(n)
    this.cellBits = Array.from({ length: ref.cellCount }, () => emptyBits(n))

    const organisationIndex = new Map<string, number>()
    const bitsOf = (key: string) => {
      let bits = this.valueBits.get(key)
      if (bits === undefined) this.valueBits.set(key, bits = emptyBits(n))
      return bits
    }
    keyed.forEach(({ r }, i) => {
      this.ids[i] = r.id
      this.slugs[i] = r.slug
      this.ordinalById.set(r.id, i)
      this.ordinalBySlug.set(r.slug, i)
      let org = organisationIndex.get(r.organisation_id)
      if (org === undefined) {
        org = this.organisations.length
        organisationIndex.set(r.organisation_id, org)
        this.organisations.push(this.organisationById.get(r.organisation_id)!)
      }
      this.organisationOf[i] = org
      this.organisations[org]!.offers.push(i)
      this.fromMonth[i] = bound(r.from_month, -Infinity)
      this.toMonth[i] = bound(r.to_month, Infinity)
      this.careType[i] = ref.careTypeByCode.get(r.care_type)!.index
      this.cost[i] = ref.costs.findIndex((c) => c.code === r.cost_type)
      this.referral[i] = ref.referrals.indexOf(r.referral_type)
      this.flags[i] = (r.crisis_24_7 ? FLAG_CRISIS_24_7 : 0) | (r.urgent_intake ? FLAG_URGENT_INTAKE : 0) |
        (r.baby_welcome ? FLAG_BABY_WELCOME : 0) | (r.is_reference ? FLAG_REFERENCE : 0)
      this.updatedMs[i] = Date.parse(r.updated_at)
      this.verifiedAt[i] = r.verified_at
      setBit(this.all, i)
      setBit(bitsOf(`cost:${r.cost_type}`), i)
      setBit(bitsOf(`referral:${r.referral_type}`), i)
      if (r.crisis_24_7 || r.urgent_intake) setBit(bitsOf('crisis'), i)
      if (r.baby_welcome) setBit(bitsOf('baby_welcome'), i)
      for (let c: string | null = r.care_type; c !== null; c = ref.careTypeByCode.get(c)!.parent) setBit(bitsOf(`care_type:${c}`), i)
    })
    // Organisations without published offers are still listed, after those with offers.
    for (const o of this.organisationById.values()) if (!organisationIndex.has(o.id)) this.organisations.push(o)

    const linked = (sql: string, each: (i: number, code: string) => void) => {
      for (const row of sqlite.prepare(sql).raw().all() as Array<[string, string]>) {
        const i = this.ordinalById.get(row[0])
        if (i !== undefined) each(i, row[1])
      }
    }
    linked('SELECT offer_id, role_code FROM offer_roles', (i, code) => {
      setBit(bitsOf(`role:${code}`), i)
    })
    linked('SELECT offer_id, target_group_code FROM offer_target_groups', (i, code) => {
      setBit(bitsOf(`target_group:${code}`), i)
    })
    const languages: number[][] = Array.from({ length: n }, () => [])
    linked('SELECT offer_id, language_code FROM offer_languages', (i, code) => {
      languages[i]!.push(ref.languageIndex.get(code)!)
      setBit(bitsOf(`language:${code}`), i)
    })
    const modeIndex = new Map(ref.modes.map((m, b) => [m.code, b]))
    linked('SELECT offer_id, mode FROM offer_modes', (i, code) => {
      this.modeMask[i]! |= 1 << modeIndex.get(code)!
      setBit(bitsOf(`mode:${code}`), i)
    })
    this.languageStart = new Int32Array(n + 1)
    languages.forEach((l, i) => { l.sort((a, b) => a - b); this.languageStart[i + 1] = this.languageStart[i]! + l.length })
    this.languageCodes = Uint8Array.from(languages.flat())

    this.coverServiceAreas(all<{ offer_id: string, region_code: string }>('SELECT offer_id, region_code FROM offer_service_areas'))

    linked(`SELECT ol.offer_id, json_array(l.id, l.name, l.postcode, l.municipality_code, l.latitude, l.longitude)
      FROM offer_locations ol JOIN locations l ON l.id = ol.location_id
      WHERE l.status = 'published' ORDER BY ol.offer_id, l.id`, (i, json) => {
      const [id, name, postcode, municipality, latitude, longitude] = JSON.parse(json) as [string, string, string, string, number | null, number | null]
      this.locations[i]!.push({ id, name, postcode, municipality_code: municipality, latitude, longitude })
    })
    this.geo = new GeoPoints(this.locations)

    const fts = sqlite.prepare('SELECT rowid, offer_id FROM offer_search').raw().all() as Array<[number, string]>
    this.ordinalByRowid = new Int32Array(fts.reduce((max, [rowid]) => Math.max(max, rowid), 0) + 1).fill(-1)
    for (const [rowid, id] of fts) this.ordinalByRowid[rowid] = this.ordinalById.get(id) ?? -1

    for (const [code, phase] of ref.phases) this.phaseBits.set(code, this.monthBits(phase.from, phase.to))
    this.phaseMask = new Uint16Array(n)
    ref.atomicPhases.forEach((phase, b) => { for (const i of members(this.phaseBits.get(phase.code)!)) this.phaseMask[i]! |= 1 << b })
  }

  /** Cells, provinces and breadth of each offer from its service area; remote-only offers serve every region. */
  private coverServiceAreas (areas: Array<{ offer_id: string, region_code: string }>): void {
    const { ref, size } = this
    const areaCodes: string[][] = Array.from({ length: size }, () => [])
    for (const a of areas) {
      const i = this.ordinalById.get(a.offer_id)
      if (i !== undefined) areaCodes[i]!.push(a.region_code)
    }
    const remoteMask = ref.modes.reduce((m, mode, b) => (REMOTE_MODES.has(mode.code) ? m | (1 << b) : m), 0)
    const everyProvince = (1 << ref.provinces.length) - 1
    const seen = new Uint8Array(ref.cellCount)
    for (let i = 0; i < size; i++) {
      const mask = this.modeMask[i]!
      if (mask !== 0 && (mask & ~remoteMask) === 0) {
        setBit(this.remoteOnly, i)
        this.provinceMask[i] = everyProvince
        this.breadth[i] = ref.cellCount + 1
        continue
      }
      const cells: number[] = []
      for (const code of areaCodes[i]!) {
        // Service areas were checked against the region reference when written; every region has cells.
        for (const cell of ref.regionCells.get(code)!) {
          if (seen[cell] === 1) continue
          seen[cell] = 1
          cells.push(cell)
        }
      }
      let provinces = 0
      for (const cell of cells) {
        seen[cell] = 0
        setBit(this.cellBits[cell]!, i)
        const p = ref.cellProvince[cell]!
        if (p !== 255) provinces |= 1 << p
      }
      this.provinceMask[i] = provinces
      this.breadth[i] = cells.length
    }
  }

  /** Offers whose month range overlaps [from, to]; a range shorter than a month (birth, an age) counts its edges. */
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

  /** Offers in an order (by name in a language, by last update, by breadth) and each offer's rank in it. */
  sortOrder (key: 'updated' | 'breadth' | `name:${ContentLang}`): { order: Int32Array, rank: Int32Array } {
    let sorted = this.orders.get(key)
    if (sorted !== undefined) return sorted
    const order = Int32Array.from({ length: this.size }, (_, i) => i)
    if (key === 'updated') order.sort((a, b) => this.updatedMs[b]! - this.updatedMs[a]! || a - b)
    else if (key === 'breadth') order.sort((a, b) => this.breadth[a]! - this.breadth[b]! || a - b)
    else if (key !== 'name:nl') {
      const names = this.db.$client.prepare('SELECT id, name FROM offers WHERE status = \'published\'').raw().all() as Array<[string, string]>
      const keys = new Array<string>(this.size)
      const lang = key.slice(5) as ContentLang
      for (const [id, json] of names) {
        const i = this.ordinalById.get(id)
        if (i === undefined) continue
        const name = JSON.parse(json) as Record<string, string>
        keys[i] = foldText(name[lang] ?? name.nl!)
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
