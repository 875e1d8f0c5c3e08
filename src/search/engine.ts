// The search itself: a plain function from a resolved query to a page of offers, their total and facet counts.
// HTTP parsing lives elsewhere (src/search/params.ts), so other facades (HSDS) call this with their own parameters.
import type { LocalMoment } from '../hours/brussels-time.js'
import { isPublicHoliday } from '../hours/holidays.js'
import { openAt } from '../hours/schedule.js'
import type { ContentLang } from '../text/schemas.js'
import { andCount, andInto, type Bits, binarySearch, count, countBoth, emptyBits, hasBit, members, orInto, setBit, slice } from './bitset.js'
import { type FacetCounts, type FacetDimension, type FacetFilter, countFacets } from './facets.js'
import { centre as makeCentre, type Centre, kmFromA } from './geo.js'
import { CACHE_LIMITS, type SearchIndex } from './index.js'
import { perIndex } from './per-index.js'
import { bound } from './reference.js'
import { termHits, type TextQuery } from './text.js'

export type SortKey = 'relevance' | 'distance' | 'name' | 'updated'
export type MonthRangeQuery = { from: number | null, to: number | null }

/** A search with every code already checked against the reference (see resolveOfferQuery); each field is one AND-ed filter. */
export type OfferQuery = {
  text?: TextQuery | undefined
  /** Region codes of any level (current codes): offers serving any part of any of them, plus remote-only offers. */
  regions?: string[] | undefined
  /** Postcodes: the municipality and eerstelijnszone of each, as a region. */
  postcodes?: string[] | undefined
  /** Where distances are measured from; with `radiusKm`, only offers with a location that close. */
  centre?: { latitude: number, longitude: number } | undefined
  radiusKm?: number | undefined
  phases?: string[] | undefined
  /** Month ranges relative to birth (null = open), any of which the offer's range must overlap; a point is {from: x, to: x}. */
  months?: MonthRangeQuery[] | undefined
  careTypes?: string[] | undefined
  roles?: string[] | undefined
  targetGroups?: string[] | undefined
  languages?: string[] | undefined
  modes?: string[] | undefined
  costs?: string[] | undefined
  referrals?: string[] | undefined
  crisis?: boolean | undefined
  babyWelcome?: boolean | undefined
  /** Only offers that take new families (yes, or a waiting list). */
  acceptingNew?: boolean | undefined
  /** Access codes (ACCESS_CODES), all of which must hold. */
  access?: string[] | undefined
  /** Only offers open at this Brussels moment (unknown hours do not count as open). */
  openAt?: LocalMoment | undefined
  organisationIds?: string[] | undefined
  /** Needs read from the one box: each keeps offers with any of its codes ('care_type:x', 'role:x', 'target_group:x') or any of its phrases in their text. */
  needs?: NeedQuery[] | undefined
  /** Only the lines that serve everyone: remote-only offers and national reference entries. */
  nationalLines?: boolean | undefined
  /** Only offers updated on or after this instant (ISO 8601). */
  modifiedAfter?: string | undefined
  sort?: SortKey | undefined
  lang?: ContentLang | undefined
  offset: number
  limit: number
  facets?: boolean | undefined
}

/** A phrase is its words (each matched as a prefix, all of them); words under four letters match through the codes only. */
export type NeedQuery = { codes: string[], words: string[][] }

export type SearchHit = {
  ordinal: number
  id: string
  /** Undefined without a centre; null for an offer without a located place. */
  distanceKm?: number | null
}

export type SearchResult = { total: number, hits: SearchHit[], facets?: FacetCounts }

export function searchOffers (index: SearchIndex, query: OfferQuery): SearchResult {
  const point = query.centre ? makeCentre(query.centre.latitude, query.centre.longitude) : undefined
  const near = point !== undefined && query.radiusKm !== undefined ? withinRadius(index, point, query.radiusKm) : undefined
  const { filters, place } = buildFilters(index, query)
  // The radius's set is this search's own.
  if (near !== undefined) filters.push({ dimension: null, bits: near.bits, shared: false })
  // The filters' sets are shared (memoised): combine them in the index's own working set.
  const candidates = workingSet(index)
  candidates.set(filters.length === 0 ? index.all : filters[0]!.bits)
  for (let f = 1; f < filters.length - 1; f++) andInto(candidates, filters[f]!.bits)
  // The last one counts as it goes.
  const total = filters.length < 2 ? count(candidates) : andCount(candidates, filters[filters.length - 1]!.bits)
  // A scanned radius holds the distance of each of its offers; otherwise (no radius, or a kept one) it is measured for the page (or the sort).
  const radiusA = near?.a
  const distanceA = radiusA !== undefined ? (o: number) => radiusA[o]! : point !== undefined ? (o: number) => index.geo.nearestA(point, o) : undefined
  const ordinals = pageOf(index, query, candidates, total, distanceA, near, place)
  const hits = ordinals.map((ordinal): SearchHit => {
    const hit: SearchHit = { ordinal, id: index.ids[ordinal]! }
    if (distanceA !== undefined) {
      const a = distanceA(ordinal)
      hit.distanceKm = a === Infinity ? null : Math.round(kmFromA(a) * 10) / 10
    }
    return hit
  })
  const result: SearchResult = { total, hits }
  if (query.facets) result.facets = countFacets(index, filters, total, selectedValues(query))
  return result
}

/**
 * Each filter's set, shared with other searches (memoised, or kept by the index or its word cache), and the set of the
 * place filter (a region or postcode), whose members are walked most local first.
 */
function buildFilters (index: SearchIndex, q: OfferQuery): { filters: FacetFilter[], place: Bits | undefined } {
  const filters: FacetFilter[] = []
  let place: Bits | undefined
  const add = (dimension: FacetDimension | null, bits: Bits) => { filters.push({ dimension, bits, shared: true }) }
  const anyOf = (prefix: string, codes: string[] | undefined, dimension: FacetDimension | null = null) => {
    if (codes !== undefined) add(dimension, memo(index, `${prefix}:${codes.join(',')}`, () => unionOf(index, codes.map((c) => index.valueBits.get(`${prefix}:${c}`)))))
  }
  const text = q.text
  if (text !== undefined && text.any === true && text.rank !== true) {
    add(null, memo(index, `any:${text.terms.join(' ')}`, () => unionOf(index, text.terms.map((t) => termHits(index, t).bits))))
  } else if (text !== undefined && text.rank !== true) for (const term of text.terms) add(null, termHits(index, term).bits)
  for (const need of q.needs ?? []) add(null, memo(index, needKey(need), () => needBits(index, need)))
  if (q.nationalLines) add(null, memo(index, 'national', () => unionOf(index, [index.remoteOnly, index.valueBits.get('reference')!])))
  if (q.regions !== undefined) {
    const regions = q.regions
    add(null, place = memo(index, `region:${regions.join(',')}`, () => withRemote(index, regions.flatMap((r) => index.ref.regionCells.get(r) ?? []))))
  }
  if (q.postcodes !== undefined) {
    const postcodes = q.postcodes
    const bits = memo(index, `postcode:${postcodes.join(',')}`, () => withRemote(index, postcodes.flatMap((p) => index.ref.postcodes.get(p)?.cells ?? [])))
    add(null, bits)
    place ??= bits
  }
  if (q.phases !== undefined) {
    const phases = q.phases
    add('phase', memo(index, `phase:${phases.join(',')}`, () => unionOf(index, phases.map((p) => index.phaseBits.get(p)))))
  }
  if (q.months !== undefined) {
    const ranges = q.months
    add('phase', memo(index, `months:${JSON.stringify(ranges)}`, () => unionOf(index, ranges.map((r) => index.monthBits(bound(r.from, -Infinity), bound(r.to, Infinity))))))
  }
  anyOf('care_type', q.careTypes, 'care_type')
  anyOf('role', q.roles, 'role')
  anyOf('target_group', q.targetGroups)
  anyOf('language', q.languages, 'language')
  anyOf('mode', q.modes, 'mode')
  anyOf('cost', q.costs, 'cost')
  anyOf('referral', q.referrals, 'referral')
  // The index makes these sets (and the reference entries') even when no offer has the property.
  if (q.crisis) add('crisis', index.valueBits.get('crisis')!)
  if (q.babyWelcome) add(null, index.valueBits.get('baby_welcome')!)
  if (q.acceptingNew) add(null, index.valueBits.get('accepting_new')!)
  for (const code of q.access ?? []) add(null, index.valueBits.get(`access:${code}`)!)
  if (q.openAt !== undefined) {
    const moment = q.openAt
    add(null, memo(index, `open:${moment.date}T${moment.minutes}`, () => {
      const bits = emptyBits(index.size)
      index.schedules.forEach((s, i) => { if (s !== null && openAt(s, moment, isPublicHoliday) === true) setBit(bits, i) })
      return bits
    }))
  }
  if (q.organisationIds !== undefined) {
    const ids = q.organisationIds
    add(null, memo(index, `organisation:${ids.join(',')}`, () => unionOf(index, ids.map((id) => {
      const entry = index.organisationById.get(id)
      return entry ? index.organisationBits(entry) : undefined
    }))))
  }
  if (q.modifiedAfter !== undefined) {
    const after = Date.parse(q.modifiedAfter)
    add(null, memo(index, `modified:${after}`, () => {
      const bits = emptyBits(index.size)
      for (let i = 0; i < index.size; i++) if (index.updatedMs[i]! >= after) bits[i >>> 5]! |= 1 << (i & 31)
      return bits
    }))
  }
  return { filters, place }
}

/** A need's memo key, made once per need (its codes and words are the lexicon's own, read by question after question). */
function needKey (need: NeedQuery): string {
  let byWords = needKeys.get(need.codes)
  if (byWords === undefined) needKeys.set(need.codes, byWords = new WeakMap())
  let key = byWords.get(need.words)
  if (key === undefined) byWords.set(need.words, key = `need:${JSON.stringify(need)}`)
  return key
}

const needKeys = new WeakMap<string[], WeakMap<string[][], string>>()

function needBits (index: SearchIndex, need: NeedQuery): Bits {
  const out = unionOf(index, need.codes.map((c) => index.valueBits.get(c)))
  for (const phrase of need.words) {
    const words = phrase.filter((w) => w.length >= 4)
    if (words.length === 0) continue
    const hits = emptyBits(index.size)
    // A need's own words as they are: a shorter retry would find other words.
    hits.set(termHits(index, words[0]!, false).bits)
    for (const w of words.slice(1)) andInto(hits, termHits(index, w, false).bits)
    orInto(out, hits)
  }
  return out
}

function memo (index: SearchIndex, key: string, make: () => Bits): Bits {
  let bits = index.memo.get(key)
  if (bits === undefined) {
    if (index.memo.size >= CACHE_LIMITS.derivedSets) index.memo.clear()
    index.memo.set(key, bits = make())
  }
  return bits
}

function unionOf (index: SearchIndex, sets: Array<Bits | undefined>): Bits {
  const out = emptyBits(index.size)
  for (const s of sets) if (s !== undefined) orInto(out, s)
  return out
}

function withRemote (index: SearchIndex, cells: number[]): Bits {
  return unionOf(index, [index.remoteOnly, ...cells.map((c) => index.cellBits[c])])
}

/**
 * Offers with a location in the radius, and the `a` of their nearest one there, in an array of the index that is
 * meaningful for those offers only (every read of it is for a candidate of the search, and candidates are in the radius).
 * A centre and radius asked for a second time (a postcode's centre, most often) are kept, with their offers in order
 * of distance: a search for them again skips the scan, and one sorted by distance walks that order. Such a search
 * measures the distances of its page only: an offer's nearest location is in the radius when any of its locations is.
 */
function withinRadius (index: SearchIndex, point: Centre, radiusKm: number): Radius {
  const kept = keptRadii(index)
  const key = `${point.latitude},${point.longitude},${radiusKm}`
  const known = kept.searches.get(key)
  if (known) return { bits: known.bits, a: undefined, byDistance: known.ordinals }
  const a = nearest(index)
  const bits = emptyBits(index.size)
  index.geo.within(point, radiusKm, bits, a)
  if (kept.searches.size >= CACHE_LIMITS.derivedSets || kept.entries >= CACHE_LIMITS.radiusEntries) {
    kept.searches.clear()
    kept.entries = 0
  }
  // Seen once: noted only, so that a centre never asked for again costs nothing more.
  if (known === undefined) {
    kept.searches.set(key, null)
    return { bits, a, byDistance: undefined }
  }
  const ordinals = Int32Array.from(members(bits)).sort((x, y) => a[x]! - a[y]! || x - y)
  kept.searches.set(key, { bits, ordinals })
  kept.entries += ordinals.length
  return { bits, a, byDistance: ordinals }
}

/** A radius's offers, with their distances (`a`, by ordinal) or in order of distance, or both. */
type Radius = { bits: Bits, a: Float64Array, byDistance: Int32Array | undefined } | { bits: Bits, a: undefined, byDistance: Int32Array }
type KeptRadius = { bits: Bits, ordinals: Int32Array }
const keptRadii = perIndex(() => ({ searches: new Map<string, KeptRadius | null>(), entries: 0 }))

const nearest = perIndex((index) => new Float64Array(index.size))

/** The ordinals of the requested page, in the requested order. */
function pageOf (index: SearchIndex, q: OfferQuery, candidates: Bits, total: number, distanceA: ((o: number) => number) | undefined,
  radius: Radius | undefined, place: Bits | undefined): number[] {
  const k = q.offset + q.limit
  if (q.offset >= total) return []
  const sort = q.sort ?? 'relevance'
  // Within a radius the distances are known already: in order, for a kept radius, else in an array by ordinal.
  if (sort === 'distance' && radius?.byDistance !== undefined) return walk(radius.byDistance, candidates, q.offset, q.limit)
  if (sort === 'distance' && radius?.a !== undefined) return topK(candidates, k, radius.a, null, false).slice(q.offset)
  if (sort === 'distance' && distanceA !== undefined) {
    const a = scratch(index)
    for (let w = 0; w < candidates.length; w++) {
      for (let x = candidates[w]!; x !== 0; x &= x - 1) { const o = (w << 5) + 31 - Math.clz32(x & -x); a[o] = distanceA(o) }
    }
    return topK(candidates, k, a, null, true).slice(q.offset)
  }
  if (sort === 'relevance' && q.text !== undefined && q.text.terms.length + (q.text.boost?.length ?? 0) > 0) {
    // One broad word (the common search) has its scores by ordinal already: no sums to make.
    const dense = q.text.terms.length === 1 && q.text.rank !== true ? termHits(index, q.text.terms[0]!).dense : null
    if (dense !== null) return topK(candidates, k, dense, index.breadth, false).slice(q.offset)
    // Words that only rank (the one box's), in a place: those matching the leftover word first, then the most local,
    // then by the words' score. Walk the place's offers most local first, to the end of the locality of the k-th
    // candidate, and score only those.
    if (q.text.rank === true && q.text.terms.length <= 1 && place !== undefined) {
      const ranked = localRanked(index, q.text, localOrder(index, place), candidates, total, k)
      if (ranked !== undefined) return ranked.slice(q.offset)
    }
    return topK(candidates, k, scores(index, q.text, candidates, place !== undefined), index.breadth, true).slice(q.offset)
  }
  if (sort === 'relevance' && (place !== undefined || distanceA !== undefined)) {
    // The most local first. Local offers of other places crowd the start of a global breadth order, so walk the place's
    // own members in that order, or select among the candidates.
    if (place !== undefined) {
      const { order } = localOrder(index, place)
      // Selecting counts the candidates of a few locality classes first: passes over the whole set.
      if (walkPays(k, order.length, total, 4 * candidates.length)) return walk(order, candidates, q.offset, q.limit)
    }
    return mostLocal(index, candidates, k).slice(q.offset)
  }
  const key = sort === 'updated' ? 'updated' : `name:${q.lang ?? 'nl'}` as const
  // Ordinals are in Dutch name order already.
  if (key === 'name:nl') return slice(candidates, q.offset, q.limit)
  const { order, rank } = index.sortOrder(key)
  if (walkPays(k, order.length, total)) return walk(order, candidates, q.offset, q.limit)
  return topK(candidates, k, rank, null, false).slice(q.offset)
}

/**
 * Walking an order of n offers to the k-th of `total` candidates tests about k·n/total offers; selecting among the
 * candidates costs about total·log2(k), plus what it costs to find them (`finding`, in offers tested).
 */
const walkPays = (k: number, n: number, total: number, finding = 0) => k * n / total < finding + 4 * total * Math.log2(k + 1)

/** The candidates in a precomputed order, from the `offset`-th, at most `limit`. */
function walk (order: Int32Array, candidates: Bits, offset: number, limit: number): number[] {
  const out: number[] = []
  let seen = 0
  for (let p = 0; p < order.length && out.length < limit; p++) {
    const o = order[p]!
    if (hasBit(candidates, o) && seen++ >= offset) out.push(o)
  }
  return out
}

/**
 * The k best candidates for words that only rank, at most one of them counted as matched (the leftover word), in a
 * place's order: those matching it first, each group most local first, then by score; undefined when walking does not pay.
 */
function localRanked (index: SearchIndex, text: TextQuery, local: LocalOrder, candidates: Bits, total: number, k: number): number[] | undefined {
  // Words only rank in the one box, which always gives the needs' words (possibly none).
  const boost = text.boost!
  const finding = 4 * candidates.length
  const { order } = local
  if (text.terms.length === 0) return walkPays(k, order.length, total, finding) ? localThenScored(index, boost, local, candidates, k) : undefined
  const matched = matchedSet(index)
  matched.set(candidates)
  const m = andCount(matched, termHits(index, text.terms[0]!).bits)
  const first = Math.min(k, m)
  if ((first > 0 && !walkPays(first, order.length, m, finding)) || (first < k && !walkPays(k - first, order.length, total - m, finding))) return undefined
  // why: one arm each is taken only in a place large enough that walking it pays while the first word matches none of
  // its offers, or matches enough to fill the page alone; the sample's places are too small for either.
  /* c8 ignore next 2 */
  const best = first === 0 ? [] : localThenScored(index, [text.terms[0]!, ...boost], local, matched, first)
  if (best.length >= k) return best
  // The candidates not matching it, in the same set.
  const rest = matched
  for (let w = 0; w < rest.length; w++) rest[w] = candidates[w]! & ~matched[w]!
  return best.concat(localThenScored(index, boost, local, rest, k - best.length))
}

/** The candidates matching a word, then those that do not: a set of the index's own, as the working set. */
const matchedSet = perIndex((index) => emptyBits(index.size))

/** The k most local candidates in a place's order (most local first), then by the sum of the words' scores, then by ordinal. */
function localThenScored (index: SearchIndex, words: string[], { order, groupEnds }: LocalOrder, candidates: Bits, k: number): number[] {
  // Each offer found with its run of one breadth in the order (its locality), to the end of the k-th's run.
  const found: number[] = []
  const groups: number[] = []
  let end = order.length
  for (let p = 0, group = 0; p < end; p++) {
    const o = order[p]!
    if (!hasBit(candidates, o)) continue
    while (groupEnds[group]! <= p) group++
    found.push(o)
    groups.push(group)
    if (found.length === k) end = groupEnds[group]!
  }
  // The summed scores side by side with them, and the k best kept in order as they come (found is in breadth, then
  // ordinal order, so a later tie is worse). A Map of scores and a sort of every offer found (hundreds for a
  // municipality's own) were most of this function, itself about a tenth of a one-box typo's server CPU; comparing by
  // breadths and scores read by ordinal (across the whole index) most of the rest.
  const scores = new Float64Array(found.length)
  for (const word of words) {
    const hits = termHits(index, word)
    for (let j = 0; j < found.length; j++) {
      const o = found[j]!
      if (hasBit(hits.bits, o)) scores[j]! += hits.dense === null ? hits.scores[binarySearch(hits.ordinals, o)]! : hits.dense[o]!
    }
  }
  const best: number[] = []
  for (let j = 0; j < found.length; j++) {
    let at = best.length
    while (at > 0 && groups[best[at - 1]!] === groups[j] && scores[best[at - 1]!]! > scores[j]!) at--
    if (at < k) {
      best.splice(at, 0, j)
      if (best.length > k) best.pop()
    }
  }
  return best.map((j) => found[j]!)
}

/**
 * The k candidates that serve the fewest cells, then by ordinal. Only the smallest locality class holding k candidates
 * can contain them, so the selection runs over that class's candidates (a few hundred), not over all of them.
 */
function mostLocal (index: SearchIndex, candidates: Bits, k: number): number[] {
  const classes = localityClasses(index)
  const within = classes.find((c, j) => j === classes.length - 1 || countBoth(candidates, c) >= k)!
  return topK(candidates, k, index.breadth, null, false, within)
}

/**
 * The members of a place's set (a region or postcode filter, memoised) from the most local to the broadest: by breadth,
 * then ordinal, as mostLocal selects. A counting sort over the members in ordinal order keeps that tie order.
 * `groupEnds`: where each run of one breadth ends in the order, so that a walk knows the breadth of what it finds by its
 * position, without reading the index's breadths (a read by ordinal across the whole index for each offer found).
 */
type LocalOrder = { order: Int32Array, groupEnds: Int32Array }

function localOrder (index: SearchIndex, place: Bits): LocalOrder {
  const kept = localOrders(index)
  let local = kept.orders.get(place)
  if (local === undefined) {
    if (kept.entries >= CACHE_LIMITS.localOrderEntriesPerOffer * index.size) {
      kept.orders = new WeakMap()
      kept.entries = 0
    }
    const placed = members(place)
    const starts = new Int32Array(index.ref.cellCount + 3)
    for (const o of placed) starts[index.breadth[o]! + 1]!++
    const groupEnds: number[] = []
    for (let b = 1; b < starts.length; b++) {
      if (starts[b] !== 0) groupEnds.push(starts[b]! + starts[b - 1]!)
      starts[b]! += starts[b - 1]!
    }
    const order = new Int32Array(placed.length)
    for (const o of placed) order[starts[index.breadth[o]!]!++] = o
    kept.orders.set(place, local = { order, groupEnds: Int32Array.from(groupEnds) })
    kept.entries += order.length
  }
  return local
}

/** Keyed by the memoised set itself: a set dropped from the memo takes its order with it. */
const localOrders = perIndex(() => ({ orders: new WeakMap<Bits, LocalOrder>(), entries: 0 }))

/** The kept orders of sets of `from`, for their copies in `to`, an index whose offers kept their ordinals and breadths. */
export function carryLocalOrders (from: SearchIndex, to: SearchIndex, sets: Array<[Bits, Bits]>): void {
  const kept = localOrders(from)
  const carried = localOrders(to)
  for (const [set, copy] of sets) {
    const local = kept.orders.get(set)
    if (local === undefined) continue
    carried.orders.set(copy, local)
    carried.entries += local.order.length
  }
}

/** Class c: the offers serving at most 2^c cells; the last class holds every offer (remote-only ones serve more than all). */
const localityClasses = perIndex((index) => {
  const classes: Bits[] = []
  for (let most = 1; ; most *= 2) {
    const bits = emptyBits(index.size)
    for (let i = 0; i < index.size; i++) if (index.breadth[i]! <= most) setBit(bits, i)
    classes.push(bits)
    if (most > index.ref.cellCount) break
  }
  return classes
})

/** Weight of one matched word when not every word must match: a match of more words always ranks first. */
const MATCHED_WORD = -1e9
/** Weight of a cell an offer serves, with a place: the most local first, whatever the words' scores (far below this). */
const CELL = 1e4

/**
 * Sum of the terms' bm25 of each candidate, in the index's scratch array (lower sorts first). When not every word must
 * match, an offer matching more words ranks first; with a place, then the most local, then by bm25 (boost words' too).
 */
function scores (index: SearchIndex, text: TextQuery, candidates: Bits, place = false): Float64Array {
  const sums = scratch(index)
  const every = text.any !== true && text.rank !== true
  if (!every && place) {
    for (let w = 0; w < candidates.length; w++) {
      for (let x = candidates[w]!; x !== 0; x &= x - 1) { const o = (w << 5) + 31 - Math.clz32(x & -x); sums[o] = index.breadth[o]! * CELL }
    }
  }
  const boost = text.boost ?? []
  for (let j = 0; j < text.terms.length + boost.length; j++) {
    const counted = j < text.terms.length
    const hits = termHits(index, counted ? text.terms[j]! : boost[j - text.terms.length]!)
    const matched = counted && !every ? MATCHED_WORD : 0
    // With every word required, every candidate matches every term: read its score from the dense array of a broad
    // term, or find it among a rare term's hits. Otherwise only the candidates in the term's hits.
    for (let w = 0; w < candidates.length; w++) {
      for (let x = every ? candidates[w]! : candidates[w]! & hits.bits[w]!; x !== 0; x &= x - 1) {
        const o = (w << 5) + 31 - Math.clz32(x & -x)
        sums[o]! += matched + (hits.dense === null ? hits.scores[binarySearch(hits.ordinals, o)]! : hits.dense[o]!)
      }
    }
  }
  return sums
}

/** The set a search narrows down, one per index (searches run one at a time). */
const workingSet = perIndex((index) => emptyBits(index.size))

/** An array over the offers for per-search keys (scores, distances); topK zeroes what it used. */
const scratch = perIndex((index) => new Float64Array(index.size))

/**
 * The k best candidates by key (ascending), then by tie (ascending), then by ordinal: a bounded max-heap over the
 * candidates in ordinal order, so a newcomer replaces the worst kept one only when it is strictly better.
 * With `zero`, the key array is a scratch array: its entries for the candidates are set back to 0. With `mask`, only
 * the candidates in it are considered.
 */
function topK (candidates: Bits, k: number, key: Float64Array | Float32Array | Int32Array, tie: Float64Array | null, zero: boolean,
  mask: Bits | null = null): number[] {
  const heap = new Int32Array(k)
  let size = 0
  const worse = (a: number, b: number) => {
    const ka = key[a]!
    const kb = key[b]!
    if (ka !== kb) return ka > kb
    if (tie !== null && tie[a] !== tie[b]) return tie[a]! > tie[b]!
    return a > b
  }
  for (let w = 0; w < candidates.length; w++) {
    for (let x = mask === null ? candidates[w]! : candidates[w]! & mask[w]!; x !== 0; x &= x - 1) {
      const o = (w << 5) + 31 - Math.clz32(x & -x)
      if (size < k) {
        let i = size++
        heap[i] = o
        while (i > 0) {
          const parent = (i - 1) >> 1
          if (!worse(heap[i]!, heap[parent]!)) break
          const t = heap[i]!; heap[i] = heap[parent]!; heap[parent] = t
          i = parent
        }
      } else if (key[o]! < key[heap[0]!]! || (key[o] === key[heap[0]!] && tie !== null && tie[o]! < tie[heap[0]!]!)) {
        // Better than the worst kept (an equal one comes later in ordinal order, so it is not better).
        heap[0] = o
        for (let i = 0; ;) {
          const l = 2 * i + 1
          let top = i
          if (l < size && worse(heap[l]!, heap[top]!)) top = l
          if (l + 1 < size && worse(heap[l + 1]!, heap[top]!)) top = l + 1
          if (top === i) break
          const t = heap[i]!; heap[i] = heap[top]!; heap[top] = t
          i = top
        }
      }
    }
  }
  // The kept ones in order: an insertion sort, as a comparator-driven Array.sort costs about 10 µs even for 20.
  const best: number[] = []
  for (let j = 0; j < size; j++) {
    const o = heap[j]!
    let at = best.length
    best.push(o)
    for (; at > 0 && worse(best[at - 1]!, o); at--) best[at] = best[at - 1]!
    best[at] = o
  }
  if (zero) {
    for (let w = 0; w < candidates.length; w++) {
      for (let x = candidates[w]!; x !== 0; x &= x - 1) key[(w << 5) + 31 - Math.clz32(x & -x)] = 0
    }
  }
  return best
}

function selectedValues (q: OfferQuery): Partial<Record<FacetDimension, string[]>> {
  return { phase: q.phases, care_type: q.careTypes, language: q.languages, mode: q.modes, cost: q.costs, role: q.roles, referral: q.referrals, crisis: q.crisis ? ['true'] : undefined }
}
