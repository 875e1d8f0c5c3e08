// Loads the reference data (regions, postcodes, taxonomies) from seed/reference, idempotently, in one transaction.
import { parse } from 'csv-parse/sync'
import { sql } from 'drizzle-orm'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { assertValid, checkRegionFiles } from './data-files.js'
import { type Db, inTransaction, MIGRATIONS_DIR } from './client.js'
import {
  care_types, languages, phases, postcodes, region_aliases, region_ancestors, regions, roles, target_groups
} from './schema.js'

export const SEED_DIR = new URL('../../seed/', import.meta.url)

const readJson = <T>(path: string, dir = SEED_DIR): T => JSON.parse(readFileSync(new URL(path, dir), 'utf8')) as T
const readCsv = (path: string, dir = SEED_DIR): Array<Record<string, string>> =>
  parse(readFileSync(new URL(path, dir)), { columns: true, skip_empty_lines: true, trim: true })

type Label = { nl: string, fr: string, en: string }
type RegionLevels = {
  country: { code: string, nis_code: string, name_nl: string, name_fr: string, name_en: string }
  gewesten: Array<{ code: string, nis_code: string, key: string, name_nl: string, name_fr: string, name_en: string }>
  provinces: Array<{ code: string, nis_code: string, gewest: string, name_nl: string, name_fr: string, name_en: string }>
}
type RegionRow = typeof regions.$inferInsert

/** Builds the region reference in memory: nodes, whole/partial ancestors, aliases and postcodes; InvalidDataFile when the files disagree. */
export function buildRegionReference (dir = SEED_DIR) {
  const levels = readJson<RegionLevels>('reference/region-levels.json', dir)
  const municipalities = readCsv('reference/regions/municipalities.csv', dir)
  const zones = readCsv('reference/regions/eerstelijnszones.csv', dir)
  const aliases = readCsv('reference/regions/municipality_aliases.csv', dir)
  const postcodeRows = readCsv('reference/regions/postcodes.csv', dir)
  const renamed = readCsv('reference/regions/renamed_codes.csv', dir)
  assertValid(checkRegionFiles({
    municipalities, zones, aliases, postcodes: postcodeRows, renamed,
    provinces: ['BRU', ...levels.provinces.map((p) => p.code.slice(3))], gewesten: levels.gewesten.map((g) => g.key)
  }))

  const nodes = new Map<string, RegionRow>()
  const ancestors = new Map<string, Map<string, boolean>>() // region → ancestor → partial
  const addAncestor = (region: string, ancestor: string, partial: boolean) => {
    const own = ancestors.get(region) ?? new Map<string, boolean>()
    ancestors.set(region, own)
    own.set(ancestor, (own.get(ancestor) ?? true) && partial)
  }
  const { country } = levels
  nodes.set(country.code, { ...country, level: 'country', parent_code: null })
  for (const { key: _key, ...g } of levels.gewesten) nodes.set(g.code, { ...g, level: 'gewest', parent_code: country.code })
  for (const { gewest, ...p } of levels.provinces) nodes.set(p.code, { ...p, level: 'province', parent_code: gewest })

  const provinceOf = (code: string) => code === 'BRU' ? 'BE-BRU' : `BE-${code}`
  for (const m of municipalities) {
    nodes.set(m.nis_code!, {
      code: m.nis_code!, level: 'municipality', name_nl: m.display_name_nl!, name_fr: m.display_name_fr!, name_en: null,
      parent_code: provinceOf(m.province_code!), nis_code: m.nis_code!, valid_from: m.valid_from!,
      latitude: Number(m.latitude), longitude: Number(m.longitude)
    })
  }

  // Zones: a municipality lies wholly in one zone, except Antwerpen, which four zones share by postcode.
  const zoneOfPostcode = new Map<string, string>()
  const zoneOfMunicipality = new Map<string, string>()
  for (const z of zones) {
    if (!nodes.has(z.elz_code!)) {
      nodes.set(z.elz_code!, {
        code: z.elz_code!, level: 'eerstelijnszone', name_nl: z.name!, name_fr: z.name!, name_en: null,
        parent_code: provinceOf(z.province_code!), confidence: z.confidence!
      })
    }
    const node = nodes.get(z.elz_code!)!
    if (rank(z.confidence!) < rank(node.confidence!)) node.confidence = z.confidence!
    if (z.scope === 'partial') {
      for (const pc of z.postcodes!.split(';')) zoneOfPostcode.set(pc, z.elz_code!)
      addAncestor(z.municipality_nis!, z.elz_code!, true)
    } else {
      zoneOfMunicipality.set(z.municipality_nis!, z.elz_code!)
      addAncestor(z.municipality_nis!, z.elz_code!, false)
    }
  }

  for (const node of nodes.values()) {
    for (let parent = node.parent_code; parent; parent = nodes.get(parent)?.parent_code) addAncestor(node.code, parent, false)
  }
  // A larger region's centre is the mean of its municipalities' centres (a rough centroid, as the municipalities' own).
  const members = new Map<string, RegionRow[]>()
  for (const m of nodes.values()) {
    if (m.level !== 'municipality') continue
    for (const ancestor of ancestors.get(m.code)!.keys()) members.set(ancestor, [...(members.get(ancestor) ?? []), m])
  }
  for (const [code, points] of members) {
    nodes.get(code)!.latitude = round(mean(points.map((p) => p.latitude!)))
    nodes.get(code)!.longitude = round(mean(points.map((p) => p.longitude!)))
  }

  const postcodeList = postcodeRows.map((p) => {
    const zone = zoneOfPostcode.get(p.postcode!) ?? zoneOfMunicipality.get(p.municipality_nis!) ?? null
    return {
      postcode: p.postcode!, place_name: p.place_name!, municipality_code: p.municipality_nis!, eerstelijnszone_code: zone,
      latitude: Number(p.latitude), longitude: Number(p.longitude), coord_source: p.coord_source!
    }
  })
  const aliasList = aliases.map((a) => ({
    alias: a.old_nis_code!, region_code: a.current_nis_code!, kind: a.change_type === 'merger' ? 'merged' : 'recoded',
    name_nl: a.old_name_nl!, name_fr: a.old_name_fr!, changed_on: a.merged_on!
  }))
  for (const r of renamed) {
    aliasList.push({ alias: r.old_code!, region_code: r.current_code!, kind: 'renamed', name_nl: r.old_name_nl!, name_fr: r.old_name_fr!, changed_on: r.changed_on! })
  }
  const ancestorList = [...ancestors].flatMap(([region_code, own]) =>
    [...own].map(([ancestor_code, partial]) => ({ region_code, ancestor_code, partial })))
  return { regions: [...nodes.values()], ancestors: ancestorList, aliases: aliasList, postcodes: postcodeList }
}

type Taxonomy<T> = T & { code: string }
type PhaseSeed = Taxonomy<{ kind: 'atomic' | 'sub' | 'aggregate', from_month: number | null, to_month: number | null, label: Label, description?: Label }>
type CareTypeSeed = Taxonomy<{ parent: string | null, label: Label, description?: Label, line: string | null, audience: 'parents' | 'professionals', synonyms: string[] }>
type RoleSeed = Taxonomy<{ kind: 'informeel' | 'semi_professioneel' | 'professioneel', label: Label, description?: Label, setting: Label | null, phases: string[], synonyms: string[] }>
type TargetGroupSeed = Taxonomy<{ label: Label, synonyms: string[] }>
type LanguageSeed = Taxonomy<{ label: Label }>

/**
 * A fingerprint of the reference files and the migrations applied, kept in SQLite's user_version (a 32-bit header
 * field nothing else uses), so a start whose reference is already loaded skips the work (about a second here).
 */
function referenceFingerprint (dir: URL): number {
  const hash = createHash('sha256')
  for (const file of REFERENCE_FILES) hash.update(readFileSync(new URL(file, dir)))
  hash.update(readFileSync(join(MIGRATIONS_DIR, 'meta/_journal.json')))
  return hash.digest().readInt32BE(0)
}

const REFERENCE_FILES = [
  'reference/region-levels.json', 'reference/regions/municipalities.csv', 'reference/regions/eerstelijnszones.csv',
  'reference/regions/municipality_aliases.csv', 'reference/regions/renamed_codes.csv', 'reference/regions/postcodes.csv', 'reference/phases.json',
  'reference/care-types.json', 'reference/roles.json', 'reference/target-groups.json', 'reference/languages.json'
]

/** Upserts every reference row; rows that curated entries may point to are updated in place, never deleted. */
export function loadReference (db: Db, { dir = SEED_DIR }: { dir?: URL } = {}): void {
  const fingerprint = referenceFingerprint(dir)
  if (db.$client.pragma('user_version', { simple: true }) === fingerprint) return
  // Every file is read and checked before the transaction: an invalid one leaves the database as it was.
  const ref = buildRegionReference(dir)
  const phaseSeed = readJson<PhaseSeed[]>('reference/phases.json', dir)
  const careTypeSeed = readJson<CareTypeSeed[]>('reference/care-types.json', dir)
  const roleSeed = readJson<RoleSeed[]>('reference/roles.json', dir)
  const targetGroupSeed = readJson<TargetGroupSeed[]>('reference/target-groups.json', dir)
  const languageSeed = readJson<LanguageSeed[]>('reference/languages.json', dir)

  inTransaction(db, () => {
    // Parents first, so the self-references hold at every insert.
    const byLevel = [...ref.regions].sort((a, b) => levelRank(a.level) - levelRank(b.level))
    upsert(db, regions, regions.code, byLevel.map((r) => ({ name_en: null, nis_code: null, latitude: null, longitude: null, valid_from: null, confidence: null, ...r })))
    db.delete(region_ancestors).run()
    insertAll(db, region_ancestors, ref.ancestors)
    upsert(db, region_aliases, region_aliases.alias, ref.aliases)
    db.delete(postcodes).run()
    insertAll(db, postcodes, ref.postcodes)

    upsert(db, phases, phases.code, phaseSeed.map((p, i) => ({
      code: p.code, kind: p.kind, from_month: p.from_month, to_month: p.to_month, label: p.label, description: p.description ?? null, sort_order: i
    })))
    const parentsFirst = [...careTypeSeed].sort((a, b) => Number(a.parent !== null) - Number(b.parent !== null))
    upsert(db, care_types, care_types.code, parentsFirst.map((c) => ({
      code: c.code, parent_code: c.parent, label: c.label, description: c.description ?? null, line: c.line,
      audience: c.audience, synonyms: c.synonyms, sort_order: careTypeSeed.indexOf(c)
    })))
    upsert(db, roles, roles.code, roleSeed.map((r, i) => ({
      code: r.code, kind: r.kind, label: r.label, description: r.description ?? null, setting: r.setting,
      phases: r.phases, synonyms: r.synonyms, sort_order: i
    })))
    upsert(db, target_groups, target_groups.code, targetGroupSeed.map((t, i) => ({ code: t.code, label: t.label, synonyms: t.synonyms, sort_order: i })))
    upsert(db, languages, languages.code, languageSeed.map((l, i) => ({ code: l.code, label: l.label, sort_order: i })))
    db.$client.pragma(`user_version = ${fingerprint}`)
  })
}

function upsert (db: Db, table: any, key: any, rows: Array<Record<string, unknown>>): void {
  if (rows.length === 0) return
  const columns = Object.keys(rows[0]!).filter((c) => c !== key.name)
  const set = Object.fromEntries(columns.map((c) => [c, sql.raw(`excluded.${c}`)]))
  for (let i = 0; i < rows.length; i += 200) {
    db.insert(table).values(rows.slice(i, i + 200)).onConflictDoUpdate({ target: key, set }).run()
  }
}

function insertAll (db: Db, table: any, rows: Array<Record<string, unknown>>): void {
  for (let i = 0; i < rows.length; i += 200) db.insert(table).values(rows.slice(i, i + 200)).run()
}

const LEVEL_ORDER = ['country', 'gewest', 'province', 'eerstelijnszone', 'municipality']
const levelRank = (level: string) => LEVEL_ORDER.indexOf(level)
const rank = (confidence: string) => ['low', 'medium', 'high'].indexOf(confidence)
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
const round = (x: number) => Math.round(x * 100000) / 100000
