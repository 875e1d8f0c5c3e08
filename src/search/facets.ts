// Facet counts for the website's filter chips: per phase, care type, province, language, mode and cost.
// A dimension's own filter does not narrow its own counts (multi-select chips show what adding a value would give);
// every other filter does. Counting goes by word over bit sets into histograms of each offer's combination (phases,
// provinces and modes as masks, languages as a set), expanded into per-value counts at the end.
import { andInto, type Bits, fullBits } from './bitset.js'
import type { SearchIndex } from './index.js'

export const FACET_DIMENSIONS = ['phase', 'care_type', 'province', 'language', 'mode', 'cost'] as const
export type FacetDimension = typeof FACET_DIMENSIONS[number]
export type FacetValue = { code: string, count: number }
export type FacetCounts = Record<FacetDimension, FacetValue[]>

const LANGUAGE = FACET_DIMENSIONS.indexOf('language')

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
  const histograms = [
    new Int32Array(1 << ref.atomicPhases.length), new Int32Array(ref.careTypes.length), new Int32Array(1 << ref.provinces.length),
    new Int32Array(ref.languages.length), new Int32Array(1 << ref.modes.length), new Int32Array(ref.costs.length)
  ]
  const [phases, careTypes, provinces, languages, modes, costs] = histograms as [Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array]
  const { phaseMask, careType, provinceMask, languageStart, languageCodes, modeMask, cost } = index
  // Per dimension, the histogram slot of each offer (languages have a list instead).
  const slots = [phaseMask, careType, provinceMask, null, modeMask, cost]
  // Offers that pass every filter count in every dimension; one that fails only one dimension's filter counts in that one.
  const passing = free.slice()
  for (const [, bits] of active) andInto(passing, bits)
  for (let w = 0; w < passing.length; w++) {
    for (let x = passing[w]!; x !== 0; x &= x - 1) {
      const i = (w << 5) + 31 - Math.clz32(x & -x)
      phases[phaseMask[i]!]!++
      careTypes[careType[i]!]!++
      provinces[provinceMask[i]!]!++
      for (let j = languageStart[i]!; j < languageStart[i + 1]!; j++) languages[languageCodes[j]!]!++
      modes[modeMask[i]!]!++
      costs[cost[i]!]!++
    }
  }
  for (const [d, bits] of active) {
    // The offers in the free set, out of this dimension's filter and within all the others.
    const failing = free.slice()
    for (let w = 0; w < failing.length; w++) failing[w]! &= ~bits[w]!
    for (const [other, b] of active) if (other !== d) andInto(failing, b)
    const histogram = histograms[d]!
    const slot = slots[d]!
    for (let w = 0; w < failing.length; w++) {
      for (let x = failing[w]!; x !== 0; x &= x - 1) {
        const i = (w << 5) + 31 - Math.clz32(x & -x)
        if (slot === null) for (let j = languageStart[i]!; j < languageStart[i + 1]!; j++) languages[languageCodes[j]!]!++
        else histogram[slot[i]!]!++
      }
    }
  }
  const careCounts = new Int32Array(ref.careTypes.length)
  careTypes.forEach((count, t) => {
    for (let c: string | null = ref.careTypes[t]!.code; c !== null; c = ref.careTypeByCode.get(c)!.parent) careCounts[ref.careTypeByCode.get(c)!.index]! += count
  })
  const values = (dimension: FacetDimension, codes: Array<{ code: string }>, counts: Int32Array): FacetValue[] => {
    const chosen = new Set(selected[dimension] ?? [])
    return codes.map((v, j) => ({ code: v.code, count: counts[j]! })).filter((v) => v.count > 0 || chosen.has(v.code))
  }
  return {
    phase: values('phase', ref.atomicPhases, bitCounts(phases, ref.atomicPhases.length)),
    care_type: values('care_type', ref.careTypes, careCounts),
    province: values('province', ref.provinces, bitCounts(provinces, ref.provinces.length)),
    language: values('language', ref.languages, languages),
    mode: values('mode', ref.modes, bitCounts(modes, ref.modes.length)),
    cost: values('cost', ref.costs, costs)
  }
}

/** Per bit, the offers whose mask has it, from a histogram of masks. */
function bitCounts (histogram: Int32Array, bits: number): Int32Array {
  const counts = new Int32Array(bits)
  for (let mask = 1; mask < histogram.length; mask++) {
    const count = histogram[mask]!
    if (count !== 0) for (let m = mask; m !== 0; m &= m - 1) counts[31 - Math.clz32(m & -m)]! += count
  }
  return counts
}
