// Autocomplete for the one search box: places, phases, care types, roles, target groups and offer names that start
// with what was typed (or are a typo or two from it), ranked by how well they match, then by the published offers they
// lead to; Flemish and Brussels places before Walloon ones. Each says what selecting it does: a filter or a text.
import { distance } from 'fastest-levenshtein'
import { type ContentLang, pickText } from '../text/schemas.js'
import { count, emptyBits, orInto } from './bitset.js'
import { foldText, type SearchIndex } from './index.js'
import { allowedEdits, type Lexicon, lexiconOf, type NeedKind, phraseKey } from './lexicon.js'
import type { Labels } from './reference.js'
import { perIndex } from './per-index.js'

export type SuggestionKind = 'place' | 'phase' | 'care_type' | 'role' | 'target_group' | 'offer'
export type Suggestion = {
  kind: SuggestionKind
  code: string
  label: string
  detail: string | null
  count: number
  action: { param: SuggestionParam, value: string }
}
type SuggestionParam = 'region' | 'phase' | 'care_type' | 'role' | 'target_group' | 'q'

type Entry = { kind: Exclude<SuggestionKind, 'offer'>, code: string, label: Labels, detail: Labels | null, param: SuggestionParam, value: string, walloon: boolean }

/** Entries and their keys: every phrase that names one, and every tail of it from a word on ("depressie" in "postnatale depressie"). */
type Entries = { list: Entry[], keys: string[], of: Int32Array, tail: Uint8Array }

const MAX_CANDIDATES = 200

const entriesOf = new WeakMap<Lexicon, Entries>()

function entries (index: SearchIndex): Entries {
  const lexicon = lexiconOf(index)
  let made = entriesOf.get(lexicon)
  if (made !== undefined) return made
  const list: Entry[] = []
  const byId = new Map<string, number>()
  const pairs: Array<[string, number, number]> = []
  const add = (key: string, id: string, entry: () => Entry) => {
    let at = byId.get(id)
    if (at === undefined) { byId.set(id, at = list.length); list.push(entry()) }
    const words = key.split(' ')
    for (let w = 0; w < words.length; w++) pairs.push([words.slice(w).join(' '), at, Math.min(w, 1)])
  }
  const { ref } = index
  for (const [key, sense] of lexicon.senses) {
    const place = sense.place
    if (place !== undefined) {
      const value = place.codes.join(',')
      add(key, `place:${value}:${place.level}:${place.label.nl}`, () => ({ kind: 'place', code: value, label: place.label, detail: place.detail, param: 'region', value, walloon: !place.flemish }))
    }
    if (sense.phase !== undefined) {
      const phase = ref.phases.get(sense.phase)!
      add(key, `phase:${phase.code}`, () => ({ kind: 'phase', code: phase.code, label: phase.label, detail: null, param: 'phase', value: phase.code, walloon: false }))
    }
    // Each code of a need: the taxonomy's own label, as a filter of its parameter.
    for (const code of sense.need?.codes ?? []) {
      const [kind, value] = code.split(':') as [NeedKind, string]
      const coded = kind === 'care_type' ? ref.careTypeByCode.get(value) : kind === 'role' ? ref.roles.get(value) : ref.targetGroups.get(value)
      if (coded !== undefined) add(key, code, () => ({ kind, code: value, label: coded.label, detail: null, param: kind, value, walloon: false }))
    }
  }
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]))
  made = { list, keys: pairs.map((p) => p[0]), of: Int32Array.from(pairs, (p) => p[1]), tail: Uint8Array.from(pairs, (p) => p[2]) }
  entriesOf.set(lexicon, made)
  return made
}

/**
 * Published offers each entry leads to (remote-only offers included for places, as a search finds them), counted once
 * per index: by entry, -1 while not counted (a ranking input read for every candidate of every prefix typed).
 */
const counts = perIndex((index) => new Int32Array(entries(index).list.length).fill(-1))

function countOf (index: SearchIndex, at: number): number {
  const kept = counts(index)
  let n = kept[at]!
  if (n < 0) {
    const entry = entries(index).list[at]!
    if (entry.kind === 'place') {
      const bits = emptyBits(index.size)
      orInto(bits, index.remoteOnly)
      for (const code of entry.code.split(',')) for (const cell of index.ref.regionCells.get(code)!) orInto(bits, index.cellBits[cell]!)
      n = count(bits)
    } else if (entry.kind === 'phase') n = count(index.phaseBits.get(entry.code)!)
    else {
      const bits = index.valueBits.get(`${entry.kind}:${entry.code}`)
      n = bits === undefined ? 0 : count(bits)
    }
    kept[at] = n
  }
  return n
}

const lowerBound = (keys: string[], key: string) => {
  let lo = 0
  let hi = keys.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (keys[mid]! < key) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Labels compared as localeCompare does (the default locale), without making a collator per comparison. */
const collator = new Intl.Collator()

/**
 * Up to `limit` suggestions for what was typed so far, as the JSON of the answer (`{"contents":[…]}`). Only the `limit`
 * best candidates become suggestions: candidates are ranked by numbers (match class, Walloon, offers led to: kept per
 * index) and their labels, in a scratch array of the entries. Measured in process over the bench's 200 prefixes at
 * 50,000 offers (bench/one-box.ts, alternating builds): making and sorting a suggestion per candidate (up to 200 for two
 * letters) was most of suggest's time. An entry's suggestion is written as JSON once per index and language
 * (entryJson): JSON.stringify of the answer took 6.4 µs of the about 90 µs a suggest costs the server at 50,000 offers.
 */
export function suggestionsJson (index: SearchIndex, typed: string, lang: ContentLang, limit: number): string {
  const key = phraseKey(typed)
  if (key === '') return '{"contents":[]}'
  const { list, keys, of, tail } = entries(index)
  // Match class per entry: 0 its name is what was typed, 1 its name starts with it, 2 a later word does, 3+ a typo.
  const best = matchClass(index)
  const noted: number[] = []
  const note = (at: number, rank: number) => {
    if (best[at] === NOT_NOTED) noted.push(at)
    if (best[at]! > rank) best[at] = rank
  }
  for (let k = lowerBound(keys, key); k < keys.length && keys[k]!.startsWith(key) && noted.length < MAX_CANDIDATES; k++) {
    note(of[k]!, keys[k] === key && tail[k] === 0 ? 0 : tail[k] === 0 ? 1 : 2)
  }
  const edits = allowedEdits(key)
  if (noted.length < limit && edits > 0) for (const [at, rank] of typos(index, key, edits)) note(at, rank)
  // A candidate: an entry (its index in the list) or an offer name (a suggestion made already), with what ranks it:
  // what was typed exactly first; then Flemish and Brussels places before Walloon ones; then by match and offers (as one
  // number: count < 2^20); then by label, then as found. The best `limit` are kept in order as they come.
  type Ranked = { at: number, offer: Suggestion | undefined, order: number, label: string }
  const top: Ranked[] = []
  const offer = (order: number, label: string, at: number, suggestion?: Suggestion) => {
    let i = top.length
    // As found: a later candidate that ties is worse.
    while (i > 0 && (top[i - 1]!.order > order || (top[i - 1]!.order === order && collator.compare(top[i - 1]!.label, label) > 0))) i--
    if (i >= limit) return
    top.splice(i, 0, { at, offer: suggestion, order, label })
    if (top.length > limit) top.pop()
  }
  const orderOf = (rank: number, walloon: boolean, n: number) => ((Number(rank > 0) * 2 + Number(walloon)) * 8 + rank) * 2 ** 20 + (2 ** 20 - 1 - n)
  for (const at of noted) {
    const rank = best[at]!
    best[at] = NOT_NOTED
    const entry = list[at]!
    const n = countOf(index, at)
    if (n === 0 && entry.kind !== 'place') continue
    offer(orderOf(rank, entry.walloon, n), entry.label[lang], at)
  }
  // Offer names match as word starts: ranked as a later word of a name.
  for (const suggestion of offerNames(index, key, lang, limit)) offer(orderOf(2, false, suggestion.count), suggestion.label, -1, suggestion)
  return `{"contents":[${top.map(({ at, offer }) => (offer !== undefined ? JSON.stringify(offer) : entryJson(index, at, lang))).join(',')}]}`
}

/** An entry's suggestion as JSON, in a language: made once per index (its count is the index's). */
function entryJson (index: SearchIndex, at: number, lang: ContentLang): string {
  const made = entryJsons(index)[lang]
  let json = made[at]
  if (json === undefined) {
    const entry = entries(index).list[at]!
    const suggestion: Suggestion = { kind: entry.kind, code: entry.code, label: entry.label[lang], detail: entry.detail?.[lang] ?? null, count: countOf(index, at), action: { param: entry.param, value: entry.value } }
    made[at] = json = JSON.stringify(suggestion)
  }
  return json
}

const entryJsons = perIndex((index): Record<ContentLang, Array<string | undefined>> => {
  const n = entries(index).list.length
  return { nl: new Array<string | undefined>(n), fr: new Array<string | undefined>(n), en: new Array<string | undefined>(n) }
})

const NOT_NOTED = 255
/** Each entry's best match class for the prefix being ranked (NOT_NOTED outside a call): a scratch array of the index. */
const matchClass = perIndex((index) => new Uint8Array(entries(index).list.length).fill(NOT_NOTED))

/**
 * Entries a typo or two from what was typed: among the keys of the same first letter, compared with their start of the
 * typed length. Remembered per index (a scan compares thousands of keys; people type the same prefixes).
 */
function typos (index: SearchIndex, key: string, edits: number): Array<[number, number]> {
  const kept = keptTypos(index)
  let found = kept.get(key)
  if (found === undefined) {
    /* c8 ignore next */ // why: a bound only ten thousand distinct prefixes on one index reach; starting again is all it does
    if (kept.size >= MAX_KEPT) kept.clear()
    const { keys, of } = entries(index)
    found = []
    const end = lowerBound(keys, String.fromCharCode(key.charCodeAt(0) + 1))
    for (let k = lowerBound(keys, key[0]!); k < end; k++) {
      const d = distance(key, keys[k]!.slice(0, key.length))
      if (d <= edits) found.push([of[k]!, 2 + d])
    }
    kept.set(key, found)
  }
  return found
}

const MAX_KEPT = 10_000
const keptTypos = perIndex(() => new Map<string, Array<[number, number]>>())

/**
 * Offers whose name has a word starting with each word typed (three letters at least), in name order (ordinals are).
 * Each name word's offers are in ordinal order: a word's list is read only until it holds no offer before the `limit`-th
 * found. Measured in process over the bench's prefixes at 50,000 offers: reading every offer of every word with the
 * prefix (thousands for "vro") was most of suggest's time.
 */
function offerNames (index: SearchIndex, key: string, lang: ContentLang, limit: number): Suggestion[] {
  if (key.length < 3) return []
  const names = offerNameWords(index)
  // The offers of the typed word with the fewest, tested for the others: the first `limit` ordinals, kept in order.
  const typed = key.split(' ').map((w) => {
    const from = lowerBound(names.keys, w)
    const to = lowerBound(names.keys, `${w}\uffff`)
    return { w, from, to, offers: names.start[to]! - names.start[from]! }
  })
  const rarest = typed.reduce((a, b) => (b.offers < a.offers ? b : a))
  const others = typed.filter((t) => t !== rarest).map((t) => t.w)
  const found: number[] = []
  for (let word = rarest.from; word < rarest.to; word++) {
    for (let k = names.start[word]!; k < names.start[word + 1]!; k++) {
      const o = names.of[k]!
      if (found.length === limit && o >= found[limit - 1]!) break
      if (found.includes(o) || !others.every((w) => names.words[o]!.some((x) => x.startsWith(w)))) continue
      let at = Math.min(found.length, limit - 1)
      found[at] = o
      for (; at > 0 && found[at - 1]! > o; at--) { found[at] = found[at - 1]!; found[at - 1] = o }
    }
  }
  return found.map((o) => {
    const name = pickText(names.names[o]!, lang)
    const organisation = index.organisations[index.organisationOf[o]!]!
    return { kind: 'offer', code: names.slugs[o]!, label: name, detail: pickText(organisation.name, lang), count: 1, action: { param: 'q', value: name } }
  })
}

/**
 * Every word of the published offers' names (in every language, folded as the text index folds them), sorted, each with
 * its offers in ordinal order; and each offer's slug, names and name words. Made once per index: autocomplete reads it
 * for every prefix typed, where the text index would merge every word with that prefix.
 */
const offerNameWords = perIndex((index) => {
  const slugs = new Array<string>(index.size)
  const names = new Array<{ nl: string, fr?: string, en?: string }>(index.size)
  const words = new Array<string[]>(index.size).fill([])
  for (const [id, slug, name] of index.db.$client.prepare('SELECT id, slug, name FROM offers WHERE status = \'published\'').raw().iterate() as Iterable<[string, string, string]>) {
    // Offers the index leaves out (of an unpublished organisation, or added since it was built) are not suggested.
    const o = index.ordinalById.get(id)
    if (o === undefined) continue
    slugs[o] = slug
    names[o] = JSON.parse(name) as { nl: string }
    words[o] = [...new Set(foldText(Object.values(names[o]).join(' ')).split(/[^\p{L}\p{N}]+/u))].filter(Boolean)
  }
  const offersOf = new Map<string, number[]>()
  for (let o = 0; o < index.size; o++) {
    for (const w of words[o]!) {
      const list = offersOf.get(w)
      if (list === undefined) offersOf.set(w, [o])
      else list.push(o)
    }
  }
  const keys = [...offersOf.keys()].sort()
  const start = new Int32Array(keys.length + 1)
  keys.forEach((w, k) => { start[k + 1] = start[k]! + offersOf.get(w)!.length })
  const of = new Int32Array(start[keys.length]!)
  keys.forEach((w, k) => { of.set(offersOf.get(w)!, start[k]!) })
  return { keys, start, of, slugs, names, words }
})
