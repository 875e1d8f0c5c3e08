// Checks the data files (region reference and directory data sets) before anything of them is written, and words
// what is wrong the way a curator fixes it: file, entry, field, what to change.
import { closest } from 'fastest-levenshtein'
import { COST_TYPES, MODES, ORGANISATION_KINDS, REFERRAL_TYPES, WAITING_TIMES } from './schema.js'

export type Finding = { file: string, entry: string, field: string, problem: string }

/** A data file that may not be loaded; its message is the whole report, one finding a line. */
export class InvalidDataFile extends Error {
  constructor (readonly findings: Finding[]) {
    super(`${findings.length} problem${findings.length === 1 ? '' : 's'} in the data files; nothing of them was loaded:\n` +
      findings.map((f) => `  ${f.file}, ${f.entry}, ${f.field}: ${f.problem}`).join('\n'))
  }
}

export function assertValid (findings: Finding[]): void {
  if (findings.length > 0) throw new InvalidDataFile(findings)
}

/** "… is not one of …; did you mean …?" with the nearest known value, so a typo is fixed at a glance. */
function unknown (value: unknown, what: string, known: Iterable<string>): string {
  const list = [...known]
  const near = typeof value === 'string' && list.length > 0 ? closest(value, list) : undefined
  return `'${String(value)}' is not ${what}${near === undefined ? '' : `; did you mean '${near}'?`}`
}

type Csv = Array<Record<string, string>>
export type RegionFiles = { municipalities: Csv, zones: Csv, aliases: Csv, postcodes: Csv, renamed: Csv, provinces: string[], gewesten: string[] }

const DIR = 'seed/reference/regions/'

/** Every municipality, zone row, alias and postcode of the region reference, checked against each other. */
export function checkRegionFiles ({ municipalities, zones, aliases, postcodes, renamed, provinces, gewesten }: RegionFiles): Finding[] {
  const out: Finding[] = []
  const row = (file: string, i: number, label: string | undefined) => ({ file: DIR + file, entry: `row ${i + 2}${label ? ` (${label})` : ''}` })
  const nis = new Map(municipalities.map((m) => [m.nis_code!, m]))
  municipalities.forEach((m, i) => {
    const at = row('municipalities.csv', i, m.display_name_nl)
    if (!/^\d{5}$/.test(m.nis_code ?? '')) out.push({ ...at, field: 'nis_code', problem: `'${m.nis_code}' is not a NIS code: write the 5 digits of Statbel's code` })
    if (!provinces.includes(m.province_code!)) out.push({ ...at, field: 'province_code', problem: unknown(m.province_code, 'a province code', provinces) })
    if (!gewesten.includes(m.region!)) out.push({ ...at, field: 'region', problem: unknown(m.region, 'a gewest of region-levels.json', gewesten) })
    if (!inBelgium(Number(m.latitude), Number(m.longitude))) out.push({ ...at, field: 'latitude/longitude', problem: 'the position is not in Belgium: write decimal degrees (latitude about 49.5-51.5, longitude 2.5-6.4)' })
  })
  const postcodesOf = new Map<string, Set<string>>()
  postcodes.forEach((p, i) => {
    const at = row('postcodes.csv', i, `${p.postcode} ${p.place_name}`)
    if (!/^\d{4}$/.test(p.postcode ?? '')) out.push({ ...at, field: 'postcode', problem: `'${p.postcode}' is not a Belgian postcode: write its 4 digits` })
    if (!nis.has(p.municipality_nis!)) out.push({ ...at, field: 'municipality_nis', problem: `${unknown(p.municipality_nis, 'a municipality in municipalities.csv', nis.keys())} Write the 2025 NIS code of the municipality the place lies in` })
    else postcodesOf.set(p.municipality_nis!, (postcodesOf.get(p.municipality_nis!) ?? new Set()).add(p.postcode!))
    if (!inBelgium(Number(p.latitude), Number(p.longitude))) out.push({ ...at, field: 'latitude/longitude', problem: 'the position is not in Belgium: write decimal degrees' })
  })
  const zoneOf = new Map<string, string>()
  zones.forEach((z, i) => {
    const at = row('eerstelijnszones.csv', i, `${z.elz_code} / ${z.municipality_name_nl}`)
    if (!/^elz-[a-z0-9]+(-[a-z0-9]+)*$/.test(z.elz_code ?? '')) out.push({ ...at, field: 'elz_code', problem: `'${z.elz_code}' is not a zone code: write elz- and the zone's name in lowercase words joined by hyphens` })
    const m = nis.get(z.municipality_nis!)
    if (!m) out.push({ ...at, field: 'municipality_nis', problem: `${unknown(z.municipality_nis, 'a municipality in municipalities.csv', nis.keys())} Write the 2025 NIS code` })
    else if (m.province_code !== z.province_code) out.push({ ...at, field: 'province_code', problem: `${m.display_name_nl} lies in province ${m.province_code}, not ${z.province_code}` })
    if (!['whole', 'partial'].includes(z.scope!)) out.push({ ...at, field: 'scope', problem: `'${z.scope}' must be whole (the municipality lies wholly in the zone) or partial (only the postcodes listed)` })
    if (!['high', 'medium', 'low'].includes(z.confidence!)) out.push({ ...at, field: 'confidence', problem: `'${z.confidence}' must be high, medium or low` })
    if (z.scope === 'partial') {
      for (const pc of (z.postcodes ?? '').split(';')) {
        if (!postcodesOf.get(z.municipality_nis!)?.has(pc)) out.push({ ...at, field: 'postcodes', problem: `postcode '${pc}' is not a postcode of ${z.municipality_name_nl} in postcodes.csv` })
      }
    } else if (zoneOf.has(z.municipality_nis!) && zoneOf.get(z.municipality_nis!) !== z.elz_code) {
      out.push({ ...at, field: 'municipality_nis', problem: `${z.municipality_name_nl} is already wholly in ${zoneOf.get(z.municipality_nis!)}: a municipality lies in one zone (or give each zone its postcodes, scope partial)` })
    } else zoneOf.set(z.municipality_nis!, z.elz_code!)
  })
  const zoneCodes = new Set(zones.map((z) => z.elz_code!))
  aliases.forEach((a, i) => {
    const at = row('municipality_aliases.csv', i, a.old_name_nl)
    if (!nis.has(a.current_nis_code!)) out.push({ ...at, field: 'current_nis_code', problem: unknown(a.current_nis_code, 'a municipality in municipalities.csv', nis.keys()) })
    if (nis.has(a.old_nis_code!)) out.push({ ...at, field: 'old_nis_code', problem: `${a.old_nis_code} is a current municipality: an old code must be one that no longer exists` })
  })
  renamed.forEach((r, i) => {
    const at = row('renamed_codes.csv', i, r.old_code)
    if (!zoneCodes.has(r.current_code!) && !nis.has(r.current_code!)) out.push({ ...at, field: 'current_code', problem: unknown(r.current_code, 'a zone in eerstelijnszones.csv', zoneCodes) })
    if (zoneCodes.has(r.old_code!)) out.push({ ...at, field: 'old_code', problem: `${r.old_code} is still a zone in eerstelijnszones.csv: rename it there too` })
    if (!/^\d{4}-\d{2}-\d{2}$/.test(r.changed_on ?? '')) out.push({ ...at, field: 'changed_on', problem: `'${r.changed_on}' is not a date: write it as YYYY-MM-DD` })
  })
  return out
}

const inBelgium = (lat: number, lng: number) => lat >= 49.4 && lat <= 51.6 && lng >= 2.4 && lng <= 6.5

/** What a directory data set's codes are checked against: the reference as loaded. */
export type ReferenceCodes = {
  careTypes: Set<string>, roles: Set<string>, targetGroups: Set<string>, languages: Set<string>,
  regions: Set<string>, renamed: Map<string, string>, postcodes: Map<string, Set<string>>
}

type Json = Record<string, any>

/**
 * A directory data set (the invented sample or the starter directory): organisations, offers and their locations.
 * Unknown facts may be null; a value that is there must be right.
 */
export function checkDirectoryFile (file: string, data: unknown, ref: ReferenceCodes): Finding[] {
  const out: Finding[] = []
  const top = data as Json
  if (typeof top !== 'object' || top === null || !Array.isArray(top.organisations) || !Array.isArray(top.offers)) {
    return [{ file, entry: 'the file', field: 'organisations/offers', problem: 'the file must be a JSON object with the lists "organisations" and "offers"' }]
  }
  const slugs = { organisation: new Set<string>(), offer: new Set<string>() }
  const common = (kind: 'organisation' | 'offer', e: Json, i: number) => {
    const entry = `${kind} ${i + 1}${typeof e.slug === 'string' ? ` (${e.slug})` : ''}`
    const add = (field: string, problem: string) => out.push({ file, entry, field, problem })
    if (typeof e.slug !== 'string' || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(e.slug) || e.slug.length > 100) add('slug', 'write lowercase words (a-z, 0-9) joined by hyphens, at most 100 characters')
    else if (slugs[kind].has(e.slug)) add('slug', `another ${kind} in this file has this slug: give each its own`)
    else slugs[kind].add(e.slug)
    if (typeof e.name?.nl !== 'string' || e.name.nl.trim() === '') add('name.nl', 'every entry needs a Dutch name')
    const sources = e.sources ?? []
    if (!Array.isArray(sources)) add('sources', 'write the public pages the facts come from as a list of web addresses')
    for (const [field, value] of [['website', e.website], ...(Array.isArray(sources) ? sources : []).map((s, j) => [`sources[${j + 1}]`, s])] as Array<[string, unknown]>) {
      if (value !== null && value !== undefined && !isLink(value)) add(field, `'${String(value)}' is not a web address: write it in full, starting with https://`)
    }
    if (e.email != null && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(String(e.email))) add('email', `'${String(e.email)}' is not an e-mail address`)
    if (e.phone != null && !/^\+?[0-9 ()./-]{3,30}$/.test(String(e.phone))) add('phone', `'${String(e.phone)}' is not a phone number: digits, spaces and + ( ) . / - only`)
    return add
  }
  top.organisations.forEach((o: Json, i: number) => {
    const add = common('organisation', o, i)
    if (o.kind !== null && !(ORGANISATION_KINDS as readonly string[]).includes(o.kind)) add('kind', unknown(o.kind, 'a kind of organisation', ORGANISATION_KINDS))
    if (o.kbo_number != null && !/^[01]\d{9}$/.test(String(o.kbo_number).replace(/\D/g, ''))) add('kbo_number', `'${String(o.kbo_number)}' is not an enterprise number: write its 10 digits`)
  })
  top.offers.forEach((o: Json, i: number) => {
    const add = common('offer', o, i)
    const codes = (field: string, list: unknown, known: Set<string> | readonly string[], what: string) => {
      if (!Array.isArray(list)) return add(field, 'write a list of codes ([] when there are none)')
      list.forEach((c, j) => { if (!(known instanceof Set ? known.has(c) : known.includes(c))) add(`${field}[${j + 1}]`, unknown(c, what, known)) })
    }
    const optional = (field: string, value: unknown, known: readonly string[], what: string) => {
      if (value !== null && !known.includes(value as string)) add(field, `${unknown(value, what, known)} (or null when it is not known)`)
    }
    if (!slugs.organisation.has(o.organisation)) add('organisation', unknown(o.organisation, 'the slug of an organisation in this file', slugs.organisation))
    if (typeof o.description?.nl !== 'string' || o.description.nl.trim() === '') add('description.nl', 'every offer needs a Dutch description')
    if (!ref.careTypes.has(o.care_type)) add('care_type', unknown(o.care_type, 'a care type of seed/reference/care-types.json', ref.careTypes))
    codes('roles', o.roles, ref.roles, 'a role of seed/reference/roles.json')
    codes('referral.by', o.referral?.by ?? [], ref.roles, 'a role of seed/reference/roles.json')
    codes('target_groups', o.target_groups, ref.targetGroups, 'a target group of seed/reference/target-groups.json')
    codes('languages', o.languages, ref.languages, 'a language of seed/reference/languages.json')
    codes('modes', o.modes, MODES, 'a mode')
    optional('cost.type', o.cost?.type ?? null, COST_TYPES, 'a cost type')
    optional('referral.type', o.referral?.type ?? null, REFERRAL_TYPES, 'a referral type')
    optional('waiting_time', o.waiting_time ?? null, WAITING_TIMES, 'a waiting time')
    const { from, to } = o.phase_months ?? {}
    if (from != null && to != null && from > to) add('phase_months', `from (${from}) must not come after to (${to}): months count from birth, negative in pregnancy`)
    if (!Array.isArray(o.service_area)) add('service_area', 'write a list of region codes')
    else {
      o.service_area.forEach((code: unknown, j: number) => {
        const renamed = ref.renamed.get(code as string)
        if (renamed !== undefined) add(`service_area[${j + 1}]`, `'${String(code)}' is an old code: write '${renamed}'`)
        else if (!ref.regions.has(code as string)) add(`service_area[${j + 1}]`, unknown(code, 'a region code (BE, BE-VLG, a province such as BE-VAN, elz-…, a 5-digit NIS code)', ref.regions))
      })
    }
    ;((o.locations ?? []) as Json[]).forEach((l, j) => {
      const field = (name: string) => `locations[${j + 1}].${name}`
      const places = ref.postcodes.get(l.postcode)
      if (places === undefined) add(field('postcode'), `'${String(l.postcode)}' is not a Belgian postcode in seed/reference/regions/postcodes.csv`)
      else if (!places.has(l.municipality_nis)) add(field('municipality_nis'), `postcode ${l.postcode} lies in ${[...places].join(' or ')}, not '${String(l.municipality_nis)}': write that NIS code`)
      if (typeof l.name !== 'string' || l.name.trim() === '') add(field('name'), 'every location needs a name')
      if (l.latitude != null && !inBelgium(l.latitude, l.longitude)) add(field('latitude/longitude'), 'the position is not in Belgium: write decimal degrees (or null, and the postcode\'s centre is used)')
    })
  })
  return out
}

function isLink (value: unknown): boolean {
  if (typeof value !== 'string' || value.length > 500) return false
  try {
    const url = new URL(value)
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.includes('.')
  } catch {
    return false
  }
}
