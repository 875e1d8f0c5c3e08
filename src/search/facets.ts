// Facet counts for the website's filter chips: per phase, care type, province, language, mode, cost, support figure,
// referral and crisis help.
// A dimension's own filter does not narrow its own counts (multi-select chips show what adding a value would give);
// every other filter does. Offers are grouped by their combination of values (a few hundred combinations per group
// over 50,000 offers), so counting an offer costs one increment per group, whatever its number of phases, provinces,
// languages or roles; the combinations are expanded into per-value counts at the end. (Against
// one increment per dimension plus a loop over its languages and roles; that saving was never measured apart, and the
// plain version no longer exists to measure against.)
import { andInto, type Bits, count } from './bitset.js'
import { FLAG_CRISIS_24_7, FLAG_URGENT_INTAKE, type SearchIndex, UNKNOWN_CODE } from './index.js'
import { perIndex } from './per-index.js'

export const FACET_DIMENSIONS = ['phase', 'care_type', 'province', 'language', 'mode', 'cost', 'role', 'referral', 'crisis'] as const
export type FacetDimension = typeof FACET_DIMENSIONS[number]
export type FacetValue = { code: string, count: number }
export type FacetCounts = Record<FacetDimension, FacetValue[]>

const PHASE = 0
const CARE_TYPE = 1
const PROVINCE = 2
const LANGUAGE = 3
const MODE = 4
const COST = 5
const ROLE = 6
const REFERRAL = 7
const CRISIS = 8

/** The most bins an index keeps in 16 bits each (see binOf); the tests lower it to see the wide layout count the same. */
export const FACET_LIMITS = { narrowBins: 0xffff }

/** Dimensions counted together: few combinations of values each, so a group's histogram stays small (at 50,000 generated
 * offers about 460, 490, 670 and 740 bins; care types with referral and crisis would be 2,000). */
const GROUPS: [number[], number[], number[], number[]] = [[PHASE, PROVINCE, COST], [CARE_TYPE, MODE], [LANGUAGE], [ROLE, REFERRAL, CRISIS]]
/** Bins per offer in binOf: one per group. */
const STRIDE = GROUPS.length
const groupOfDimension = FACET_DIMENSIONS.map((_, d) => GROUPS.findIndex((g) => g.includes(d)))

/** The coded values of each dimension, in the order of its counts. */
function valueLists (index: SearchIndex): Array<Array<{ code: string }>> {
  const { ref } = index
  return [ref.atomicPhases, ref.careTypes, ref.provinces, ref.languages, ref.modes, ref.costs, [...ref.roles.values()],
    ref.referrals.map((code) => ({ code })), [{ code: 'true' }]]
}

/** The `crisis=true` filter's offers: crisis help day and night, or an urgent intake. */
const CRISIS_FLAGS = FLAG_CRISIS_24_7 | FLAG_URGENT_INTAKE

/** Each offer's set of values (given as the values of offer i, in order) as a number, and the values of each set. */
function setsOf (size: number, valuesOf: (i: number) => ArrayLike<number>): { setOf: Int32Array, values: number[][] } {
  const sets = new Map<string, number>()
  const values: number[][] = []
  const setOf = new Int32Array(size)
  for (let i = 0; i < size; i++) {
    const list = valuesOf(i)
    const key = Array.prototype.join.call(list, '.')
    let set = sets.get(key)
    if (set === undefined) {
      sets.set(key, set = values.length)
      values.push(Array.from(list))
    }
    setOf[i] = set
  }
  return { setOf, values }
}

/** Each offer's roles, as indexes into the reference's roles, from the index's bit set per role. */
function roleLists (index: SearchIndex): number[][] {
  const lists = Array.from({ length: index.size }, (): number[] => [])
  let r = 0
  for (const code of index.ref.roles.keys()) {
    const bits = index.valueBits.get(`role:${code}`)
    if (bits !== undefined) {
      for (let w = 0; w < bits.length; w++) for (let x = bits[w]! | 0; x !== 0; x &= x - 1) lists[(w << 5) + 31 - Math.clz32(x & -x)]!.push(r)
    }
    r++
  }
  return lists
}

/**
 * Offers are counted per bin of a group (a combination of the group's values), and a bin's count is then added to
 * each value it stands for: values[k][start[k][b] .. start[k][b + 1]) are the values, as indexes into the list of
 * the group's k-th dimension, of the group's bin b (a care type counts for its broader types too).
 */
type FacetTable = {
  /** A group's bins are numbered from its offset on. */
  groups: Array<{ dimensions: number[], offset: number, bins: number, start: Int32Array[], values: Int32Array[] }>
  /** The bins of all groups. */
  bins: number
  /**
   * binOf[STRIDE * i + g]: offer i's bin in group g, side by side so an offer's bins share a cache line. Counting reads it
   * at offers spread over the whole directory, so its size decides the speed: 16 bits per bin when that holds them all.
   */
  binOf: Uint16Array | Int32Array
}

const maskBits = (mask: number) => {
  const bits: number[] = []
  for (let m = mask; m !== 0; m &= m - 1) bits.push(31 - Math.clz32(m & -m))
  return bits
}

const facetTable = perIndex((index): FacetTable => {
  const { ref } = index
  const languages = setsOf(index.size, (i) => index.languageCodes.subarray(index.languageStart[i]!, index.languageStart[i + 1]!))
  const roleByOffer = roleLists(index)
  const roles = setsOf(index.size, (i) => roleByOffer[i]!)
  const crisis = Uint8Array.from(index.flags, (flags) => ((flags & CRISIS_FLAGS) === 0 ? 0 : 1))
  // Per dimension, each offer's values as one number (a code): a mask of phases, provinces or modes, a care type,
  // a set of languages or roles, a cost, a referral, whether it gives crisis help; and what each code stands for.
  const codeOf = [index.phaseMask, index.careType, index.provinceMask, languages.setOf, index.modeMask, index.cost, roles.setOf, index.referral, crisis]
  const careLines = ref.careTypes.map((c) => {
    const line: number[] = []
    for (let code: string | null = c.code; code !== null; code = ref.careTypeByCode.get(code)!.parent) line.push(ref.careTypeByCode.get(code)!.index)
    return line
  })
  const known = (code: number) => (code === UNKNOWN_CODE ? [] : [code])
  const decoded: Array<(code: number) => number[]> = [maskBits, (type) => careLines[type]!, maskBits, (set) => languages.values[set]!, maskBits, known,
    (set) => roles.values[set]!, known, (yes) => (yes === 1 ? [0] : [])]
  const binOf = new Int32Array(STRIDE * index.size)
  let offset = 0
  const groups = GROUPS.map((dimensions, g) => {
    const bins = new Map<string, number>()
    const binCodes: number[][] = []
    for (let i = 0; i < index.size; i++) {
      const codes = dimensions.map((d) => codeOf[d]![i]!)
      const key = codes.join('.')
      let bin = bins.get(key)
      if (bin === undefined) {
        bins.set(key, bin = binCodes.length)
        binCodes.push(codes)
      }
      binOf[STRIDE * i + g] = offset + bin
    }
    const lists = dimensions.map((d, k) => binCodes.map((codes) => decoded[d]!(codes[k]!)))
    const start = lists.map((perBin) => {
      const at = new Int32Array(perBin.length + 1)
      perBin.forEach((values, b) => { at[b + 1] = at[b]! + values.length })
      return at
    })
    const group = { dimensions, offset, bins: binCodes.length, start, values: lists.map((perBin) => Int32Array.from(perBin.flat())) }
    offset += binCodes.length
    return group
  })
  return { groups, bins: offset, binOf: offset <= FACET_LIMITS.narrowBins ? Uint16Array.from(binOf) : binOf }
})

type FacetGroup = FacetTable['groups'][number]

/** Per dimension, the number of offers with each value (a care type counts for its broader types too). */
type ValueCounts = Int32Array[]

/** Adds each bin's count to the counts of the values it stands for, in every dimension of the group or in one. */
function addBins (group: FacetGroup, histogram: Int32Array, counts: ValueCounts, only: number | null): void {
  for (let k = 0; k < group.dimensions.length; k++) {
    const d = group.dimensions[k]!
    if (only !== null && d !== only) continue
    const start = group.start[k]!
    const values = group.values[k]!
    const into = counts[d]!
    for (let b = 0; b < group.bins; b++) {
      const count = histogram[group.offset + b]!
      if (count !== 0) for (let j = start[b]!; j < start[b + 1]!; j++) into[values[j]!]! += count
    }
  }
}

/** The offers in all the (one or more) sets: the set itself when there is one (not to be changed), else a new one. */
const intersection = (sets: Bits[]): Bits => (sets.length === 1 ? sets[0]! : sets.slice(1).reduce(andInto, sets[0]!.slice()))

const zeroCounts = (index: SearchIndex): ValueCounts => valueLists(index).map((list) => new Int32Array(list.length))

/** Counts the offers of word w of a set in their bins of all four groups. */
function tallyWord (histogram: Int32Array, binOf: FacetTable['binOf'], w: number, word: number): void {
  const base = w << 5
  // Read as a signed word: one with its top bit set stays a small integer, not a float.
  for (let x = word | 0; x !== 0; x &= x - 1) {
    const at = STRIDE * (base + 31 - Math.clz32(x & -x))
    histogram[binOf[at]!]!++
    histogram[binOf[at + 1]!]!++
    histogram[binOf[at + 2]!]!++
    histogram[binOf[at + 3]!]!++
  }
}

/** The value counts of the offers in `set` and in `mask` (or, with `keep` false, in `set` and not in `mask`). */
function countsOf (index: SearchIndex, set: Bits, mask: Bits | null, keep: boolean): ValueCounts {
  const { groups, bins, binOf } = facetTable(index)
  const histogram = new Int32Array(bins)
  for (let w = 0; w < set.length; w++) {
    tallyWord(histogram, binOf, w, mask === null ? set[w]! : keep ? set[w]! & mask[w]! : set[w]! & ~mask[w]!)
  }
  const counts = zeroCounts(index)
  for (const group of groups) addBins(group, histogram, counts, null)
  return counts
}

/**
 * The value counts of a filter set that searches share (all offers, a postcode's or a region's offers, a word's hits),
 * kept as long as the set is (sets are never changed once made). In process (a postcode and a phase at 50,000 offers,
 * alternated with counting within both sets in one pass): 2 to 30 times faster, on a loaded machine.
 */
const sharedCounts = new WeakMap<Bits, { counts: ValueCounts, size: number }>()

function countsOfShared (index: SearchIndex, set: Bits): { counts: ValueCounts, size: number } {
  let whole = sharedCounts.get(set)
  if (whole === undefined) sharedCounts.set(set, whole = { counts: countsOf(index, set, null, true), size: count(set) })
  return whole
}

/** A filter as the facets see it: `shared` when its set is one that other searches reuse. */
export type FacetFilter = { dimension: FacetDimension | null, bits: Bits, shared: boolean }

/** Facet counts under the filters, `passing` of the offers passing them all (the search's total). */
export function countFacets (index: SearchIndex, filters: FacetFilter[], passing: number,
  selected: Partial<Record<FacetDimension, string[] | undefined>>): FacetCounts {
  const outside = filters.filter((f) => f.dimension === null)
  const dimensionSets = new Map<number, Bits[]>()
  for (const { dimension, bits } of filters) {
    if (dimension === null) continue
    const d = FACET_DIMENSIONS.indexOf(dimension)
    dimensionSets.set(d, [...(dimensionSets.get(d) ?? []), bits])
  }
  // The offers within every filter outside the facet dimensions, and each facet dimension's own filter.
  const free = outside.length === 0 ? index.all : intersection(outside.map((f) => f.bits))
  const active = [...dimensionSets].map(([d, sets]) => ({ d, bits: intersection(sets) }))
  const counts = active.length <= 1 && (outside.length === 0 || (outside.length === 1 && outside[0]!.shared))
    ? countsWithinShared(index, free, active[0], passing)
    : countsWithin(index, free, active)
  const lists = valueLists(index)
  const values = (d: number): FacetValue[] => {
    const chosen = new Set(selected[FACET_DIMENSIONS[d]!] ?? [])
    return lists[d]!.map((v, j) => ({ code: v.code, count: counts[d]![j]! })).filter((v) => v.count > 0 || chosen.has(v.code))
  }
  return {
    phase: values(PHASE), care_type: values(CARE_TYPE), province: values(PROVINCE), language: values(LANGUAGE), mode: values(MODE), cost: values(COST),
    role: values(ROLE), referral: values(REFERRAL), crisis: values(CRISIS)
  }
}

/**
 * Counts within a shared set and at most one facet dimension's filter. The whole set's counts are kept; the offers
 * that pass the filter are then counted directly, or, when fewer fail it, as the whole set less those that fail.
 * The filtered dimension itself counts the whole set. Counting the fewer was not shown faster than always counting
 * the passing ones in process (the bench's facets searches, alternated, on a loaded machine).
 */
function countsWithinShared (index: SearchIndex, free: Bits, active: { d: number, bits: Bits } | undefined, passing: number): ValueCounts {
  const whole = countsOfShared(index, free)
  if (active === undefined) return whole.counts
  let counts: ValueCounts
  if (passing <= whole.size - passing) counts = countsOf(index, free, active.bits, true)
  else {
    counts = countsOf(index, free, active.bits, false)
    counts.forEach((failing, d) => { for (let j = 0; j < failing.length; j++) failing[j] = whole.counts[d]![j]! - failing[j]! })
  }
  counts[active.d] = whole.counts[active.d]!
  return counts
}

/**
 * Counts within any filters. Offers that pass every filter count in every dimension; one that fails only one
 * dimension's filter counts in that one. Both are told apart word by word, without sets of their own.
 */
function countsWithin (index: SearchIndex, free: Bits, filtered: Array<{ d: number, bits: Bits }>): ValueCounts {
  const { groups, bins, binOf } = facetTable(index)
  const active = filtered.map((a) => ({ ...a, group: groupOfDimension[a.d]!, histogram: new Int32Array(bins) }))
  const histogram = new Int32Array(bins)
  for (let w = 0; w < free.length; w++) {
    const within = free[w]!
    if (within === 0) continue
    let passing = within
    for (const a of active) passing &= a.bits[w]!
    tallyWord(histogram, binOf, w, passing)
    const base = w << 5
    for (const a of active) {
      let failing = within & ~a.bits[w]!
      for (const other of active) if (other !== a) failing &= other.bits[w]!
      for (let x = failing | 0; x !== 0; x &= x - 1) a.histogram[binOf[STRIDE * (base + 31 - Math.clz32(x & -x)) + a.group]!]!++
    }
  }
  const counts = zeroCounts(index)
  for (const group of groups) addBins(group, histogram, counts, null)
  for (const a of active) addBins(groups[a.group]!, a.histogram, counts, a.d)
  return counts
}
