// Facet counts for the website's filter chips: per phase, care type, province, language, mode and cost.
// A dimension's own filter does not narrow its own counts (multi-select chips show what adding a value would give);
// every other filter does. One pass over the offers that pass the non-facet filters counts every dimension.
import { andInto, type Bits, fullBits, hasBit } from './bitset.js'
import type { SearchIndex } from './index.js'

export const FACET_DIMENSIONS = ['phase', 'care_type', 'province', 'language', 'mode', 'cost'] as const
export type FacetDimension = typeof FACET_DIMENSIONS[number]
export type FacetValue = { code: string, count: number }
export type FacetCounts = Record<FacetDimension, FacetValue[]>

const PHASE = 0
const CARE_TYPE = 1
const PROVINCE = 2
const LANGUAGE = 3
const MODE = 4
const COST = 5

const parents = new WeakMap<SearchIndex['ref'], Int16Array>()

export function countFacets (index: SearchIndex, filters: Array<{ dimension: FacetDimension | null, bits: Bits }>,
  selected: Partial<Record<FacetDimension, string[] | undefined>>): FacetCounts {
  const { ref } = index
  const free = fullBits(index.size)
  const byDimension = new Map<number, Bits>()
  for (const f of filters) {
    if (f.dimension === null) andInto(free, f.bits)
    else {
      const d = FACET_DIMENSIONS.indexOf(f.dimension)
      const bits = byDimension.get(d)
      byDimension.set(d, bits === undefined ? f.bits.slice() : andInto(bits, f.bits))
    }
  }
  const active = [...byDimension]
  const counts = [ref.atomicPhases, ref.careTypes, ref.provinces, ref.languages, ref.modes, ref.costs].map((list) => new Int32Array(list.length))
  const parent = careTypeParents(index)
  const add = (dimension: number, i: number) => {
    const c = counts[dimension]!
    if (dimension === PHASE) addMask(c, index.phaseMask[i]!)
    else if (dimension === CARE_TYPE) for (let t = index.careType[i]!; t >= 0; t = parent[t]!) c[t]!++
    else if (dimension === PROVINCE) addMask(c, index.provinceMask[i]!)
    else if (dimension === LANGUAGE) for (let j = index.languageStart[i]!; j < index.languageStart[i + 1]!; j++) c[index.languageCodes[j]!]!++
    else if (dimension === MODE) addMask(c, index.modeMask[i]!)
    else c[index.cost[i]!]!++
  }
  for (let w = 0; w < free.length; w++) {
    let x = free[w]!
    while (x !== 0) {
      const low = x & -x
      const i = (w << 5) + 31 - Math.clz32(low)
      x ^= low
      let fails = 0
      let failed = -1
      for (let d = 0; d < active.length && fails < 2; d++) {
        if (!hasBit(active[d]![1], i)) { fails++; failed = active[d]![0] }
      }
      if (fails === 0) for (let d = PHASE; d <= COST; d++) add(d, i)
      else if (fails === 1) add(failed, i)
    }
  }
  const values = (dimension: number, codes: Array<{ code: string }>): FacetValue[] => {
    const chosen = new Set(selected[FACET_DIMENSIONS[dimension]!] ?? [])
    return codes.map((v, j) => ({ code: v.code, count: counts[dimension]![j]! })).filter((v) => v.count > 0 || chosen.has(v.code))
  }
  return {
    phase: values(PHASE, ref.atomicPhases),
    care_type: values(CARE_TYPE, ref.careTypes),
    province: values(PROVINCE, ref.provinces),
    language: values(LANGUAGE, ref.languages),
    mode: values(MODE, ref.modes),
    cost: values(COST, ref.costs)
  }
}

function addMask (counts: Int32Array, mask: number): void {
  while (mask !== 0) {
    const low = mask & -mask
    counts[31 - Math.clz32(low)]!++
    mask ^= low
  }
}

function careTypeParents (index: SearchIndex): Int16Array {
  let parent = parents.get(index.ref)
  if (parent === undefined) {
    const { careTypes, careTypeByCode } = index.ref
    parent = Int16Array.from(careTypes, (c) => (c.parent === null ? -1 : careTypeByCode.get(c.parent)!.index))
    parents.set(index.ref, parent)
  }
  return parent
}
