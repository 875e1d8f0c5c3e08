// What mapping records onto HSDS needs besides the records, per content language: taxonomies, place and language
// names. All of it comes from the reference data, which is fixed for the life of the process.
import type { Db } from '../db/client.js'
import type { SearchReference } from '../search/reference.js'
import { CONTENT_LANGS, type ContentLang } from '../text/schemas.js'
import type { HsdsContext } from './map.js'
import { buildTaxonomies, termSources } from './taxonomy.js'

type Names = { name_nl: string, name_fr: string, name_en: string | null }
const nameIn = (r: Names, lang: ContentLang) => (lang === 'nl' ? r.name_nl : lang === 'fr' ? r.name_fr : r.name_en ?? r.name_nl)

type Contexts = ReadonlyMap<ContentLang, HsdsContext>
const built = new WeakMap<Db, Contexts>()

/** The contexts of this database, built once and shared by every HSDS route (the taxonomies alone are ~800 terms per language). */
export function hsdsContexts (db: Db, ref: SearchReference, baseUrl: string): Contexts {
  let contexts = built.get(db)
  if (contexts === undefined) built.set(db, contexts = buildContexts(db, ref, baseUrl))
  return contexts
}

function buildContexts (db: Db, ref: SearchReference, baseUrl: string): Contexts {
  // A municipality's parent is its province, or the gewest for Brussels (which has no province).
  const municipalities = db.$client.prepare(`
    SELECT m.code, m.name_nl, m.name_fr, m.name_en, p.name_nl AS parent_nl, p.name_fr AS parent_fr, p.name_en AS parent_en
    FROM regions m JOIN regions p ON p.code = m.parent_code WHERE m.level = 'municipality'`).all() as Array<Names & { code: string, parent_nl: string, parent_fr: string, parent_en: string | null }>
  const terms = termSources(db)
  return new Map(CONTENT_LANGS.map((lang) => [lang, {
    lang,
    taxonomies: buildTaxonomies(terms, lang, baseUrl),
    places: new Map(municipalities.map((m) => [m.code, {
      municipality: nameIn(m, lang), province: nameIn({ name_nl: m.parent_nl, name_fr: m.parent_fr, name_en: m.parent_en }, lang)
    }])),
    languageNames: new Map(ref.languages.map((l) => [l.code, l.label[lang]]))
  }]))
}
