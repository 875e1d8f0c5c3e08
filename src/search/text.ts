// Free text: turns what a user typed into safe FTS5 terms and scores the offers matching each. A word is looked up in
// `offer_search` once: its rows and each row's count of it are kept per connection and follow the writes of search
// rows (a few rows matched again, not the whole table), and bm25 is worked out from them as FTS5 would. Asking FTS5
// again after every write cost 0.5 to 1.3 s for a broad word at 50,000 offers, on the event loop.
// User input never reaches FTS5 syntax: control characters go, text is split into words, each word is quoted.
import { searchRowsSince, searchRowsVersion } from '../db/client.js'
import { prepared } from '../db/statements.js'
import { MAX_TEXT_LENGTH } from '../offers/public-schemas.js'
import { type Bits, binarySearch, count, emptyBits, setBit } from './bitset.js'
import { CACHE_LIMITS, foldText, type SearchIndex } from './index.js'

export const MAX_TERMS = 10
/**
 * Column weights for bm25(): offer_id (unindexed), name, taxonomy labels and synonyms, organisation, description. Whole
 * numbers: a row's weighted count of a word is then whole too (see countOf).
 */
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
 * The published offers matching a word (as a prefix, from two letters on; a word that finds nothing is retried shorter
 * unless `retry` is false), with their bm25 scores, kept per index: a kept word costs a map lookup. The rows matching
 * it, with each row's count of it, are kept per connection (WordRows) and follow the writes of search rows.
 */
export function termHits (index: SearchIndex, term: string, retry = true): TermHits {
  const cache = textCache(index)
  // Without retries, under a key no word has (words have no spaces).
  const key = retry ? term : ` ${term}`
  let hits = cache.hits.get(key)
  if (hits !== undefined) return hits
  hits = scored(index, cache.corpus, term)
  for (let shorter = term.slice(0, -1); retry && hits.ordinals.length === 0 && shorter.length >= SHORTEST_RETRY; shorter = shorter.slice(0, -1)) {
    hits = scored(index, cache.corpus, shorter)
  }
  // A broad word holds an entry per offer: bound what the cache keeps, and start again when it is full.
  const entries = hits.ordinals.length + (hits.dense === null ? 0 : index.size)
  if (cache.entries + entries > CACHE_LIMITS.textEntries) { cache.hits.clear(); cache.entries = 0 }
  cache.hits.set(key, hits)
  cache.entries += entries
  return hits
}

/** `generation`: the state of the corpus the hits were scored against; any write of a search row starts a new one. */
type TextCache = { hits: Map<string, TermHits>, entries: number, corpus: Corpus, generation: number }
const caches = new WeakMap<SearchIndex, TextCache>()

function textCache (index: SearchIndex): TextCache {
  const corpus = corpusOf(index.db)
  let cache = caches.get(index)
  if (cache?.corpus !== corpus || cache.generation !== corpus.generation) {
    caches.set(index, cache = { hits: new Map(), entries: 0, corpus, generation: corpus.generation })
  }
  return cache
}

/**
 * Gives `next` the words' hits kept for `old`: for an index whose offers keep their slots and whose search rows are
 * those `old` read (a change of codes, places or hours), each hit is the same. Scoring the broad words again after every
 * such change cost a few milliseconds a word on the event loop. Each set is a copy: facet counts are kept per set
 * (src/search/facets.ts), and the change may have moved them.
 */
export function carryTermHits (old: SearchIndex, next: SearchIndex): void {
  const cache = caches.get(old)
  if (cache !== undefined) caches.set(next, { ...cache, hits: new Map([...cache.hits].map(([key, hit]) => [key, { ...hit, bits: hit.bits.slice() }])) })
}

/** A word's scores over the index's offers: bm25 as FTS5 computes it (fts5_aux.c), from the word's rows and counts. */
function scored (index: SearchIndex, corpus: Corpus, term: string): TermHits {
  const { rows, counts } = wordRows(corpus, index.db, term)
  const toOrdinal = index.ordinalByRowid
  const idf = inverseFrequency(corpus.rows, rows.length)
  const averageLength = corpus.tokens / corpus.rows
  const bits = emptyBits(index.size)
  const dense = new Float32Array(index.size)
  for (let j = 0; j < rows.length; j++) {
    const rowid = rows[j]!
    const ordinal = rowid < toOrdinal.length ? toOrdinal[rowid]! : -1
    if (ordinal < 0) continue
    setBit(bits, ordinal)
    const f = counts[j]!
    dense[ordinal] = -idf * (f * (K1 + 1)) / (f + K1 * (1 - B + B * corpus.lengths[rowid]! / averageLength))
  }
  // The ordinals in order, from the set: written into their array directly (a list of 25,000 numbers first took longer).
  const ordinals = new Int32Array(count(bits))
  const scores = new Float32Array(ordinals.length)
  for (let w = 0, j = 0; w < bits.length; w++) {
    for (let x = bits[w]!; x !== 0; x &= x - 1, j++) {
      const o = (w << 5) + 31 - Math.clz32(x & -x)
      ordinals[j] = o
      scores[j] = dense[o]!
    }
  }
  // A broad word keeps the scores by ordinal too, looked up for thousands of candidates instead of a binary search each:
  // 400 text searches for broad words (with a postcode, or two words ranked) took 253 µs each against 1,241 µs with
  // these arrays set aside (in process at 50,000 offers, medians of six alternated rounds).
  return { bits, ordinals, scores, dense: ordinals.length * 32 > index.size ? dense : null }
}

/** bm25's constants in FTS5. */
const K1 = 1.2
const B = 0.75

/** FTS5's idf: a word in more than half the rows still counts a little. */
function inverseFrequency (rows: number, hits: number): number {
  const idf = Math.log((rows - hits + 0.5) / (hits + 0.5))
  return idf <= 0 ? 1e-6 : idf
}

/**
 * A row's count of a word (each occurrence counted with its column's weight), from the bm25 FTS5 gave the row for it
 * alone: bm25 is that count through a known function of the row's length and the table's sizes. The weights are whole
 * numbers, so the count is too, and rounding takes away the float's error.
 */
function countOf (bm25: number, idf: number, length: number, averageLength: number): number {
  const share = -bm25 / idf
  return Math.round(share * K1 * (1 - B + B * length / averageLength) / (K1 + 1 - share))
}

/**
 * The search table as bm25 sees it, per connection: its rows and tokens, each row's length (tokens over its columns,
 * -1 where no row is), and for each word looked up, the rows matching it with their counts. After a write of search
 * rows through the connection, only the rows written are read again (`followWrites`); after a write through another
 * connection (the import's worker thread, another process: PRAGMA data_version tells), everything is.
 */
type Corpus = {
  rows: number
  tokens: number
  lengths: Int32Array
  words: Map<string, WordRows>
  entries: number
  /** searchRowsVersion this state has followed to, and PRAGMA data_version when it did. */
  version: number
  dataVersion: number
  /** Counts the changes of this state, for what is kept from it (the scores of each index). */
  generation: number
}
/** The rows matching a word, in rowid order, with each row's count of it. */
type WordRows = { rows: Int32Array, counts: Int32Array }

const corpora = new WeakMap<Database, Corpus>()
type Database = SearchIndex['db']['$client']
/** Past this many rows written at once (an import), the corpus is read again rather than followed. */
const FOLLOWED_ROWS = 2000

function corpusOf (db: SearchIndex['db']): Corpus {
  const sqlite = db.$client
  const version = searchRowsVersion(db)
  let corpus = corpora.get(sqlite)
  const dataVersion = otherWrites(db)
  if (corpus !== undefined && corpus.dataVersion === dataVersion && corpus.version === version) return corpus
  const written = corpus === undefined || corpus.dataVersion !== dataVersion ? undefined : searchRowsSince(db, corpus.version)
  if (corpus === undefined || written === undefined || written.length > FOLLOWED_ROWS) {
    corpus = readCorpus(db, (corpus?.generation ?? 0) + 1)
    corpora.set(sqlite, corpus)
  } else {
    followWrites(db, corpus, written)
  }
  corpus.version = version
  corpus.dataVersion = dataVersion
  return corpus
}

// PRAGMA data_version as read in the current turn of the event loop, per connection (as the feed position is).
const turnDataVersions = new WeakMap<Database, number>()

/** A number that changes when another connection (the import's worker thread, another process) has written. */
function otherWrites (db: SearchIndex['db']): number {
  let version = turnDataVersions.get(db.$client)
  if (version === undefined) {
    turnDataVersions.set(db.$client, version = prepared(db, 'PRAGMA data_version').pluck().get() as number)
    setImmediate(() => turnDataVersions.delete(db.$client))
  }
  return version
}

/** Each row's length from FTS5's sizes table (`offer_search_docsize`: per row, a varint per column). */
function readCorpus (db: SearchIndex['db'], generation: number): Corpus {
  const corpus: Corpus = { rows: 0, tokens: 0, lengths: new Int32Array(0), words: new Map(), entries: 0, version: 0, dataVersion: 0, generation }
  setLengths(corpus, db.$client.prepare('SELECT id, sz FROM offer_search_docsize').raw().all() as Array<[number, Buffer]>)
  return corpus
}

function setLengths (corpus: Corpus, sizes: Array<[number, Buffer]>): void {
  let top = corpus.lengths.length - 1
  for (const [rowid] of sizes) top = Math.max(top, rowid)
  if (top >= corpus.lengths.length) {
    const grown = new Int32Array(Math.max(top + 1, corpus.lengths.length * 2)).fill(-1)
    grown.set(corpus.lengths)
    corpus.lengths = grown
  }
  for (const [rowid, size] of sizes) {
    let length = 0
    for (let i = 0, value = 0; i < size.length; i++) {
      value = value * 128 + (size[i]! & 0x7f)
      if ((size[i]! & 0x80) === 0) { length += value; value = 0 }
    }
    corpus.lengths[rowid] = length
    corpus.rows++
    corpus.tokens += length
  }
}

/** The rows matching a word with their counts: read from FTS5 once, then followed. */
function wordRows (corpus: Corpus, db: SearchIndex['db'], term: string): WordRows {
  const expression = matchExpression(term)
  let word = corpus.words.get(expression)
  if (word !== undefined) return word
  const matches = prepared(db, `SELECT rowid, bm25(offer_search, ${WEIGHTS}) FROM offer_search WHERE offer_search MATCH ?`).raw().all(expression)
  word = countsOf(matches as Array<[number, number]>, corpus.rows, corpus.tokens, corpus.lengths)
  if (corpus.entries + word.rows.length > CACHE_LIMITS.textEntries) { corpus.words.clear(); corpus.entries = 0 }
  corpus.words.set(expression, word)
  corpus.entries += word.rows.length
  return word
}

// One letter has no prefix index behind it and means little: it must match a whole word.
const matchExpression = (term: string) => (term.length === 1 ? `"${term}"` : `"${term}"*`)

/** Rows and counts from FTS5's (rowid, bm25) for one word, over a table of `rows` rows and `tokens` tokens. */
function countsOf (matches: Array<[number, number]>, rows: number, tokens: number, lengths: Int32Array): WordRows {
  matches.sort((a, b) => a[0] - b[0])
  const idf = inverseFrequency(rows, matches.length)
  const averageLength = tokens / rows
  const word = { rows: new Int32Array(matches.length), counts: new Int32Array(matches.length) }
  matches.forEach(([rowid, bm25], j) => {
    word.rows[j] = rowid
    word.counts[j] = countOf(bm25, idf, lengths[rowid]!, averageLength)
  })
  return word
}

/**
 * Brings the corpus past writes of these rows: what it knew of them goes, and they are read as they are now (a row
 * removed stays away). The rows are copied into a table of their own in the connection's temporary database, where
 * FTS5 tokenises them as in the real one, and each kept word is matched there: a few rows, not the whole table.
 */
function followWrites (db: SearchIndex['db'], corpus: Corpus, written: number[]): void {
  const sqlite = db.$client
  const rowids = [...new Set(written)]
  for (const rowid of rowids) {
    const length = rowid < corpus.lengths.length ? corpus.lengths[rowid]! : -1
    if (length < 0) continue
    corpus.lengths[rowid] = -1
    corpus.rows--
    corpus.tokens -= length
  }
  sqlite.prepare(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.offer_search_written USING fts5(offer_id UNINDEXED, name, labels, organisation,
    description, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4')`).run()
  try {
    sqlite.prepare(`INSERT INTO temp.offer_search_written (rowid, offer_id, name, labels, organisation, description)
      SELECT rowid, offer_id, name, labels, organisation, description FROM main.offer_search WHERE rowid IN (SELECT value FROM json_each(?))`).run(JSON.stringify(rowids))
    const sizes = sqlite.prepare('SELECT id, sz FROM temp.offer_search_written_docsize').raw().all() as Array<[number, Buffer]>
    setLengths(corpus, sizes)
    let rows = 0
    let tokens = 0
    for (const [rowid] of sizes) { rows++; tokens += corpus.lengths[rowid]! }
    const match = sqlite.prepare(`SELECT rowid, bm25(offer_search_written, ${WEIGHTS}) FROM temp.offer_search_written WHERE offer_search_written MATCH ?`).raw()
    const gone = Int32Array.from(rowids).sort()
    for (const [expression, word] of corpus.words) {
      const now = countsOf(rows === 0 ? [] : match.all(expression) as Array<[number, number]>, rows, tokens, corpus.lengths)
      const next = merged(word, gone, now)
      corpus.entries += next.rows.length - word.rows.length
      corpus.words.set(expression, next)
    }
  } finally {
    // The copies go at once (with the connection's secure_delete, their pages are zeroed): an erased text stays nowhere.
    sqlite.prepare('DROP TABLE temp.offer_search_written').run()
  }
  corpus.generation++
}

/**
 * A word's rows without those in `gone`, and with those in `now` (all in rowid order); the same when neither is in it.
 * A new row has the largest rowid, but a row written in a transaction that was rolled back comes back as it was, in
 * its place among the others.
 */
function merged (word: WordRows, gone: Int32Array, now: WordRows): WordRows {
  // The rows to drop (those of `gone` the word has) and to add, each list closed by a rowid above every row.
  const drop = Int32Array.from([...gone.filter((rowid) => word.rows[binarySearch(word.rows, rowid)] === rowid), LAST])
  if (drop.length === 1 && now.rows.length === 0) return word
  const add = Int32Array.from([...now.rows, LAST])
  const out = { rows: new Int32Array(word.rows.length + now.rows.length), counts: new Int32Array(word.rows.length + now.rows.length) }
  let n = 0
  let d = 0
  let a = 0
  for (let j = 0; j < word.rows.length; j++) {
    const rowid = word.rows[j]!
    for (; add[a]! < rowid; a++, n++) { out.rows[n] = add[a]!; out.counts[n] = now.counts[a]! }
    if (drop[d] === rowid) { d++; continue }
    out.rows[n] = rowid
    out.counts[n++] = word.counts[j]!
  }
  for (; a < now.rows.length; a++, n++) { out.rows[n] = add[a]!; out.counts[n] = now.counts[a]! }
  return { rows: out.rows.subarray(0, n), counts: out.counts.subarray(0, n) }
}

const LAST = 2 ** 31 - 1
