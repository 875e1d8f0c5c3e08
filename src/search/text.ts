// Free text: turns what a user typed into safe FTS5 terms, and looks each term up in `offer_search` once per index.
// User input never reaches FTS5 syntax: control characters go, text is split into words, each word is quoted.
import { searchRowsVersion } from '../db/client.js'
import { MAX_TEXT_LENGTH } from '../offers/public-schemas.js'
import { type Bits, emptyBits, members, setBit } from './bitset.js'
import { CACHE_LIMITS, foldText, type SearchIndex } from './index.js'

export const MAX_TERMS = 10
/** Column weights for bm25(): offer_id (unindexed), name, taxonomy labels and synonyms, organisation, description. */
const WEIGHTS = '0, 10, 4, 2, 1'
/** A word that finds nothing is retried shorter, down to this length (`angstig` finds `angst`). */
const SHORTEST_RETRY = 4

/** Words that carry no meaning in a search for help, in nl, fr and en; dropped unless the text has nothing else. */
const STOPWORDS = new Set((
  'de het een en van voor in met op te aan bij naar om of is zijn ik je jij mijn die dat wat hoe waar er ook als tot na over uit door ' +
  'niet geen maar wij we ons onze hij zij ze u uw mij me wil zoek zoeken kan mag ' +
  'le la les un une des du et pour avec au aux dans sur par je mon ma mes est qui que ou ' +
  'the a an and of for with on to at by my i is are or from'
).split(' '))

/**
 * Words to find. By default every word must match; `any`: at least one must (an offer matching more ranks first);
 * `rank`: no word must, they only rank (the one box's leftover words next to a need it read). `boost`: words that add
 * their score only, never counted as matched (a need's own words: every candidate has the need already).
 */
export type TextQuery = { terms: string[], any?: boolean, rank?: boolean, boost?: string[] }
/**
 * A word's hits: the ordinals in order with their scores, and for a broad word also the scores by ordinal. Scores are
 * bm25 as FTS5 gives it: negative, the better the lower, so they sort as they are.
 */
export type TermHits = { bits: Bits, ordinals: Int32Array, scores: Float32Array, dense: Float32Array | null }

export class TextError extends Error {}

/** The words of a free-text query, folded (lowercase, no accents), without stopwords; throws TextError past the caps. */
export function parseText (raw: string): TextQuery {
  if (raw.length > MAX_TEXT_LENGTH) throw new TextError(`at most ${MAX_TEXT_LENGTH} characters`)
  const words = foldText(raw.replace(/[\p{Cc}\p{Cf}]/gu, ' ')).split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0)
  if (words.length > MAX_TERMS) throw new TextError(`at most ${MAX_TERMS} words`)
  const meaningful = words.filter((w) => !STOPWORDS.has(w))
  return { terms: [...new Set(meaningful.length > 0 ? meaningful : words)] }
}

/**
 * The published offers matching a word (as a prefix, from two letters on; a word that finds nothing retried shorter
 * unless `retry` is false), with their bm25 scores, cached per index: a kept word costs a map lookup, asking FTS5 again
 * costs milliseconds for a broad word (in process at 50,000 offers, alternated: about four orders of magnitude).
 */
export function termHits (index: SearchIndex, term: string, retry = true): TermHits {
  const cache = textCache(index)
  // Without retries, under a key no word has (words have no spaces).
  const key = retry ? term : ` ${term}`
  let hits = cache.hits.get(key)
  if (hits !== undefined) return hits
  hits = lookUp(index, cache, term)
  for (let shorter = term.slice(0, -1); retry && hits.ordinals.length === 0 && shorter.length >= SHORTEST_RETRY; shorter = shorter.slice(0, -1)) {
    hits = lookUp(index, cache, shorter)
  }
  // A broad word holds an entry per offer: bound what the cache keeps, and start again when it is full.
  const entries = hits.ordinals.length + (hits.dense === null ? 0 : index.size)
  if (cache.entries + entries > CACHE_LIMITS.textEntries) { cache.hits.clear(); cache.entries = 0 }
  cache.hits.set(key, hits)
  cache.entries += entries
  return hits
}

/** `version`: the search rows the scores were read from (searchRowsVersion); after a write they are read again. */
type TextCache = { hits: Map<string, TermHits>, entries: number, statement: Statement, version: number }
type Statement = ReturnType<SearchIndex['db']['$client']['prepare']>

function lookUp (index: SearchIndex, cache: TextCache, term: string): TermHits {
  // One letter has no prefix index behind it and means little: it must match a whole word.
  const expression = term.length === 1 ? `"${term}"` : `"${term}"*`
  const bits = emptyBits(index.size)
  const dense = new Float32Array(index.size)
  for (const [rowid, bm25] of cache.statement.iterate(expression) as Iterable<[number, number]>) {
    const ordinal = rowid < index.ordinalByRowid.length ? index.ordinalByRowid[rowid]! : -1
    if (ordinal < 0) continue
    setBit(bits, ordinal)
    dense[ordinal] = bm25
  }
  const ordinals = Int32Array.from(members(bits))
  const scores = new Float32Array(ordinals.length)
  for (let j = 0; j < ordinals.length; j++) scores[j] = dense[ordinals[j]!]!
  // A broad word keeps the scores by ordinal too, looked up for thousands of candidates instead of a binary search each:
  // 400 text searches for broad words (with a postcode, or two words ranked) took 253 µs each against 1,241 µs with
  // these arrays set aside (in process at 50,000 offers, medians of six alternated rounds).
  return { bits, ordinals, scores, dense: ordinals.length * 32 > index.size ? dense : null }
}

const caches = new WeakMap<SearchIndex, TextCache>()

/**
 * The words `from` looked up, for `to`: only when no search row changed and every offer kept its ordinal (bm25 reads
 * the whole corpus). Each with a copy of its set: facet counts are kept per set (src/search/facets.ts).
 */
export function carryTermHits (from: SearchIndex, to: SearchIndex): void {
  const cache = caches.get(from)
  if (cache !== undefined) caches.set(to, { ...cache, hits: new Map([...cache.hits].map(([word, hits]) => [word, { ...hits, bits: hits.bits.slice() }])) })
}

function textCache (index: SearchIndex): TextCache {
  let cache = caches.get(index)
  const version = searchRowsVersion(index.db)
  if (cache?.version !== version) {
    const statement = cache?.statement ?? index.db.$client.prepare(`SELECT rowid, bm25(offer_search, ${WEIGHTS}) FROM offer_search WHERE offer_search MATCH ?`).raw()
    caches.set(index, cache = { hits: new Map(), entries: 0, statement, version })
  }
  return cache
}
