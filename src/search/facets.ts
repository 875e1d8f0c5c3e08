// Facet counts for the website's filter chips: per phase, care type, province, language, mode and cost.
// A dimension's own filter does not narrow its own counts (multi-select chips show what adding a value would give);
// every other filter does. Offers are grouped by their combination of values (a few hundred combinations per group
// over 50,000 offers), so counting an offer costs three increments, whatever its number of phases, provinces or
// languages; the combinations are expanded into per-value counts at the end.
import { andInto, type Bits, fullBits } from './bitset.js'
import type { SearchIndex } from './index.js'
import { perIndex } from './per-index.js'

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

/** Dimensions counted together: few combinations of values each, so a group's histogram stays small. */
const GROUPS: [number[], number[], number[]] = [[PHASE, PROVINCE, COST], [CARE_TYPE, MODE], [LANGUAGE]]
const groupOfDimension = FACET_DIMENSIONS.map((_, d) => GROUPS.findIndex((g) => g.includes(d)))

/** The coded values of each dimension, in the order of its counts. */
function valueLists (index: SearchIndex): Array<Array<{ code: string }>> {
  const { ref } = index
  return [ref.atomicPhases, ref.careTypes, ref.provinces, ref.languages, ref.modes, ref.costs]
}

/**
 * Per dimension, each offer's values as one number (a code): a mask of phases, provinces or modes, a care type,
 * a set of languages, a cost. Offers are counted per bin of a group (a combination of the group's codes), bins are
 * summed per code, and each code is then decoded into the values it stands for:
 * values[start[code] .. start[code + 1]) are indexes into the dimension's value list.
 */
type FacetTable = {
  /** A group's bins are numbered from its offset on; codes[k][bin - offset] is the bin's code in its k-th dimension. */
  groups: Array<{ dimensions: number[], offset: number, codes: Int32Array[] }>
  /** The bins of all groups. */
  bins: number
  /** binOf[3 * i + g]: offer i's bin in group g, side by side so an offer's bins share a cache line. */
  binOf: Int32Array
  decoders: Array<{ start: Int32Array, values: Int32Array }>
}

const maskBits = (mask: number) => {
  const bits: number[] = []
  for (let m = mask; m !== 0; m &= m - 1) bits.push(31 - Math.clz32(m & -m))
  return bits
}

const facetTable = perIndex((index): FacetTable => {
  const { ref } = index
  const languageSets = new Map<string, number>()
  const languageSetValues: number[][] = []
  const languageSet = new Int32Array(index.size)
  for (let i = 0; i < index.size; i++) {
    const languages = index.languageCodes.subarray(index.languageStart[i]!, index.languageStart[i + 1]!)
    const key = languages.join('.')
    let set = languageSets.get(key)
    if (set === undefined) {
      languageSets.set(key, set = languageSetValues.length)
      languageSetValues.push([...languages])
    }
    languageSet[i] = set
  }
  const codeOf = [index.phaseMask, index.careType, index.provinceMask, languageSet, index.modeMask, index.cost]
  // A care type counts for itself and for each broader type above it.
  const careLines = ref.careTypes.map((c) => {
    const line: number[] = []
    for (let code: string | null = c.code; code !== null; code = ref.careTypeByCode.get(code)!.parent) line.push(ref.careTypeByCode.get(code)!.index)
    return line
  })
  const decoded: Array<number[][]> = [
    Array.from({ length: 1 << ref.atomicPhases.length }, (_, mask) => maskBits(mask)), careLines,
    Array.from({ length: 1 << ref.provinces.length }, (_, mask) => maskBits(mask)), languageSetValues,
    Array.from({ length: 1 << ref.modes.length }, (_, mask) => maskBits(mask)), ref.costs.map((_, c) => [c])
  ]
  const decoders = decoded.map((lists) => {
    const start = new Int32Array(lists.length + 1)
    lists.forEach((l, code) => { start[code + 1] = start[code]! + l.length })
    return { start, values: Int32Array.from(lists.flat()) }
  })
  const binOf = new Int32Array(3 * index.size)
  let offset = 0
  const groups = GROUPS.map((dimensions, g) => {
    const bins = new Map<number, number>()
    const binCodes: number[][] = []
    for (let i = 0; i < index.size; i++) {
      let key = 0
      for (const d of dimensions) key = key * decoded[d]!.length + codeOf[d]![i]!
      let bin = bins.get(key)
      if (bin === undefined) {
        bins.set(key, bin = binCodes.length)
        binCodes.push(dimensions.map((d) => codeOf[d]![i]!))
      }
      binOf[3 * i + g] = offset + bin
    }
    const group = { dimensions, offset, codes: dimensions.map((_, k) => Int32Array.from(binCodes, (c) => c[k]!)) }
    offset += binCodes.length
    return group
  })
  return { groups, bins: offset, binOf, decoders }
})

type FacetGroup = FacetTable['groups'][number]

/** Adds the count of each of the group's bins to the counts of its codes, in every dimension of the group or in one. */
function sumCodes (group: FacetGroup, histogram: Int32Array, codeCounts: Int32Array[], only: number | null): void {
  group.dimensions.forEach((d, k) => {
    if (only !== null && d !== only) return
    const codes = group.codes[k]!
    const into = codeCounts[d]!
    for (let bin = 0; bin < codes.length; bin++) into[codes[bin]!]! += histogram[group.offset + bin]!
  })
}

/** Per value, the offers counted under the codes that stand for it. */
function decode ({ start, values }: FacetTable['decoders'][number], codeCounts: Int32Array, size: number): Int32Array {
  const counts = new Int32Array(size)
  for (let code = 0; code < codeCounts.length; code++) {
    const count = codeCounts[code]!
    if (count !== 0) for (let j = start[code]!; j < start[code + 1]!; j++) counts[values[j]!]! += count
  }
  return counts
}

// Read as signed words: a word with its top bit set stays a small integer, not a float.
const signed = (bits: Bits) => new Int32Array(bits.buffer, bits.byteOffset, bits.length)

/** How many of the offers in `bits` fall in each bin of every group (the three written out: this is the hot loop). */
function tallyAll ({ bins, binOf }: FacetTable, bits: Bits): Int32Array {
  const histogram = new Int32Array(bins)
  const words = signed(bits)
  for (let w = 0; w < words.length; w++) {
    for (let x = words[w]!; x !== 0; x &= x - 1) {
      const at = 3 * ((w << 5) + 31 - Math.clz32(x & -x))
      histogram[binOf[at]!]!++
      histogram[binOf[at + 1]!]!++
      histogram[binOf[at + 2]!]!++
    }
  }
  return histogram
}

/** How many of the offers in `bits` fall in each bin of group g. */
function tallyGroup ({ bins, binOf }: FacetTable, bits: Bits, g: number): Int32Array {
  const histogram = new Int32Array(bins)
  const words = signed(bits)
  for (let w = 0; w < words.length; w++) {
    for (let x = words[w]!; x !== 0; x &= x - 1) histogram[binOf[3 * ((w << 5) + 31 - Math.clz32(x & -x)) + g]!]!++
  }
  return histogram
}

export function countFacets (index: SearchIndex, filters: Array<{ dimension: FacetDimension | null, bits: Bits }>,
  selected: Partial<Record<FacetDimension, string[] | undefined>>): FacetCounts {
  const table = facetTable(index)
  const { groups, decoders } = table
  const codeCounts = decoders.map((d) => new Int32Array(d.start.length - 1))
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
  // Offers that pass every filter count in every dimension; one that fails only one dimension's filter counts in that one.
  const passing = free.slice()
  for (const [, bits] of active) andInto(passing, bits)
  const histogram = tallyAll(table, passing)
  for (const group of groups) sumCodes(group, histogram, codeCounts, null)
  for (const [d, bits] of active) {
    // The offers in the free set, out of this dimension's filter and within all the others.
    const failing = free.slice()
    for (let w = 0; w < failing.length; w++) failing[w]! &= ~bits[w]!
    for (const [other, b] of active) if (other !== d) andInto(failing, b)
    const g = groupOfDimension[d]!
    sumCodes(groups[g]!, tallyGroup(table, failing, g), codeCounts, d)
  }
  const lists = valueLists(index)
  const values = (d: number): FacetValue[] => {
    const counts = decode(decoders[d]!, codeCounts[d]!, lists[d]!.length)
    const chosen = new Set(selected[FACET_DIMENSIONS[d]!] ?? [])
    return lists[d]!.map((v, j) => ({ code: v.code, count: counts[j]! })).filter((v) => v.count > 0 || chosen.has(v.code))
  }
  return { phase: values(PHASE), care_type: values(CARE_TYPE), province: values(PROVINCE), language: values(LANGUAGE), mode: values(MODE), cost: values(COST) }
}
