// The search itself: a plain function from a resolved query to a page of offers, their total and facet counts.
// HTTP parsing lives elsewhere (src/offers/search-params.ts), so other facades (HSDS) call this with their own parameters.
import type { ContentLang } from '../text/schemas.js'
import { andInto, type Bits, count, emptyBits, fullBits, hasBit, members, orInto, slice } from './bitset.js'
import { type FacetCounts, type FacetDimension, countFacets } from './facets.js'
import { centre as makeCentre, type Centre, kmFromA } from './geo.js'
import { CACHE_LIMITS, type SearchIndex } from './index.js'
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
  organisationIds?: string[] | undefined
  /** Only offers updated after this instant (ISO 8601). */
  modifiedAfter?: string | undefined
  sort?: SortKey | undefined
  lang?: ContentLang | undefined
  offset: number
  limit: number
  facets?: boolean | undefined
}

export type SearchHit = {
  ordinal: number
  id: string
  /** Undefined without a centre; null for an offer without a located place. */
  distanceKm?: number | null
}

export type SearchResult = { total: number, hits: SearchHit[], facets?: FacetCounts }

type Filter = { dimension: FacetDimension | null, bits: Bits }

export function searchOffers (index: SearchIndex, query: OfferQuery): SearchResult {
  const filters = buildFilters(index, query)
  const candidates = fullBits(index.size)
  for (const f of filters) andInto(candidates, f.bits)
  const total = count(candidates)
  const point = query.centre ? makeCentre(query.centre.latitude, query.centre.longitude) : undefined
  const ordinals = pageOf(index, query, candidates, total, point)
  const hits = ordinals.map((ordinal): SearchHit => {
    const hit: SearchHit = { ordinal, id: index.ids[ordinal]! }
    if (point) {
      const a = index.geo.nearestA(point, ordinal)
      hit.distanceKm = a === Infinity ? null : Math.round(kmFromA(a) * 10) / 10
    }
    return hit
  })
  const result: SearchResult = { total, hits }
  if (query.facets) result.facets = countFacets(index, filters, selectedValues(query))
  return result
}

function buildFilters (index: SearchIndex, q: OfferQuery): Filter[] {
  const filters: Filter[] = []
  const add = (dimension: FacetDimension | null, bits: Bits) => { filters.push({ dimension, bits }) }
  const anyOf = (prefix: string, codes: string[] | undefined, dimension: FacetDimension | null = null) => {
    if (codes !== undefined) add(dimension, memo(index, `${prefix}:${codes.join(',')}`, () => unionOf(index, codes.map((c) => index.valueBits.get(`${prefix}:${c}`)))))
  }
  for (const term of q.text?.terms ?? []) add(null, termHits(index, term).bits)
  if (q.regions !== undefined) {
    const regions = q.regions
    add(null, memo(index, `region:${regions.join(',')}`, () => withRemote(index, regions.flatMap((r) => index.ref.regionCells.get(r) ?? []))))
  }
  if (q.postcodes !== undefined) {
    const postcodes = q.postcodes
    add(null, memo(index, `postcode:${postcodes.join(',')}`, () => withRemote(index, postcodes.flatMap((p) => index.ref.postcodes.get(p)?.cells ?? []))))
  }
  if (q.centre !== undefined && q.radiusKm !== undefined) add(null, withinRadius(index, makeCentre(q.centre.latitude, q.centre.longitude), q.radiusKm))
  if (q.phases !== undefined) add('phase', unionOf(index, q.phases.map((p) => index.phaseBits.get(p))))
  if (q.months !== undefined) {
    const ranges = q.months
    add('phase', memo(index, `months:${JSON.stringify(ranges)}`, () => unionOf(index, ranges.map((r) => index.monthBits(bound(r.from, -Infinity), bound(r.to, Infinity))))))
  }
  anyOf('care_type', q.careTypes, 'care_type')
  anyOf('role', q.roles)
  anyOf('target_group', q.targetGroups)
  anyOf('language', q.languages, 'language')
  anyOf('mode', q.modes, 'mode')
  anyOf('cost', q.costs, 'cost')
  anyOf('referral', q.referrals)
  if (q.crisis) add(null, index.valueBits.get('crisis') ?? emptyBits(index.size))
  if (q.babyWelcome) add(null, index.valueBits.get('baby_welcome') ?? emptyBits(index.size))
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
      for (let i = 0; i < index.size; i++) if (index.updatedMs[i]! > after) bits[i >>> 5]! |= 1 << (i & 31)
      return bits
    }))
  }
  return filters
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

function withinRadius (index: SearchIndex, point: Centre, radiusKm: number): Bits {
  const bits = emptyBits(index.size)
  index.geo.within(point, radiusKm, (ordinal) => { bits[ordinal >>> 5]! |= 1 << (ordinal & 31) })
  return bits
}

/** The ordinals of the requested page, in the requested order. */
function pageOf (index: SearchIndex, q: OfferQuery, candidates: Bits, total: number, point: Centre | undefined): number[] {
  const k = q.offset + q.limit
  if (q.offset >= total) return []
  const sort = q.sort ?? 'relevance'
  if (sort === 'distance' && point) {
    const list = members(candidates)
    const a = Float64Array.from(list, (o) => index.geo.nearestA(point, o))
    return topK(list, a, null, k).slice(q.offset)
  }
  if (sort === 'relevance' && q.text !== undefined && q.text.terms.length > 0) {
    const list = members(candidates)
    const score = scores(index, q.text, candidates, list, total)
    return topK(list, score, index.breadth, k).slice(q.offset)
  }
  const located = q.regions !== undefined || q.postcodes !== undefined || point !== undefined
  const key = sort === 'updated' ? 'updated' : sort === 'relevance' && located ? 'breadth' : `name:${q.lang ?? 'nl'}` as const
  // Ordinals are in Dutch name order already.
  if (key === 'name:nl') return slice(candidates, q.offset, q.limit)
  const { order, rank } = index.sortOrder(key)
  const out: number[] = []
  if (total * 16 >= index.size) {
    // Many candidates: walk the precomputed order; the page fills quickly.
    let seen = 0
    for (let p = 0; p < order.length && out.length < q.limit; p++) {
      const o = order[p]!
      if (hasBit(candidates, o) && seen++ >= q.offset) out.push(o)
    }
    return out
  }
  const list = members(candidates)
  return list.sort((x, y) => rank[x]! - rank[y]!).slice(q.offset, k)
}

/** Negated sum of the terms' bm25 scores per candidate (lower sorts first). */
function scores (index: SearchIndex, text: TextQuery, candidates: Bits, list: number[], total: number): Float64Array {
  const out = new Float64Array(list.length)
  const sums = scratch(index)
  let scattered = false
  for (const term of text.terms) {
    const hits = termHits(index, term)
    if (total * 16 < hits.ordinals.length) {
      // Few candidates, many hits: look each candidate up (every candidate matches every term).
      list.forEach((o, j) => { out[j]! -= hits.scores[binarySearch(hits.ordinals, o)]! })
      continue
    }
    scattered = true
    for (let j = 0; j < hits.ordinals.length; j++) {
      const o = hits.ordinals[j]!
      if (hasBit(candidates, o)) sums[o]! -= hits.scores[j]!
    }
  }
  if (scattered) list.forEach((o, j) => { out[j]! += sums[o]!; sums[o] = 0 })
  return out
}

const scratches = new WeakMap<SearchIndex, Float64Array>()

/** A zeroed array per index for summing scores; callers leave it zeroed. */
function scratch (index: SearchIndex): Float64Array {
  let sums = scratches.get(index)
  if (sums === undefined) scratches.set(index, sums = new Float64Array(index.size))
  return sums
}

function binarySearch (sorted: Int32Array, value: number): number {
  let lo = 0
  let hi = sorted.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (sorted[mid]! < value) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * The k best of `list` by `key` (ascending), then by `tie` (ascending, by ordinal), then by ordinal:
 * a bounded heap that rejects most candidates with one comparison.
 */
function topK (list: number[], key: Float64Array, tie: Float64Array | null, k: number): number[] {
  const before = (x: number, y: number) => {
    const kx = key[x]!
    const ky = key[y]!
    if (kx !== ky) return kx < ky
    if (tie !== null) {
      const tx = tie[list[x]!]!
      const ty = tie[list[y]!]!
      if (tx !== ty) return tx < ty
    }
    return list[x]! < list[y]!
  }
  // heap of positions, worst on top
  const heap: number[] = []
  const siftUp = (i: number) => {
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!before(heap[parent]!, heap[i]!)) break
      ;[heap[parent], heap[i]] = [heap[i]!, heap[parent]!]
      i = parent
    }
  }
  const siftDown = (i: number) => {
    for (;;) {
      const l = 2 * i + 1
      const r = l + 1
      let worst = i
      if (l < heap.length && before(heap[worst]!, heap[l]!)) worst = l
      if (r < heap.length && before(heap[worst]!, heap[r]!)) worst = r
      if (worst === i) return
      ;[heap[worst], heap[i]] = [heap[i]!, heap[worst]!]
      i = worst
    }
  }
  for (let p = 0; p < list.length; p++) {
    if (heap.length < k) { heap.push(p); siftUp(heap.length - 1) } else if (before(p, heap[0]!)) { heap[0] = p; siftDown(0) }
  }
  return heap.sort((x, y) => (before(x, y) ? -1 : 1)).map((p) => list[p]!)
}

function selectedValues (q: OfferQuery): Partial<Record<FacetDimension, string[]>> {
  return { phase: q.phases, care_type: q.careTypes, language: q.languages, mode: q.modes, cost: q.costs }
}
