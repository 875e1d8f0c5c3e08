// What search needs from the reference data, loaded once per database: taxonomy codes and labels, phase ranges,
// and the region model as coverage cells (one per municipality and eerstelijnszone it lies in).
import type { Db } from '../db/client.js'
import { COST_TYPES, MODES, REFERRAL_TYPES } from '../db/schema.js'
import { COST_LABELS, MODE_LABELS } from '../taxonomies/code-lists.js'

export type Labels = { nl: string, fr: string, en: string }
export type Coded = { code: string, label: Labels }
export type MonthRange = { from: number, to: number }

/** Delivery modes that need no place: an offer with only these modes serves everyone, wherever they live. */
export const REMOTE_MODES = new Set(['online', 'phone', 'chat'])

/** Reference labels come in every content language. */
const labels = (json: string): Labels => JSON.parse(json) as Labels

/** A month bound; null is open (before everything for a start, after everything for an end). */
export const bound = (months: number | null, open: number) => (months === null ? open : months)

export type CareTypeEntry = Coded & { parent: string | null, index: number }
export type PostcodeEntry = { cells: number[], latitude: number, longitude: number }

export class SearchReference {
  readonly phases = new Map<string, Coded & MonthRange & { atomic: boolean }>()
  /** The atomic phases, in their order: the phase facet's values. */
  readonly atomicPhases: Array<Coded & MonthRange>
  readonly careTypes: CareTypeEntry[] = []
  readonly careTypeByCode = new Map<string, CareTypeEntry>()
  readonly roles = new Map<string, Coded>()
  readonly targetGroups = new Map<string, Coded>()
  readonly languages: Coded[] = []
  readonly languageIndex = new Map<string, number>()
  readonly modes: Coded[] = MODES.map((code) => ({ code, label: MODE_LABELS[code] }))
  readonly costs: Coded[] = COST_TYPES.map((code) => ({ code, label: COST_LABELS[code] }))
  readonly referrals: readonly string[] = REFERRAL_TYPES
  readonly regions = new Map<string, { level: string, label: Labels }>()
  readonly aliases = new Map<string, string>()
  /** Cells covered by each region code: the cells of its municipalities, for Antwerpen per zone. */
  readonly regionCells = new Map<string, number[]>()
  readonly cellCount: number
  /** Province (or Brussels) of each cell, as an index into `provinces`. */
  readonly cellProvince: Uint8Array
  readonly provinces: Coded[] = []
  readonly postcodes = new Map<string, PostcodeEntry>()

  constructor (db: Db) {
    const sqlite = db.$client
    const all = <T>(sql: string) => sqlite.prepare(sql).all() as T[]

    const phaseRows = all<{ code: string, kind: string, from_month: number | null, to_month: number | null, label: string }>(
      'SELECT code, kind, from_month, to_month, label FROM phases ORDER BY sort_order')
    for (const p of phaseRows) {
      this.phases.set(p.code, { code: p.code, label: labels(p.label), from: bound(p.from_month, -Infinity), to: bound(p.to_month, Infinity), atomic: p.kind === 'atomic' })
    }
    this.atomicPhases = [...this.phases.values()].filter((p) => p.atomic)

    const careRows = all<{ code: string, parent_code: string | null, label: string }>(
      'SELECT code, parent_code, label FROM care_types ORDER BY sort_order')
    for (const c of careRows) {
      const entry = { code: c.code, parent: c.parent_code, label: labels(c.label), index: this.careTypes.length }
      this.careTypes.push(entry)
      this.careTypeByCode.set(c.code, entry)
    }
    for (const r of all<{ code: string, label: string }>('SELECT code, label FROM roles ORDER BY sort_order')) {
      this.roles.set(r.code, { code: r.code, label: labels(r.label) })
    }
    for (const t of all<{ code: string, label: string }>('SELECT code, label FROM target_groups ORDER BY sort_order')) {
      this.targetGroups.set(t.code, { code: t.code, label: labels(t.label) })
    }
    for (const l of all<{ code: string, label: string }>('SELECT code, label FROM languages ORDER BY sort_order')) {
      this.languageIndex.set(l.code, this.languages.length)
      this.languages.push({ code: l.code, label: labels(l.label) })
    }

    const regionRows = all<{ code: string, level: string, name_nl: string, name_fr: string, name_en: string | null, parent_code: string | null }>(
      'SELECT code, level, name_nl, name_fr, name_en, parent_code FROM regions ORDER BY code')
    for (const r of regionRows) {
      this.regions.set(r.code, { level: r.level, label: { nl: r.name_nl, fr: r.name_fr, en: r.name_en ?? r.name_nl } })
    }
    for (const a of all<{ alias: string, region_code: string }>('SELECT alias, region_code FROM region_aliases')) this.aliases.set(a.alias, a.region_code)

    // Whole ancestors only: Antwerpen lies partly in each of its four zones, so a zone covers just its own cell of it.
    const ancestors = new Map<string, string[]>()
    for (const a of all<{ region_code: string, ancestor_code: string }>('SELECT region_code, ancestor_code FROM region_ancestors WHERE partial = 0 ORDER BY ancestor_code')) {
      ancestors.set(a.region_code, [...(ancestors.get(a.region_code) ?? []), a.ancestor_code])
    }
    const postcodeRows = all<{ postcode: string, municipality_code: string, eerstelijnszone_code: string | null, latitude: number, longitude: number }>(
      'SELECT postcode, municipality_code, eerstelijnszone_code, latitude, longitude FROM postcodes ORDER BY postcode, municipality_code, place_name')
    const cellKeys = new Map<string, number>()
    const cellOf = (municipality: string, zone: string | null) => {
      const key = `${municipality}|${zone ?? ''}`
      let cell = cellKeys.get(key)
      if (cell === undefined) {
        cell = cellKeys.size
        cellKeys.set(key, cell)
        // Every municipality and zone lies in a province or gewest; a zone is absent outside Flanders and Brussels.
        const covering = zone === null ? [municipality, ...ancestors.get(municipality)!] : [municipality, zone, ...ancestors.get(municipality)!, ...ancestors.get(zone)!]
        for (const r of new Set(covering)) {
          this.regionCells.set(r, [...(this.regionCells.get(r) ?? []), cell])
        }
      }
      return cell
    }
    const points = new Map<string, { cells: Set<number>, lat: number, lng: number, n: number }>()
    for (const p of postcodeRows) {
      const entry = points.get(p.postcode) ?? { cells: new Set<number>(), lat: 0, lng: 0, n: 0 }
      points.set(p.postcode, entry)
      entry.cells.add(cellOf(p.municipality_code, p.eerstelijnszone_code))
      entry.lat += p.latitude; entry.lng += p.longitude; entry.n++
    }
    for (const [postcode, e] of points) {
      this.postcodes.set(postcode, { cells: [...e.cells], latitude: e.lat / e.n, longitude: e.lng / e.n })
    }
    // The reference gives every municipality at least one postcode (a foundation test checks it), so every one has a cell.
    this.cellCount = cellKeys.size

    for (const [code, r] of this.regions) {
      if (r.level === 'province' || code === 'BE-BRU') this.provinces.push({ code, label: r.label })
    }
    this.cellProvince = new Uint8Array(this.cellCount).fill(255)
    this.provinces.forEach((p, i) => { for (const cell of this.regionCells.get(p.code)!) this.cellProvince[cell] = i })
  }

  /** A current region code for a code or an old NIS code; undefined when unknown. */
  regionCode (code: string): string | undefined {
    return this.regions.has(code) ? code : this.aliases.get(code)
  }
}
