// Brings the search index to a later feed position without building it again: the offers and organisations the feed
// names after the index's position are read alone (a part, src/search/index.ts IndexScope) and merged into a new
// index, their old slots dropped and the rest renumbered in name order. When no offer moved, the caches the change
// cannot have touched are carried over (carryCaches); otherwise they go with the old index. The words' rows and counts
// are kept per connection and follow the writes of search rows themselves (src/search/text.ts).
import type { Db } from '../db/client.js'
import { prepared } from '../db/statements.js'
import type { Schedule } from '../hours/schedule.js'
import { type Bits, emptyBits, fullBits, hasBit } from './bitset.js'
import { carryLocalOrders } from './engine.js'
import { GeoPoints } from './geo.js'
import { type BuiltFields, type CarriedRows, type LocationEntry, type OrganisationEntry, SearchIndex } from './index.js'
import { carryRendered } from './render.js'
import { carryTermHits } from './text.js'

/** When a build is cheaper or safer than following: more changed offers than this share of the index (at least `minimum`). */
export const FOLLOW_LIMITS = { share: 0.5, minimum: 2000 }

/** Which feed entry an index was made at, to see that the feed it follows is still the one it read. */
export type FeedMark = { position: number, entry: string | null, schema: number }

/** The mark of the feed now; read in the transaction that builds or follows. */
export function feedMark (db: Db, position: number): FeedMark {
  const entry = prepared(db, 'SELECT entity_kind || \' \' || entity_id || \' \' || at FROM change_feed WHERE seq = ?').pluck().get(position) as string | undefined
  return { position, entry: entry ?? null, schema: prepared(db, 'PRAGMA schema_version').pluck().get() as number }
}

/**
 * The index at `to`, from `index` (made at `mark`) and the feed entries after it; or why it must be built instead:
 * the feed went back or lost the entry the index was made at (a restore, an erasure), the schema changed (a
 * migration), or too much changed. Runs in one read transaction with the reads of `to` and its mark.
 */
export function followFeed (index: SearchIndex, mark: FeedMark, to: FeedMark): SearchIndex | string {
  const { db } = index
  if (to.schema !== mark.schema) return 'the schema changed'
  if (mark.position > 0 && feedMark(db, mark.position).entry !== mark.entry) return 'the feed no longer holds the index\'s position'
  const limit = Math.max(FOLLOW_LIMITS.minimum, Math.floor(index.size * FOLLOW_LIMITS.share))
  const entries = prepared(db, 'SELECT DISTINCT entity_kind, entity_id FROM change_feed WHERE seq > ? AND seq <= ? LIMIT ?').raw()
    .all(mark.position, to.position, limit + 1) as Array<['offer' | 'organisation', string]>
  if (entries.length > limit) return 'too many changes'
  const offers = new Set<string>()
  const organisations: string[] = []
  for (const [kind, id] of entries) {
    if (kind === 'offer') offers.add(id)
    else {
      organisations.push(id)
      // The feed names an organisation's offers with it; those the index holds are taken out in any case.
      for (const i of index.organisationById.get(id)?.offers ?? []) offers.add(index.ids[i]!)
    }
  }
  const part = new SearchIndex(db, index.ref, to.position, { offers: [...offers], organisations })
  return merge(index, part, offers, new Set(organisations), to.position)
}

type Sliceable<T> = { length: number, [i: number]: T }

/** The merged index: the old one without the changed offers, and the part, in name order. */
function merge (old: SearchIndex, part: SearchIndex, changed: Set<string>, changedOrganisations: Set<string>, position: number): SearchIndex | string {
  // The common change keeps every offer where it was (published offers changed, not renamed, moved to another
  // organisation, withdrawn or added): the sets are copied and those offers' bits set again; what did not change is
  // shared. Seen at once when each changed offer keeps its sort key and organisation.
  const slots = Int32Array.from(part.ids, (id) => old.ordinalById.get(id) ?? -1)
  const kept = changedOrganisations.size === 0 && part.size === [...changed].filter((id) => old.ordinalById.has(id)).length &&
    part.ids.every((_, d) => slots[d]! >= 0 && old.sortKeys[slots[d]!] === part.sortKeys[d] &&
      old.organisations[old.organisationOf[slots[d]!]!]!.id === part.organisations[part.organisationOf[d]!]!.id)
  if (kept) {
    const oldToNew = new Int32Array(old.size)
    for (let o = 0; o < old.size; o++) oldToNew[o] = o
    for (const j of slots) oldToNew[j] = -1
    return inPlace(old, part, slots, oldToNew, carryRows(old, oldToNew, []), changed.size, position)
  }
  // The old ordinals that stay, in order; each of the part's offers goes before the first of them that sorts after it.
  const survivors: number[] = []
  const gone = new Uint8Array(old.size)
  for (const id of changed) {
    const o = old.ordinalById.get(id)
    if (o !== undefined) gone[o] = 1
  }
  for (let o = 0; o < old.size; o++) if (gone[o] === 0) survivors.push(o)
  const n = survivors.length + part.size
  // source[i]: the new ordinal i's old ordinal, or -1 - its ordinal in the part.
  const source = new Int32Array(n)
  const oldToNew = new Int32Array(old.size).fill(-1)
  const partToNew = new Int32Array(part.size)
  let s = 0
  let i = 0
  for (let d = 0; d < part.size; d++) {
    const key = part.sortKeys[d]!
    const id = part.ids[d]!
    const at = lowerBound(survivors, s, (o) => old.sortKeys[o]! < key || (old.sortKeys[o] === key && old.ids[o]! < id))
    for (; s < at; s++, i++) { source[i] = survivors[s]!; oldToNew[survivors[s]!] = i }
    source[i] = -1 - d
    partToNew[d] = i++
  }
  for (; s < survivors.length; s++, i++) { source[i] = survivors[s]!; oldToNew[survivors[s]!] = i }
  // A renamed offer may still keep its slot (its new name sorts between the same neighbours).
  const stays = n === old.size && changedOrganisations.size === 0 && part.ids.every((id, d) => {
    const o = old.ordinalById.get(id)
    return o !== undefined && o === partToNew[d] && old.organisations[old.organisationOf[o]!]!.id === part.organisations[part.organisationOf[d]!]!.id
  })
  const carried = carryRows(old, oldToNew, [...changed].filter((id) => !old.ordinalById.has(id)))
  if (stays) return inPlace(old, part, partToNew, oldToNew, carried, changed.size, position)

  const gather = <T, A extends Sliceable<T>>(out: A, from: Sliceable<T>, to: Sliceable<T>): A => {
    for (let j = 0; j < n; j++) {
      const k = source[j]!
      out[j] = k >= 0 ? from[k]! : to[-1 - k]!
    }
    return out
  }

  // Organisations: the unchanged ones of the old index and those the part read, each with its offers again.
  const organisationById = new Map<string, OrganisationEntry>()
  for (const [id, entry] of old.organisationById) if (!changedOrganisations.has(id)) organisationById.set(id, { ...entry, offers: [] })
  for (const [id, entry] of part.organisationById) organisationById.set(id, { ...entry, offers: [] })
  const organisationBySlug = new Map([...organisationById.values()].map((entry) => [entry.slug, entry]))
  const organisations: OrganisationEntry[] = []
  const numbered = new Map<OrganisationEntry, number>()
  const organisationOf = new Int32Array(n)
  const entryOf = (from: SearchIndex, o: number) => organisationById.get(from.organisations[from.organisationOf[o]!]!.id)
  for (let j = 0; j < n; j++) {
    const k = source[j]!
    const entry = k >= 0 ? entryOf(old, k) : entryOf(part, -1 - k)
    /* c8 ignore next */ // why: the feed names every offer of an organisation that changed; a build is the answer should it not
    if (entry === undefined) return 'an offer\'s organisation is not in the index'
    let number = numbered.get(entry)
    if (number === undefined) {
      numbered.set(entry, number = organisations.length)
      organisations.push(entry)
    }
    organisationOf[j] = number
    entry.offers.push(j)
  }
  for (const entry of organisationById.values()) if (!numbered.has(entry)) organisations.push(entry)

  // Languages: a list per offer, laid out one after the other.
  const languageStart = new Int32Array(n + 1)
  for (let j = 0; j < n; j++) {
    const k = source[j]!
    const [from, o] = k >= 0 ? [old, k] : [part, -1 - k]
    languageStart[j + 1] = languageStart[j]! + from.languageStart[o + 1]! - from.languageStart[o]!
  }
  const languageCodes = new Uint8Array(languageStart[n]!)
  for (let j = 0; j < n; j++) {
    const k = source[j]!
    const [from, o] = k >= 0 ? [old, k] : [part, -1 - k]
    languageCodes.set(from.languageCodes.subarray(from.languageStart[o]!, from.languageStart[o + 1]!), languageStart[j]!)
  }

  // A place is one object for all its offers (GeoPoints measures it once): the part's version of a place wins.
  const places = new Map<string, LocationEntry>()
  for (const list of part.locations) for (const place of list) places.set(place.id, place)
  const locations = gather(new Array<LocationEntry[]>(n), old.locations, part.locations)
  for (let j = 0; j < n; j++) if (source[j]! >= 0 && locations[j]!.some((place) => places.has(place.id))) locations[j] = locations[j]!.map((place) => places.get(place.id) ?? place)

  const remap = (from: Bits | undefined, to: Bits | undefined) => remapBits(n, from, oldToNew, to, partToNew)
  const valueBits = new Map<string, Bits>()
  for (const key of new Set([...old.valueBits.keys(), ...part.valueBits.keys()])) {
    const bits = remap(old.valueBits.get(key), part.valueBits.get(key))
    // A build makes the sets of these codes only for codes that visible offers have.
    if (!ON_DEMAND.test(key) || bits.some((w) => w !== 0)) valueBits.set(key, bits)
  }
  const fields: BuiltFields = {
    size: n,
    ids: gather(new Array<string>(n), old.ids, part.ids),
    sortKeys: gather(new Array<string>(n), old.sortKeys, part.sortKeys),
    ordinalById: new Map(),
    organisations,
    organisationById,
    organisationBySlug,
    organisationOf,
    fromMonth: gather(new Float64Array(n), old.fromMonth, part.fromMonth),
    toMonth: gather(new Float64Array(n), old.toMonth, part.toMonth),
    careType: gather(new Uint16Array(n), old.careType, part.careType),
    cost: gather(new Uint8Array(n), old.cost, part.cost),
    referral: gather(new Uint8Array(n), old.referral, part.referral),
    flags: gather(new Uint8Array(n), old.flags, part.flags),
    modeMask: gather(new Uint16Array(n), old.modeMask, part.modeMask),
    provinceMask: gather(new Uint16Array(n), old.provinceMask, part.provinceMask),
    phaseMask: gather(new Uint16Array(n), old.phaseMask, part.phaseMask),
    languageStart,
    languageCodes,
    breadth: gather(new Float64Array(n), old.breadth, part.breadth),
    updatedMs: gather(new Float64Array(n), old.updatedMs, part.updatedMs),
    verifiedAt: gather(new Array<string | null>(n), old.verifiedAt, part.verifiedAt),
    schedules: gather(new Array<Schedule | null>(n), old.schedules, part.schedules),
    locations,
    geo: new GeoPoints(locations),
    all: fullBits(n),
    remoteOnly: remap(old.remoteOnly, part.remoteOnly),
    cellBits: old.cellBits.map((bits, cell) => remap(bits, part.cellBits[cell])),
    valueBits,
    phaseBits: new Map([...old.phaseBits].map(([code, bits]) => [code, remap(bits, part.phaseBits.get(code))]))
  }
  fields.ids.forEach((id, j) => fields.ordinalById.set(id, j))
  const next = SearchIndex.assemble(old.db, old.ref, position, fields, carried)
  carryRendered(old, next, oldToNew)
  return next
}

/** The index of `old` with the part's offers written over their slots (`at`; `oldToNew` maps the others to themselves). */
function inPlace (old: SearchIndex, part: SearchIndex, at: Int32Array, oldToNew: Int32Array, carried: CarriedRows | undefined, changed: number, position: number): SearchIndex {
  const next = SearchIndex.assemble(old.db, old.ref, position, patch(old, part, at), carried)
  carryCaches(old, next, at, changed)
  carryRendered(old, next, oldToNew)
  return next
}

/** The fields of `old` with the part's offers in their slots (`at`): none moved, none came or went. */
function patch (old: SearchIndex, part: SearchIndex, at: Int32Array): BuiltFields {
  // An array whose changed slots hold what they held is shared: nothing writes into an index's arrays once it is made.
  // Copying each of them (about twenty arrays of an entry per offer) was a third of following a PATCH.
  const put = <T, A extends Sliceable<T> & { slice: () => A }>(from: A, to: Sliceable<T>, same: (a: T, b: T) => boolean = Object.is): A => {
    if (at.every((j, d) => same(from[j]!, to[d]!))) return from
    const out = from.slice()
    for (let d = 0; d < at.length; d++) out[at[d]!] = to[d]!
    return out
  }
  const n = old.size
  // A set none of the changed offers is in, before or after, is shared: it is the same set, and what is kept per set
  // (facet counts, orders) holds for it. Others are copied, so that nothing kept for the old one is taken for them.
  const bits = (from: Bits | undefined, to: Bits | undefined) => {
    if (from !== undefined && at.every((j, d) => !hasBit(from, j) && (to === undefined || !hasBit(to, d)))) return from
    const out = from === undefined ? emptyBits(n) : from.slice()
    for (let d = 0; d < at.length; d++) {
      const j = at[d]!
      out[j >>> 5]! &= ~(1 << (j & 31))
      if (to !== undefined && (to[d >>> 5]! & (1 << (d & 31))) !== 0) out[j >>> 5]! |= 1 << (j & 31)
    }
    return out
  }
  const valueBits = new Map<string, Bits>()
  for (const key of new Set([...old.valueBits.keys(), ...part.valueBits.keys()])) {
    const set = bits(old.valueBits.get(key), part.valueBits.get(key))
    if (!ON_DEMAND.test(key) || set.some((w) => w !== 0)) valueBits.set(key, set)
  }
  // Places: one object per place for all its offers. When the part's places are those the index has (the common
  // change), the index's objects stay; otherwise the part's version of each, for every offer at it (all of those are in
  // the part: the feed names them), which takes a pass over every offer's places (about 14 ms at 50,000 offers).
  const known = new Map<string, LocationEntry>()
  for (const j of at) for (const place of old.locations[j]!) known.set(place.id, place)
  const same = (a: LocationEntry | undefined, b: LocationEntry) => a !== undefined && JSON.stringify(a) === JSON.stringify(b)
  let locations: LocationEntry[][]
  if (part.locations.every((list) => list.every((place) => same(known.get(place.id), place)))) {
    locations = put(old.locations, part.locations.map((list) => list.map((place) => known.get(place.id)!)))
  } else {
    const places = new Map<string, LocationEntry>()
    for (const list of part.locations) for (const place of list) places.set(place.id, place)
    locations = put(old.locations, part.locations).map((list) => (list.some((place) => places.has(place.id)) ? list.map((place) => places.get(place.id) ?? place) : list))
  }
  const where = (list: LocationEntry[]) => list.map((l) => `${l.id}@${l.latitude},${l.longitude}`).join(' ')
  const moved = part.ids.some((_, d) => where(old.locations[at[d]!]!) !== where(part.locations[d]!))
  // Languages: the changed offers' lists written over theirs when each has as many languages as before; otherwise
  // every offer's list laid out again.
  const languagesOf = (d: number) => part.languageCodes.subarray(part.languageStart[d]!, part.languageStart[d + 1]!)
  let languageStart = old.languageStart
  let languageCodes: Uint8Array
  if (part.ids.every((_, d) => languagesOf(d).length === old.languageStart[at[d]! + 1]! - old.languageStart[at[d]!]!)) {
    languageCodes = old.languageCodes.slice()
    for (let d = 0; d < at.length; d++) languageCodes.set(languagesOf(d), old.languageStart[at[d]!]!)
  } else {
    const slot = new Int32Array(n).fill(-1)
    at.forEach((j, d) => { slot[j] = d })
    const length = (j: number) => (slot[j]! < 0 ? old.languageStart[j + 1]! - old.languageStart[j]! : languagesOf(slot[j]!).length)
    languageStart = new Int32Array(n + 1)
    for (let j = 0; j < n; j++) languageStart[j + 1] = languageStart[j]! + length(j)
    languageCodes = new Uint8Array(languageStart[n]!)
    // The offers between changed ones are copied a run at a time (a view of each offer's list took 1.4 ms at 50,000).
    let from = 0
    for (const d of Array.from(at.keys()).sort((a, b) => at[a]! - at[b]!)) {
      const j = at[d]!
      languageCodes.set(old.languageCodes.subarray(old.languageStart[from]!, old.languageStart[j]!), languageStart[from]!)
      languageCodes.set(languagesOf(d), languageStart[j]!)
      from = j + 1
    }
    languageCodes.set(old.languageCodes.subarray(old.languageStart[from]!, old.languageStart[n]!), languageStart[from]!)
  }
  return {
    size: n,
    ids: old.ids,
    sortKeys: old.sortKeys,
    ordinalById: old.ordinalById,
    organisations: old.organisations,
    organisationById: old.organisationById,
    organisationBySlug: old.organisationBySlug,
    organisationOf: old.organisationOf,
    fromMonth: put(old.fromMonth, part.fromMonth),
    toMonth: put(old.toMonth, part.toMonth),
    careType: put(old.careType, part.careType),
    cost: put(old.cost, part.cost),
    referral: put(old.referral, part.referral),
    flags: put(old.flags, part.flags),
    modeMask: put(old.modeMask, part.modeMask),
    provinceMask: put(old.provinceMask, part.provinceMask),
    phaseMask: put(old.phaseMask, part.phaseMask),
    languageStart,
    languageCodes,
    breadth: put(old.breadth, part.breadth),
    updatedMs: put(old.updatedMs, part.updatedMs),
    verifiedAt: put(old.verifiedAt, part.verifiedAt),
    // A part reads its offers' hours into new objects: the same hours keep the array shared (a copy of 50,000 slots
    // was garbage for the old generation after each curation write).
    schedules: put(old.schedules, part.schedules, (a, b) => JSON.stringify(a) === JSON.stringify(b)),
    locations,
    geo: moved ? new GeoPoints(locations) : old.geo,
    // A set of its own: facet counts are kept per set (src/search/facets.ts), and these are of other offers.
    all: old.all.slice(),
    remoteOnly: bits(old.remoteOnly, part.remoteOnly),
    cellBits: old.cellBits.map((set, cell) => bits(set, part.cellBits[cell])),
    valueBits,
    phaseBits: new Map([...old.phaseBits].map(([code, set]) => [code, bits(set, part.phaseBits.get(code))]))
  }
}

/**
 * The caches of `old` that still hold for `next`, an index of the same offers in the same slots with those in `slots`
 * written again: each memoised set whose inputs are the same in those slots (a place's set when their places and
 * breadths are, a code's when their codes are), with its kept order; the sets of words and the search rows when no
 * search row was written (a row is written again, with a new rowid, when an offer's text changes). The rest is made
 * again; a word's scores are made from its rows and counts, which follow the writes (src/search/text.ts).
 */
function carryCaches (old: SearchIndex, next: SearchIndex, slots: Int32Array, changed: number): void {
  const differs = (a: Bits | undefined, b: Bits | undefined) => {
    for (const j of slots) if ((a !== undefined && hasBit(a, j)) !== (b !== undefined && hasBit(b, j))) return true
    return false
  }
  const same = (a: ArrayLike<number>, b: ArrayLike<number>) => slots.every((j) => a[j] === b[j])
  const places = same(old.breadth, next.breadth) && !differs(old.remoteOnly, next.remoteOnly) && !old.cellBits.some((bits, cell) => differs(bits, next.cellBits[cell]))
  const phases = ![...old.phaseBits].some(([code, bits]) => differs(bits, next.phaseBits.get(code)))
  const codes = new Set<string>()
  for (const key of new Set([...old.valueBits.keys(), ...next.valueBits.keys()])) if (differs(old.valueBits.get(key), next.valueBits.get(key))) codes.add(key.split(':')[0]!)
  // An offer the public does not see (a draft changed or erased) may have had its row written or removed.
  const text = changed === slots.length && sameSearchRows(old, slots)
  const holds = (key: string): boolean => {
    const kind = key.split(':')[0]!
    switch (kind) {
      case 'region': case 'postcode': return places
      case 'phase': return phases
      case 'months': return same(old.fromMonth, next.fromMonth) && same(old.toMonth, next.toMonth)
      case 'national': return !differs(old.remoteOnly, next.remoteOnly) && !codes.has('reference')
      case 'any': return text
      // The same offers of the same organisations in the same slots.
      case 'organisation': return true
      // A need reads codes of every kind and words.
      case 'need': return text && codes.size === 0
      // Opening hours and modification times: made again (a write changes its offer's time).
      case 'open': case 'modified': return false
      default: return !codes.has(kind)
    }
  }
  // A copy of each set: facet counts are kept per set (src/search/facets.ts), and they may have changed.
  const sets: Array<[Bits, Bits]> = []
  for (const [key, bits] of old.memo) {
    if (!holds(key)) continue
    const copy = bits.slice()
    next.memo.set(key, copy)
    sets.push([bits, copy])
  }
  if (places) carryLocalOrders(old, next, sets)
  if (text) {
    next.shareRows(old)
    carryTermHits(old, next)
  }
}

/**
 * Whether the search rows are those `old` read: the last rowid is the same and belongs to an offer that did not change
 * (a row written again gets the rowid after the last; only the last row's could be given out again).
 */
function sameSearchRows (old: SearchIndex, slots: Int32Array): boolean {
  const known = old.knownRows
  if (known === undefined) return false
  const last = known.length - 1
  const now = prepared(old.db, 'SELECT rowid FROM offer_search ORDER BY rowid DESC LIMIT 1').pluck().get() as number | undefined
  return now === last && known[last]! >= 0 && !slots.includes(known[last]!)
}

/** What the new index takes over of the old one's search rows (see CarriedRows), when the old one had read them. */
function carryRows (old: SearchIndex, oldToNew: Int32Array, unplaced: string[]): CarriedRows | undefined {
  const known = old.knownRows
  if (known === undefined) return undefined
  const ordinals = new Int32Array(known.length)
  const recheck: number[] = []
  // Rows of offers that stay are never written again while they stay: a row written since lies above the last of them.
  let above = 0
  for (let r = 0; r < known.length; r++) {
    const o = known[r]!
    const j = ordinals[r] = o < 0 ? -1 : oldToNew[o]!
    if (j >= 0) above = r
    else if (o >= 0) recheck.push(r)
  }
  return { ordinals, above, recheck, unplaced }
}

/** Codes whose sets a build makes only when an offer has the code (see the SearchIndex constructor). */
const ON_DEMAND = /^(role|target_group|mode|language):/

/** The first position from `start` on at which `before` no longer holds (it holds for a prefix of the list). */
function lowerBound (list: number[], start: number, before: (o: number) => boolean): number {
  let lo = start
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (before(list[mid]!)) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** A set over the new ordinals from a set over the old ones and one over the part's. */
function remapBits (n: number, from: Bits | undefined, fromMap: Int32Array, to: Bits | undefined, toMap: Int32Array): Bits {
  const out = emptyBits(n)
  const add = (bits: Bits, map: Int32Array) => {
    for (let w = 0; w < bits.length; w++) {
      for (let x = bits[w]!; x !== 0; x &= x - 1) {
        const j = map[(w << 5) + 31 - Math.clz32(x & -x)]!
        if (j >= 0) out[j >>> 5]! |= 1 << (j & 31)
      }
    }
  }
  if (from !== undefined) add(from, fromMap)
  if (to !== undefined) add(to, toMap)
  return out
}
