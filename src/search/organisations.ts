// Published organisations as the public sees them, read through the search index (which knows what is published).
import type { z } from 'zod'
import { publicOrganisationRecord } from '../organisations/public-record.js'
import { byKeyThenId, foldText, type OrganisationEntry, type SearchIndex } from './index.js'
import { perLanguage } from './per-index.js'
import { type ContentLang, pickText, textPicker } from '../text/schemas.js'
import type { OrganisationSummary } from '../organisations/public-schemas.js'
import { loadOrganisationRecords } from '../organisations/store.js'

/**
 * Published organisations by name in the language, each with its names in every language folded for matching, made
 * once per index and language: sorting and folding 11,000 organisations per request cost 40 to 300 times a kept
 * list's filter (in process at 50,000 offers, alternated, on a loaded machine).
 */
const sorted = perLanguage((index: SearchIndex, lang) => index.organisations
  .map((entry) => ({ entry, id: entry.id, key: foldText(pickText(entry.name, lang)), folded: foldText(Object.values(entry.name).join(' ')) }))
  .sort(byKeyThenId))

type OrganisationFilter = { q?: string | undefined, kind?: string | undefined }

/** Published organisations by name in the language, whose name in any language contains `q` (folded). */
export function matchingOrganisations (index: SearchIndex, f: OrganisationFilter, lang: ContentLang): OrganisationEntry[] {
  const q = f.q === undefined ? undefined : foldText(f.q)
  return sorted(index, lang).filter((o) => (q === undefined || o.folded.includes(q)) && (f.kind === undefined || o.entry.kind === f.kind)).map((o) => o.entry)
}

export function listOrganisations (index: SearchIndex, f: OrganisationFilter, lang: ContentLang, offset: number, limit: number) {
  const matching = matchingOrganisations(index, f, lang)
  return { total: matching.length, rows: organisationSummaries(index, matching.slice(offset, offset + limit), lang) }
}

export function findOrganisation (index: SearchIndex, idOrSlug: string): OrganisationEntry | undefined {
  return index.organisationById.get(idOrSlug) ?? index.organisationBySlug.get(idOrSlug)
}

export function organisationSummaries (index: SearchIndex, entries: OrganisationEntry[], lang: ContentLang): Array<z.infer<typeof OrganisationSummary>> {
  const records = new Map(loadOrganisationRecords(index.db, entries.map((e) => e.id)).map((r) => [r.id, publicOrganisationRecord(r)]))
  return entries.map((e) => {
    const r = records.get(e.id)!
    const { pick, note, fallbacks } = textPicker(lang)
    return {
      id: r.id, slug: r.slug, kind: r.kind, name: pick('name', r.name), description: note('description', r.description),
      kbo_number: r.kbo_number, sociale_kaart_id: r.sociale_kaart_id, website: r.website, email: r.email, phone: r.phone,
      sources: r.sources, source_note: r.source_note, offer_count: e.offers.length, updated_at: r.updated_at, last_verified: r.last_verified, text_fallbacks: fallbacks
    }
  })
}
