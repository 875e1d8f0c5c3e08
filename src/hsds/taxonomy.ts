// The directory's codes as HSDS taxonomies and terms (phases, care types, roles, target groups, modes, regions), with stable UUIDs.
import { asc } from 'drizzle-orm'
import { v5 as uuidv5 } from 'uuid'
import type { Db } from '../db/client.js'
import { care_types, MODES, phases, regions, roles, target_groups } from '../db/schema.js'
import { type ContentLang, pickText } from '../text/schemas.js'

const NAMESPACE = 'd2c2a5f4-52b3-4d8e-9f6a-0e4b8e1c7a31'
/** HSDS wants a UUID for every object; derived ones are stable across databases and restarts. */
export const hsdsId = (...parts: string[]) => uuidv5(parts.join(':'), NAMESPACE)

export const TAXONOMY_NAMES = ['phase', 'care_type', 'role', 'target_group', 'mode', 'region'] as const
export type TaxonomyName = typeof TAXONOMY_NAMES[number]

type Text = { nl: string, fr?: string | undefined, en?: string | undefined }
const t = (nl: string, fr: string, en: string): Text => ({ nl, fr, en })

const TAXONOMY_TEXT: Record<TaxonomyName, { name: Text, description: Text }> = {
  phase: { name: t('Fasen', 'Phases', 'Phases'), description: t('Fasen van kinderwens tot 6 jaar, als maandbereik rond de geboorte', 'Phases du désir d\'enfant jusqu\'à 6 ans, en mois autour de la naissance', 'Phases from the wish for a child up to 6 years, as month ranges around birth') },
  care_type: { name: t('Zorgvormen', 'Types d\'aide', 'Care types'), description: t('Soorten aanbod, gegroepeerd in zes categorieën', 'Types d\'offre, groupés en six catégories', 'Kinds of offer, grouped in six categories') },
  role: { name: t('Steunfiguren', 'Figures de soutien', 'Support figures'), description: t('Wie de hulp geeft: informele, semi-professionele en professionele steunfiguren', 'Qui aide : figures de soutien informelles, semi-professionnelles et professionnelles', 'Who helps: informal, semi-professional and professional support figures') },
  target_group: { name: t('Doelgroepen', 'Publics cibles', 'Target groups'), description: t('Voor wie het aanbod in het bijzonder bedoeld is', 'À qui l\'offre s\'adresse en particulier', 'Whom the offer is meant for in particular') },
  mode: { name: t('Werkvormen', 'Modalités', 'Delivery modes'), description: t('Hoe het aanbod gegeven wordt: op locatie, aan huis, online, in groep, …', 'Comment l\'offre est donnée : sur place, à domicile, en ligne, en groupe, …', 'How the offer is delivered: on site, at home, online, in a group, …') },
  region: { name: t('Regio\'s', 'Régions', 'Regions'), description: t('België, gewesten, provincies, eerstelijnszones en gemeenten (NIS-codes)', 'Belgique, régions, provinces, zones de première ligne et communes (codes INS)', 'Belgium, regions, provinces, primary-care zones and municipalities (NIS codes)') }
}

const MODE_TEXT: Record<typeof MODES[number], Text> = {
  onsite: t('Op locatie', 'Sur place', 'On site'),
  home: t('Aan huis', 'À domicile', 'At home'),
  online: t('Online', 'En ligne', 'Online'),
  phone: t('Telefonisch', 'Par téléphone', 'By phone'),
  chat: t('Chat', 'Chat', 'Chat'),
  group: t('In groep', 'En groupe', 'In a group'),
  individual: t('Individueel', 'Individuel', 'Individual'),
  couple_family: t('Met partner of gezin', 'En couple ou en famille', 'With partner or family'),
  day: t('Dagbehandeling', 'Hôpital de jour', 'Day treatment'),
  residential: t('Opname', 'Hospitalisation', 'Residential')
}

export type HsdsTaxonomy = { id: string, name: string, description: string, uri: string, version: string }
export type HsdsTerm = {
  id: string, code: string, name: string, description: string, parent_id: string | null,
  taxonomy: string, taxonomy_id: string, language: ContentLang
}

/** A term as HSDS sends it: no parent_id at the top of a tree. */
export const termWire = ({ parent_id: parent, ...term }: HsdsTerm) => (parent === null ? term : { ...term, parent_id: parent })

/** A term before its language is chosen; ids are SHA-1 hashes, so they are worked out once for every language. */
export type TermSource = { taxonomy: TaxonomyName, code: string, id: string, parentId: string | null, name: Text | string, description: Text | string | null }

/** The directory's codes as terms, in no language yet. */
export function termSources (db: Db): TermSource[] {
  const termIds = new Map<string, string>()
  const termId = (taxonomy: TaxonomyName, code: string) => {
    let id = termIds.get(`${taxonomy}:${code}`)
    if (id === undefined) termIds.set(`${taxonomy}:${code}`, id = hsdsId('term', taxonomy, code))
    return id
  }
  const terms: TermSource[] = []
  const add = (taxonomy: TaxonomyName, code: string, name: Text | string, description: Text | string | null, parent: string | null) => {
    terms.push({ taxonomy, code, id: termId(taxonomy, code), parentId: parent === null ? null : termId(taxonomy, parent), name, description })
  }
  for (const p of db.select().from(phases).orderBy(asc(phases.sort_order)).all()) add('phase', p.code, p.label, p.description, null)
  for (const c of db.select().from(care_types).orderBy(asc(care_types.sort_order)).all()) add('care_type', c.code, c.label, c.description, c.parent_code)
  for (const r of db.select().from(roles).orderBy(asc(roles.sort_order)).all()) add('role', r.code, r.label, r.description, null)
  for (const g of db.select().from(target_groups).orderBy(asc(target_groups.sort_order)).all()) add('target_group', g.code, g.label, null, null)
  for (const m of MODES) add('mode', m, MODE_TEXT[m], null, null)
  for (const r of db.select().from(regions).all()) {
    const name = { nl: r.name_nl, fr: r.name_fr, en: r.name_en ?? undefined }
    add('region', r.code, name, `${r.level} ${r.code}`, r.parent_code)
  }
  return terms
}

const taxonomyIds = new Map(TAXONOMY_NAMES.map((name) => [name, hsdsId('taxonomy', name)]))

/** Every taxonomy and term in one content language; terms are addressable by `${taxonomy}:${code}`. */
export function buildTaxonomies (sources: readonly TermSource[], lang: ContentLang, baseUrl: string) {
  const taxonomies: HsdsTaxonomy[] = TAXONOMY_NAMES.map((name) => ({
    id: taxonomyIds.get(name)!, name: pickText(TAXONOMY_TEXT[name].name, lang),
    description: pickText(TAXONOMY_TEXT[name].description, lang), uri: `${baseUrl}/hsds/taxonomies/${taxonomyIds.get(name)!}`, version: '2025'
  }))
  const text = (v: Text | string) => (typeof v === 'string' ? v : pickText(v, lang))
  const terms = sources.map(({ taxonomy, code, id, parentId, name, description }): HsdsTerm => ({
    id, code, name: text(name), description: description === null ? text(name) : text(description),
    parent_id: parentId, taxonomy, taxonomy_id: taxonomyIds.get(taxonomy)!, language: lang
  }))
  const byKey = new Map(terms.map((term) => [`${term.taxonomy}:${term.code}`, term]))
  const byId = new Map(terms.map((term) => [term.id, term]))
  return { taxonomies, terms, byKey, byId }
}

export type Taxonomies = ReturnType<typeof buildTaxonomies>
