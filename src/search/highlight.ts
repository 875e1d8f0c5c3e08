// Marks the words a question matched in an offer's name and description: the text is HTML-escaped and only <mark>
// tags are added; the description is cut to a snippet around its first match.
import { foldText } from './index.js'

/** Characters of description shown around its first match. */
const SNIPPET = 160

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\'': '&#39;' }
const SPECIAL = /[&<>"']/
const escapeHtml = (s: string) => (SPECIAL.test(s) ? s.replace(/[&<>"']/g, (c) => ESCAPES[c]!) : s)

export type Highlights = { name: string, description: string }

/**
 * Marks a name and description; `folded` is both folded (foldedTexts), when the caller keeps them. `json` gives an
 * offer's pair of texts (kept per offer and language, render.ts) marked, as UTF-8 JSON, undefined when no word occurs:
 * kept per set of words and pair, up to MAX_KEPT_MARKS over all sets, since questions of a kind (a need, in any place)
 * mark the same offers again. A one-box page's highlights and interpretation took 48 µs, now 8 µs (in process at 50,000
 * offers, the bench's 400 sentence and typo questions, medians of eight alternated rounds).
 */
type Marker = ((name: string, description: string, folded?: readonly [string, string]) => Highlights | null) & { json: (texts: readonly [string, string]) => Buffer | undefined }

/**
 * A function marking these words (folded; each as the start of a word) in a name and description; null when none occurs.
 * Kept by words: a new RegExp is compiled again on its first use, about a quarter of a page's highlights (in process,
 * twenty offers marked with a need's eleven words: 53 → 40 µs); questions of a kind mark the same words.
 */
export function highlighter (words: string[]): Marker | undefined {
  if (words.length === 0) return undefined
  const key = words.join(' ')
  let marker = markers.get(key)
  if (marker === undefined) {
    /* c8 ignore next */ // why: a bound only a thousand distinct sets of words reach; starting again is all it does
    if (markers.size >= MAX_MARKERS) markers.clear()
    markers.set(key, marker = makeHighlighter(words))
  }
  return marker
}

const markers = new Map<string, Marker>()
const MAX_MARKERS = 1000
/** Marked pairs kept over all sets of words (each a few hundred bytes of JSON, or null). */
const MAX_KEPT_MARKS = 50_000
/** Marked pairs kept by the sets of words in `markers`. */
let keptMarks = 0

function makeHighlighter (words: string[]): Marker {
  const escaped = [...words].sort((a, b) => b.length - a.length).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${escaped.join('|')})[\\p{L}\\p{N}]*`, 'gu')
  const mark = (name: string, description: string, folded = [foldedAsIs(name), foldedAsIs(description)] as const): Highlights | null => {
    const inName = matches(pattern, folded[0])
    const inDescription = matches(pattern, folded[1])
    if (inName.length === 0 && inDescription.length === 0) return null
    const first = inDescription[0]?.[0] ?? 0
    const from = first < SNIPPET / 2 ? 0 : description.lastIndexOf(' ', first - SNIPPET / 4) + 1
    const to = Math.min(description.length, from + SNIPPET)
    const end = to === description.length ? to : Math.max(description.lastIndexOf(' ', to), first + 1)
    const snippet = marked(description, inDescription, from, end)
    return { name: marked(name, inName, 0, name.length), description: `${from > 0 ? '…' : ''}${snippet}${end < description.length ? '…' : ''}` }
  }
  const kept = new WeakMap<readonly [string, string], Buffer | null>()
  const json = (texts: readonly [string, string]) => {
    let found = kept.get(texts)
    if (found === undefined) {
      // Past the bound every set of words goes, with what it kept (this one with the request that holds it).
      /* c8 ignore next 4 */ // why: a bound only tens of thousands of distinct questions and offers reach; forgetting only costs the next pages their work again
      if (keptMarks >= MAX_KEPT_MARKS) {
        markers.clear()
        keptMarks = 0
      }
      const marks = mark(texts[0], texts[1], foldedTexts(texts))
      kept.set(texts, found = marks === null ? null : Buffer.from(JSON.stringify(marks)))
      keptMarks++
    }
    return found ?? undefined
  }
  return Object.assign(mark, { json })
}

/** Where the pattern matches a folded text (lowercase, no accents, its length kept), as [start, end] of the original. */
function matches (pattern: RegExp, folded: string): Array<[number, number]> {
  const spans: Array<[number, number]> = []
  pattern.lastIndex = 0
  for (let m = pattern.exec(folded); m !== null; m = pattern.exec(folded)) spans.push([m.index, m.index + m[0].length])
  return spans
}

/**
 * An offer's name and description folded, kept with the pair of texts itself (render.ts keeps that pair per offer and
 * language), so they go when it goes. Keyed by the texts as strings, the lookup hashed and compared descriptions: 6 % of
 * a one-box search's server CPU (CPU profile under wrk, one-box typos at 50,000 offers); by the pair it is a pointer.
 */
export function foldedTexts (texts: readonly [string, string]): readonly [string, string] {
  let folded = foldedPairs.get(texts)
  if (folded === undefined) foldedPairs.set(texts, folded = [foldedAsIs(texts[0]), foldedAsIs(texts[1])])
  return folded
}

const foldedPairs = new WeakMap<readonly [string, string], readonly [string, string]>()

/** A text folded with its length kept, so that offsets into it are offsets into the text. */
function foldedAsIs (text: string): string {
  const out = foldText(text)
  // Folding keeps a Latin text's length; where it would not (a letter folding to two), fold letter by letter.
  return out.length === text.length ? out : Array.from(text, (c) => (foldText(c)[0] ?? c).padEnd(c.length, ' ')).join('')
}

function marked (text: string, spans: Array<[number, number]>, from: number, to: number): string {
  let out = ''
  let at = from
  for (const [start, end] of spans) {
    if (start < from || end > to) continue
    out += `${escapeHtml(text.slice(at, start))}<mark>${escapeHtml(text.slice(start, end))}</mark>`
    at = end
  }
  return out + escapeHtml(text.slice(at, to))
}
