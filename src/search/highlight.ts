// Marks the words a question matched in an offer's name and description: the text is HTML-escaped and only <mark>
// tags are added; the description is cut to a snippet around its first match.
import { foldText } from './index.js'

/** Characters of description shown around its first match. */
const SNIPPET = 160

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\'': '&#39;' }
const SPECIAL = /[&<>"']/
const escapeHtml = (s: string) => (SPECIAL.test(s) ? s.replace(/[&<>"']/g, (c) => ESCAPES[c]!) : s)

export type Highlights = { name: string, description: string }

type Marker = (name: string, description: string) => Highlights | null

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

function makeHighlighter (words: string[]): Marker {
  const escaped = [...words].sort((a, b) => b.length - a.length).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${escaped.join('|')})[\\p{L}\\p{N}]*`, 'gu')
  return (name, description) => {
    const inName = matches(pattern, name)
    const inDescription = matches(pattern, description)
    if (inName.length === 0 && inDescription.length === 0) return null
    const first = inDescription[0]?.[0] ?? 0
    const from = first < SNIPPET / 2 ? 0 : description.lastIndexOf(' ', first - SNIPPET / 4) + 1
    const to = Math.min(description.length, from + SNIPPET)
    const end = to === description.length ? to : Math.max(description.lastIndexOf(' ', to), first + 1)
    const snippet = marked(description, inDescription, from, end)
    return { name: marked(name, inName, 0, name.length), description: `${from > 0 ? '…' : ''}${snippet}${end < description.length ? '…' : ''}` }
  }
}

/** Where the pattern matches the text, compared folded (lowercase, no accents), as [start, end] of the original. */
function matches (pattern: RegExp, text: string): Array<[number, number]> {
  const folded = foldedAsIs(text)
  const spans: Array<[number, number]> = []
  pattern.lastIndex = 0
  for (let m = pattern.exec(folded); m !== null; m = pattern.exec(folded)) spans.push([m.index, m.index + m[0].length])
  return spans
}

/** Folded texts of offers' names and descriptions, as they were asked for: the same texts are marked for question after question. */
const foldedTexts = new Map<string, string>()
const MAX_FOLDED = 20_000

/** A text folded with its length kept, so that offsets into it are offsets into the text. */
function foldedAsIs (text: string): string {
  let out = foldedTexts.get(text)
  if (out === undefined) {
    out = foldText(text)
    // Folding keeps a Latin text's length; where it would not (a letter folding to two), fold letter by letter.
    if (out.length !== text.length) out = Array.from(text, (c) => (foldText(c)[0] ?? c).padEnd(c.length, ' ')).join('')
    /* c8 ignore next */ // why: a bound only twenty thousand distinct texts reach; starting again is all it does
    if (foldedTexts.size >= MAX_FOLDED) foldedTexts.clear()
    foldedTexts.set(text, out)
  }
  return out
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
