// Reads the one search box as a question: places, phases, ages and needs become filters, the rest is text; says how
// it read each part, and suggests words for those it does not know. docs/search.md explains the rules.
import { MAX_READ_WORDS } from '../offers/public-schemas.js'
import type { ContentLang } from '../text/schemas.js'
import type { MonthRangeQuery } from './engine.js'
import type { SearchIndex } from './index.js'
import { allowedEdits, lexiconOf, type Need, type Place, tokenize, vocabularyOf, nearestWord, type Lexicon } from './lexicon.js'
import { type TextQuery, MAX_TERMS } from './text.js'

/** Words of the box read at most; the rest is ignored (and listed so). */

export type PartKind = 'place' | 'phase' | 'age' | 'care_type' | 'role' | 'target_group' | 'text'
export type Part = {
  text: string
  start: number
  end: number
  kind: PartKind
  code: string | null
  label: string
  param: string
  value: string
  detail?: string
  corrected_from: string | null
  /** False when an explicit parameter of the same kind overrides it. */
  applied: boolean
}

/** What a reading filters on, each concept with the part it came from. */
export type Reading = {
  query: string
  literal: boolean
  parts: Part[]
  ignored: string[]
  suggestions: Array<{ word: string, suggestion: string }>
  places: Array<{ part: number, regions: string[], postcode?: string }>
  phases: Array<{ part: number, code: string }>
  ages: Array<{ part: number, months: MonthRangeQuery }>
  /** Each need with the words it was read from (as corrected): they rank the offers of a need. */
  needs: Array<{ part: number, need: Need, corrected: boolean, words: string[] }>
  text: { parts: number[], terms: string[] }
}

type Token = { word: string, start: number, end: number, corrected?: string }

const LABELS = {
  age: (months: number, lang: ContentLang) => {
    const pregnant = months < 0
    const m = Math.abs(months)
    if (pregnant) return { nl: `${m} maanden voor de geboorte`, fr: `${m} mois avant la naissance`, en: `${m} months before birth` }[lang]
    return { nl: `${m} maanden`, fr: `${m} mois`, en: `${m} months` }[lang]
  }
}

/** Reads the box. Throws nothing: any text gives a reading (possibly with nothing in it). */
export function readQuestion (index: SearchIndex, raw: string, lang: ContentLang): Reading {
  const lexicon = lexiconOf(index)
  // Control and format characters (NUL included) become spaces, so offsets into the answer's `query` stay those of q.
  const query = raw.replace(/[\p{Cc}\p{Cf}]/gu, ' ').trim()
  const reading: Reading = { query, literal: false, parts: [], ignored: [], suggestions: [], places: [], phases: [], ages: [], needs: [], text: { parts: [], terms: [] } }
  const all = tokenize(query)
  for (const t of all.slice(MAX_READ_WORDS)) reading.ignored.push(query.slice(t.start, t.end))
  const tokens = all.slice(0, MAX_READ_WORDS).flatMap((t) => normalise(index, lexicon, t))

  const part = (from: number, to: number, fields: Omit<Part, 'text' | 'start' | 'end' | 'corrected_from' | 'applied'>) => {
    const span = tokens.slice(from, to)
    const corrected = span.filter((t) => t.corrected !== undefined)
    reading.parts.push({
      text: query.slice(span[0]!.start, span[span.length - 1]!.end), start: span[0]!.start, end: span[span.length - 1]!.end, ...fields,
      corrected_from: corrected.length === 0 ? null : corrected.map((t) => t.corrected).join(' '), applied: true
    })
    return reading.parts.length - 1
  }
  for (let i = 0; i < tokens.length;) {
    const t = tokens[i]!
    const afterMarker = i > 0 && lexicon.markers.has(tokens[i - 1]!.word)
    // An age: a number and a unit ("3 maanden", "2 ans"); with a pregnancy word after it, counted to the birth.
    const unit = tokens[i + 1] === undefined ? undefined : lexicon.ageUnits.get(tokens[i + 1]!.word)
    if (/^\d{1,3}$/.test(t.word) && unit !== undefined) {
      const pregnant = tokens[i + 2] !== undefined && lexicon.pregnancyWords.has(tokens[i + 2]!.word)
      const amount = Number(t.word) * unit
      const months = Math.max(-24, Math.min(240, Math.round(pregnant ? amount - 9 : amount)))
      const to = i + (pregnant ? 3 : 2)
      const at = part(i, to, { kind: 'age', code: String(months), label: LABELS.age(months, lang), param: 'age_months', value: String(months) })
      reading.ages.push({ part: at, months: { from: months, to: months } })
      i = to
      continue
    }
    // A postcode.
    if (/^\d{4}$/.test(t.word) && index.ref.postcodes.has(t.word)) {
      const municipality = lexicon.postcodeMunicipality.get(t.word)!
      const at = part(i, i + 1, {
        kind: 'place', code: t.word, label: t.word, param: 'postcode', value: t.word,
        detail: `${{ nl: 'postcode', fr: 'code postal', en: 'postcode' }[lang]}, ${index.ref.regions.get(municipality)!.label[lang]}`
      })
      reading.places.push({ part: at, regions: [municipality], postcode: t.word })
      i++
      continue
    }
    let matched = false
    for (let length = Math.min(lexicon.maxPhraseWords, lexicon.longestPhrase.get(t.word) ?? 0, tokens.length - i); length >= 1 && !matched; length--) {
      const sense = lexicon.senses.get(length === 1 ? t.word : tokens.slice(i, i + length).map((x) => x.word).join(' '))
      if (sense === undefined) continue
      // A word that is a stop word and a place (As, Ans) is a place only after a place marker ("in As"); a word that
      // is a need or a phase and a place (Peer) is a place only after one too.
      const single = length === 1
      // A stop word alone is read as nothing else either (AS, 'assistant social', is a role).
      if (single && lexicon.stopwords.has(t.word) && !(afterMarker && sense.place !== undefined)) continue
      const asPlace = sense.place !== undefined && (afterMarker || (sense.phase === undefined && sense.need === undefined))
      if (asPlace) {
        const place = sense.place!
        const at = part(i, i + length, { kind: 'place', code: place.codes.join(','), label: place.label[lang], param: 'region', value: place.codes.join(','), detail: place.detail[lang] })
        reading.places.push({ part: at, regions: place.codes })
      } else if (sense.phase !== undefined) {
        const phase = index.ref.phases.get(sense.phase)!
        const at = part(i, i + length, { kind: 'phase', code: phase.code, label: phase.label[lang], param: 'phase', value: phase.code })
        reading.phases.push({ part: at, code: phase.code })
      } else if (sense.need !== undefined) {
        const need = sense.need
        const at = part(i, i + length, { kind: need.kind, code: need.code, label: need.label[lang], param: need.kind, value: need.code })
        const span = tokens.slice(i, i + length)
        reading.needs.push({ part: at, need, corrected: span.some((x) => x.corrected !== undefined), words: span.map((x) => x.word).filter((w) => w.length >= 3 && !lexicon.stopwords.has(w)) })
      } else continue
      i += length
      matched = true
    }
    if (matched) continue
    if (lexicon.stopwords.has(t.word) || lexicon.markers.has(t.word) || reading.text.terms.length >= MAX_TERMS || t.word.length < 2) {
      reading.ignored.push(query.slice(t.start, t.end))
    } else {
      const at = part(i, i + 1, { kind: 'text', code: null, label: query.slice(t.start, t.end), param: 'q', value: t.word })
      reading.text.parts.push(at)
      if (!reading.text.terms.includes(t.word)) reading.text.terms.push(t.word)
      if (!knownPrefix(index, t.word)) {
        const suggestion = t.word.length >= 4 ? nearestWord(index, t.word, allowedEdits(t.word) + 1) : undefined
        if (suggestion !== undefined && suggestion !== t.word) reading.suggestions.push({ word: query.slice(t.start, t.end), suggestion })
      }
    }
    i++
  }
  return reading
}

/** How literal text (read_q=false) was read: its words as text parts, stop words ignored. */
export function literalReading (raw: string, text: TextQuery | undefined): Reading {
  const query = raw.replace(/[\p{Cc}\p{Cf}]/gu, ' ').trim()
  const reading: Reading = { query, literal: true, parts: [], ignored: [], suggestions: [], places: [], phases: [], ages: [], needs: [], text: { parts: [], terms: text?.terms ?? [] } }
  for (const t of tokenize(query)) {
    const typed = query.slice(t.start, t.end)
    if (!reading.text.terms.includes(t.word)) reading.ignored.push(typed)
    else reading.parts.push({ text: typed, start: t.start, end: t.end, kind: 'text', code: null, label: typed, param: 'q', value: t.word, corrected_from: null, applied: true })
  }
  return reading
}

/**
 * A token as the lexicon reads it: split where digits meet letters ("3maanden"), a Dutch compound split into known
 * parts (huilbaby, borstvoedingshulp), an unknown word corrected to the nearest known one within the edits allowed.
 */
function normalise (index: SearchIndex, lexicon: Lexicon, t: Token): Token[] {
  const mixed = /^(\d+)(\p{L}+)$/u.exec(t.word)
  if (mixed !== null) {
    const cut = t.start + mixed[1]!.length
    return [{ word: mixed[1]!, start: t.start, end: cut }, { word: mixed[2]!, start: cut, end: t.end }]
  }
  if (known(lexicon, t.word) || /\d/.test(t.word) || knownPrefix(index, t.word)) return [t]
  const parts = splitCompound(lexicon, t)
  if (parts !== undefined) return parts
  const corrected = nearestWord(index, t.word, allowedEdits(t.word))
  return corrected === undefined ? [t] : [{ ...t, word: corrected, corrected: t.word }]
}

const known = (lexicon: Lexicon, word: string) => lexicon.words.has(word) || lexicon.stopwords.has(word) || lexicon.markers.has(word) || lexicon.ageUnits.has(word)

/** Two known parts, the first possibly with a linking s or e (borstvoeding-s-hulp); the longest first part wins. */
function splitCompound (lexicon: Lexicon, t: Token): Token[] | undefined {
  const part = (w: string) => lexicon.words.has(w) || lexicon.compoundParts.has(w)
  if (t.word.length < 7) return undefined
  for (let cut = t.word.length - 3; cut >= 3; cut--) {
    const tail = t.word.slice(cut)
    if (!part(tail) && !lexicon.stopwords.has(tail)) continue
    const head = t.word.slice(0, cut)
    const first = part(head) ? head : /[se]$/.test(head) && part(head.slice(0, -1)) ? head.slice(0, -1) : undefined
    if (first !== undefined) return [{ word: first, start: t.start, end: t.start + cut }, { word: tail, start: t.start + cut, end: t.end }]
  }
  return undefined
}

/** A word of the index's text, or the start of one (people type words half: "vroedv"). */
function knownPrefix (index: SearchIndex, word: string): boolean {
  const { sorted } = vocabularyOf(index)
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (sorted[mid]! < word) lo = mid + 1
    else hi = mid
  }
  return lo < sorted.length && sorted[lo]!.startsWith(word)
}

/** The words to mark in an offer's name and description: the words read, and each need's one-word names and label. */
export function markedWords (reading: Reading, lang: ContentLang): string[] {
  const words = new Set(reading.text.terms)
  for (const { need } of reading.needs) for (const w of needMarks(need, lang)) words.add(w)
  for (const p of reading.parts) if (p.kind !== 'place' && p.kind !== 'age') for (const t of tokenize(p.text)) if (t.word.length >= 4) words.add(t.word)
  return [...words]
}

/**
 * A need's words to mark in a language (its one-word names, and its label's words), made once per need and language:
 * the lexicon's needs are read by question after question (measured with Lexicon.longestPhrase).
 */
function needMarks (need: Need, lang: ContentLang): string[] {
  let byLang = needMarksKept.get(need)
  if (byLang === undefined) needMarksKept.set(need, byLang = {})
  return byLang[lang] ??= [
    ...need.words.flatMap((phrase) => (phrase.length === 1 && phrase[0]!.length >= 4 ? [phrase[0]!] : [])),
    ...tokenize(need.label[lang]).flatMap((t) => (t.word.length >= 4 ? [t.word] : []))
  ]
}

const needMarksKept = new WeakMap<Need, Partial<Record<ContentLang, string[]>>>()

export type { Place }
