// The words the one search box knows, built once per reference: place names (with the rule for shared names), phase
// and age words, needs (taxonomy labels and synonyms, and the everyday words of seed/reference/vocabulary.json), stop
// words; and the index's own vocabulary (the words of its text) for typo correction.
import { distance } from 'fastest-levenshtein'
import { readFileSync } from 'node:fs'
import { foldText, type SearchIndex } from './index.js'
import { perIndex } from './per-index.js'
import { termHits } from './text.js'
import type { Labels, SearchReference } from './reference.js'

type Vocabulary = {
  stopwords: string[]
  place_markers: string[]
  places: Record<string, string>
  phases: Record<string, string[]>
  age_units: Record<string, number>
  pregnancy_words: string[]
  needs: Array<{ label: Labels, codes: string[], words: string[] }>
  text_words: string[]
  compound_parts: string[]
}

export const VOCABULARY_FILE = new URL('../../seed/reference/vocabulary.json', import.meta.url)

/** The words of a text, folded, each with where it stands in the text (UTF-16 offsets). Control characters split words. */
export function tokenize (text: string): Array<{ word: string, start: number, end: number }> {
  const out: Array<{ word: string, start: number, end: number }> = []
  for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) out.push({ word: foldText(m[0]), start: m.index, end: m.index + m[0].length })
  return out
}

/** A phrase as the lexicon keys it: its folded words joined by single spaces. */
export const phraseKey = (text: string) => tokenize(text).map((t) => t.word).join(' ')

export type NeedKind = 'care_type' | 'role' | 'target_group'
export type Need = { kind: NeedKind, code: string, label: Labels, codes: string[], words: string[][], certainty: number }
export type PlaceLevel = 'municipality' | 'former' | 'part' | 'eerstelijnszone' | 'province' | 'gewest'
/** A place read from a name: the region codes it stands for (several when a part's name is shared by municipalities). */
export type Place = { codes: string[], level: PlaceLevel, label: Labels, detail: Labels, flemish: boolean }
export type Sense = { place?: Place, phase?: string, need?: Need }

/** Lower is preferred when one name has several places: the rule for ambiguous names (docs/search.md). */
const LEVEL_RANK: Record<PlaceLevel, number> = { municipality: 1, former: 2, part: 3, eerstelijnszone: 4, province: 5, gewest: 6 }
const LEVEL_WORDS: Record<PlaceLevel, Labels> = {
  municipality: { nl: 'gemeente', fr: 'commune', en: 'municipality' },
  former: { nl: 'voormalige gemeente, nu', fr: 'ancienne commune, maintenant', en: 'former municipality, now' },
  part: { nl: 'deel van', fr: 'partie de', en: 'part of' },
  eerstelijnszone: { nl: 'eerstelijnszone', fr: 'zone de première ligne', en: 'primary-care zone' },
  province: { nl: 'provincie', fr: 'province', en: 'province' },
  gewest: { nl: 'gewest', fr: 'région', en: 'region' }
}
/** How sure a reading is: the least certain concept is dropped first when nothing is found. */
export const CERTAINTY = { taxonomy: 3, vocabulary: 2, corrected: 1 }
const MAX_PHRASE_WORDS = 5

export class Lexicon {
  readonly stopwords: Set<string>
  readonly markers: Set<string>
  readonly ageUnits: Map<string, number>
  readonly pregnancyWords: Set<string>
  readonly senses = new Map<string, Sense>()
  /** Every single word of the lexicon's phrases: known words, and candidates of a typo correction. */
  readonly words = new Set<string>()
  readonly compoundParts = new Set<string>()
  readonly maxPhraseWords = MAX_PHRASE_WORDS
  /**
   * The most words of a phrase each word starts: reading a question looks up only phrases that can exist (most words
   * start none but themselves), instead of every length up to maxPhraseWords at every word, each a new key of joined
   * words. With each need's words to mark kept (question.ts): reading a question and its words to mark took 13.8 µs,
   * now 10.8 µs (in process at 50,000 offers, the bench's 400 sentence and typo questions, medians of eight alternated rounds).
   */
  readonly longestPhrase = new Map<string, number>()
  /** Region codes one step wider: municipality → its zones → its province; a zone → its province. */
  readonly wider = new Map<string, string[]>()
  readonly regionLevel = new Map<string, string>()
  /** The municipality of each postcode (the first, for the few that name several). */
  readonly postcodeMunicipality = new Map<string, string>()

  constructor (readonly ref: SearchReference, db: SearchIndex['db'], vocabulary: Vocabulary = JSON.parse(readFileSync(VOCABULARY_FILE, 'utf8')) as Vocabulary) {
    const all = <T>(sql: string) => db.$client.prepare(sql).all() as T[]
    this.stopwords = new Set(vocabulary.stopwords)
    this.markers = new Set(vocabulary.place_markers)
    this.ageUnits = new Map(Object.entries(vocabulary.age_units))
    this.pregnancyWords = new Set(vocabulary.pregnancy_words)
    for (const part of vocabulary.compound_parts) this.compoundParts.add(part)

    // Places: each name's best places by the rule, Flemish and Brussels ones before Walloon ones.
    const regionRows = all<{ code: string, level: string, name_nl: string, name_fr: string, name_en: string | null }>('SELECT code, level, name_nl, name_fr, name_en FROM regions')
    for (const r of regionRows) this.regionLevel.set(r.code, r.level)
    const ancestors = new Map<string, string[]>()
    for (const a of all<{ region_code: string, ancestor_code: string }>('SELECT region_code, ancestor_code FROM region_ancestors ORDER BY ancestor_code')) {
      ancestors.set(a.region_code, [...(ancestors.get(a.region_code) ?? []), a.ancestor_code])
    }
    // Every region but the country has ancestors (the country is never read as a place).
    const up = (code: string, level: string) => ancestors.get(code)!.filter((a) => this.regionLevel.get(a) === level || (level === 'province' && a === 'BE-BRU'))
    const flemish = (code: string) => !ancestors.get(code)!.includes('BE-WAL') && code !== 'BE-WAL'
    const name = (code: string) => ref.regions.get(code)!.label
    const provinceOf = (code: string) => up(code, 'province')[0]
    for (const r of regionRows) {
      if (r.level === 'municipality') this.wider.set(r.code, up(r.code, 'eerstelijnszone').length > 0 ? up(r.code, 'eerstelijnszone') : up(r.code, 'province'))
      else if (r.level === 'eerstelijnszone') this.wider.set(r.code, up(r.code, 'province'))
    }
    const candidates = new Map<string, Array<{ rank: number, place: Place }>>()
    const addPlace = (names: Array<string | null>, place: Place, rank = LEVEL_RANK[place.level]) => {
      for (const n of new Set(names.filter((x): x is string => x !== null).flatMap((x) => [phraseKey(x), phraseKey(x.replace(/\(.*\)/, ''))]))) {
        candidates.set(n, [...(candidates.get(n) ?? []), { rank, place }])
      }
    }
    const detail = (level: PlaceLevel, parent: string | undefined): Labels => {
      const words = LEVEL_WORDS[level]
      if (parent === undefined) return words
      const p = name(parent)
      return level === 'part' || level === 'former'
        ? { nl: `${words.nl} ${p.nl}`, fr: `${words.fr} ${p.fr}`, en: `${words.en} ${p.en}` }
        : { nl: `${words.nl}, ${p.nl}`, fr: `${words.fr}, ${p.fr}`, en: `${words.en}, ${p.en}` }
    }
    const placeOf = (code: string, level: PlaceLevel): Place => {
      const parent = level === 'municipality' || level === 'eerstelijnszone' ? provinceOf(code) : level === 'province' ? up(code, 'gewest')[0] : undefined
      return { codes: [code], level, label: name(code), detail: detail(level, parent), flemish: flemish(code) }
    }
    // Every level but the country's is a place level.
    const levelOf = (level: string) => level as PlaceLevel
    for (const r of regionRows) {
      if (r.level === 'country') continue
      addPlace([r.name_nl, r.name_fr, r.name_en], placeOf(r.code, levelOf(r.level)))
    }
    for (const a of all<{ region_code: string, name_nl: string, name_fr: string }>('SELECT region_code, name_nl, name_fr FROM region_aliases')) {
      const place = placeOf(a.region_code, 'municipality')
      addPlace([a.name_nl, a.name_fr], { ...place, level: 'former', label: { nl: a.name_nl, fr: a.name_fr, en: a.name_nl }, detail: detail('former', a.region_code) })
    }
    const parts = new Map<string, Set<string>>()
    for (const p of all<{ postcode: string, place_name: string, municipality_code: string }>('SELECT postcode, place_name, municipality_code FROM postcodes ORDER BY postcode, municipality_code')) {
      parts.set(p.place_name, (parts.get(p.place_name) ?? new Set()).add(p.municipality_code))
      if (!this.postcodeMunicipality.has(p.postcode)) this.postcodeMunicipality.set(p.postcode, p.municipality_code)
    }
    for (const [placeName, municipalities] of parts) {
      const codes = [...municipalities].sort()
      const of = codes.map(name)
      addPlace([placeName], {
        codes, level: 'part', label: { nl: placeName, fr: placeName, en: placeName }, flemish: codes.some(flemish),
        detail: { nl: `${LEVEL_WORDS.part.nl} ${of.map((l) => l.nl).join(', ')}`, fr: `${LEVEL_WORDS.part.fr} ${of.map((l) => l.fr).join(', ')}`, en: `${LEVEL_WORDS.part.en} ${of.map((l) => l.en).join(', ')}` }
      })
    }
    for (const [placeName, code] of Object.entries(vocabulary.places)) {
      const level = levelOf(this.regionLevel.get(code)!)
      addPlace([placeName], placeOf(code, level), 0)
    }
    for (const [key, list] of candidates) {
      // Flemish and Brussels places before Walloon ones (Limburg is the province, not the village near Liège); then the
      // best rank wins, and every place of that rank is kept.
      const near = list.some((c) => c.place.flemish) ? list.filter((c) => c.place.flemish) : list
      const best = Math.min(...near.map((c) => c.rank))
      const kept = near.filter((c) => c.rank === best)
      this.sense(key).place = { ...kept[0]!.place, codes: [...new Set(kept.flatMap((c) => c.place.codes))] }
    }

    // Phases, by their own labels and the vocabulary's words.
    for (const [code, phase] of ref.phases) {
      if (phase.atomic) for (const l of Object.values(phase.label)) this.sense(phraseKey(l)).phase ??= code
    }
    for (const [code, words] of Object.entries(vocabulary.phases)) for (const w of words) this.sense(phraseKey(w)).phase = code

    // Needs: taxonomy labels and synonyms (each reads as its own code, or codes when several share the word), then the
    // vocabulary's everyday words, which win for the words they list.
    const taxonomy = (kind: NeedKind, table: string) => {
      for (const row of all<{ code: string, label: string, synonyms: string }>(`SELECT code, label, synonyms FROM ${table} ORDER BY sort_order`)) {
        const label = JSON.parse(row.label) as Labels
        // Labels and synonyms that hold no letter or digit (none today) give no key.
        // A label is read whole and by its parts: "Vroedvrouw / vroedkundige (zelfstandig)" is also "vroedvrouw" and "vroedkundige".
        const names = Object.values(label).flatMap((l) => [l, l.replace(/\(.*?\)/g, ''), ...l.replace(/\(.*?\)/g, '').split('/')])
        for (const key of [...new Set([...names, ...(JSON.parse(row.synonyms) as string[])].map(phraseKey))].filter(Boolean)) {
          const sense = this.sense(key)
          if (sense.need === undefined) sense.need = { kind, code: row.code, label, codes: [`${kind}:${row.code}`], words: [key.split(' ')], certainty: CERTAINTY.taxonomy }
          else if (!sense.need.codes.includes(`${kind}:${row.code}`)) sense.need.codes.push(`${kind}:${row.code}`)
        }
      }
    }
    taxonomy('care_type', 'care_types')
    taxonomy('role', 'roles')
    taxonomy('target_group', 'target_groups')
    for (const need of vocabulary.needs) {
      const [kind, code] = need.codes[0]!.split(':') as [NeedKind, string]
      const words = need.words.map(phraseKey)
      const entry: Need = { kind, code, label: need.label, codes: need.codes, words: words.map((w) => w.split(' ')), certainty: CERTAINTY.vocabulary }
      for (const w of words) this.sense(w).need = entry
    }
    for (const w of vocabulary.text_words) {
      const sense = this.senses.get(phraseKey(w))
      if (sense !== undefined) delete sense.need
    }
    for (const key of this.senses.keys()) {
      const words = key.split(' ')
      for (const w of words) this.words.add(w)
      this.longestPhrase.set(words[0]!, Math.max(words.length, this.longestPhrase.get(words[0]!) ?? 0))
    }
  }

  private sense (key: string): Sense {
    let sense = this.senses.get(key)
    if (sense === undefined) this.senses.set(key, sense = {})
    return sense
  }
}

const lexicons = new WeakMap<SearchReference, Lexicon>()

/** The lexicon of an index's reference, built on first use. */
export function lexiconOf (index: SearchIndex): Lexicon {
  let lexicon = lexicons.get(index.ref)
  if (lexicon === undefined) lexicons.set(index.ref, lexicon = new Lexicon(index.ref, index.db))
  return lexicon
}

/** Edits a word may be off by to be corrected: none below five letters, one from five, two from nine. */
export const allowedEdits = (word: string) => (word.length >= 9 ? 2 : word.length >= 5 ? 1 : 0)

/**
 * The index's own words (the lexicon's and those of the offers' text), by first letter and length: a typo is looked for
 * among words of the same first letter and a length within the edits allowed.
 */
export const vocabularyOf = perIndex((index: SearchIndex) => {
  const lexicon = lexiconOf(index)
  const words = new Set(lexicon.words)
  for (const w of lexicon.stopwords) words.delete(w)
  for (const w of ftsWords(index)) words.add(w)
  const buckets = new Map<string, string[]>()
  for (const w of words) {
    if (w.length < 4 || /\d/.test(w)) continue
    const key = `${w[0]}${w.length}`
    buckets.set(key, [...(buckets.get(key) ?? []), w])
  }
  return { words, buckets, sorted: [...words].sort() }
})

/** The terms of the text index (each a word of some offer's text), read once per index. */
function ftsWords (index: SearchIndex): string[] {
  const sqlite = index.db.$client
  sqlite.prepare('CREATE VIRTUAL TABLE IF NOT EXISTS temp.offer_search_terms USING fts5vocab(main, \'offer_search\', \'row\')').run()
  return sqlite.prepare('SELECT term FROM temp.offer_search_terms').pluck().all() as string[]
}

/**
 * The nearest known word within `edits` (ties: the one more offers have, as the lexicon's words come first, then the
 * alphabet), or undefined. Words of the same first letter only: people rarely mistype the first letter.
 */
export function nearestWord (index: SearchIndex, word: string, edits: number): string | undefined {
  if (edits === 0) return undefined
  // Remembered per index: a scan compares hundreds of words, and people make the same typos.
  const kept = corrections(index)
  const key = `${edits} ${word}`
  if (kept.has(key)) return kept.get(key) ?? undefined
  /* c8 ignore next */ // why: a bound only ten thousand distinct typos on one index reach; starting again is all it does
  if (kept.size >= MAX_CORRECTIONS) kept.clear()
  const best = scan(index, word, edits)
  kept.set(key, best ?? null)
  return best
}

const MAX_CORRECTIONS = 10_000
const corrections = perIndex(() => new Map<string, string | null>())

function scan (index: SearchIndex, word: string, edits: number): string | undefined {
  const { buckets } = vocabularyOf(index)
  const lexicon = lexiconOf(index)
  let best: string | undefined
  let bestDistance = edits + 1
  for (let length = word.length - edits; length <= word.length + edits; length++) {
    for (const candidate of buckets.get(`${word[0]}${length}`) ?? []) {
      const d = distance(word, candidate)
      if (d < bestDistance || (d === bestDistance && best !== undefined && prefer(lexicon, candidate, best))) {
        if (!publicWord(index, lexicon, candidate)) continue
        best = candidate
        bestDistance = d
      }
    }
  }
  return best
}

/**
 * A word a correction may name: the lexicon's (reference data), or one some published offer's text has. The text index
 * holds drafts' words too, and a correction or "did you mean" must not show a word only a draft has.
 */
const publicWord = (index: SearchIndex, lexicon: Lexicon, word: string) => lexicon.words.has(word) || termHits(index, word, false).ordinals.length > 0

/** Between two words as far from a typo: a word the lexicon knows, then the alphabet. */
const prefer = (lexicon: Lexicon, a: string, b: string) => {
  const known = Number(lexicon.words.has(b)) - Number(lexicon.words.has(a))
  return known !== 0 ? known < 0 : a < b
}
