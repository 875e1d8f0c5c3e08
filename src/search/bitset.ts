// Fixed-size bit sets over offer ordinals: the search index keeps one per filter value and combines them word by word.

export type Bits = Uint32Array

export const wordsFor = (size: number) => (size + 31) >>> 5

export function emptyBits (size: number): Bits {
  return new Uint32Array(wordsFor(size))
}

export function fullBits (size: number): Bits {
  const bits = emptyBits(size).fill(0xffffffff)
  const tail = size & 31
  if (tail !== 0) bits[bits.length - 1] = (1 << tail) - 1
  return bits
}

export function setBit (bits: Bits, i: number): void {
  bits[i >>> 5]! |= 1 << (i & 31)
}

export function hasBit (bits: Bits, i: number): boolean {
  return (bits[i >>> 5]! & (1 << (i & 31))) !== 0
}

export function fromOrdinals (size: number, ordinals: Iterable<number>): Bits {
  const bits = emptyBits(size)
  for (const i of ordinals) setBit(bits, i)
  return bits
}

/** a &= b, in place. */
export function andInto (a: Bits, b: Bits): Bits {
  for (let w = 0; w < a.length; w++) a[w]! &= b[w]!
  return a
}

/** a &= b, in place; the size of the result. */
export function andCount (a: Bits, b: Bits): number {
  let n = 0
  for (let w = 0; w < a.length; w++) {
    n += popcount32(a[w]! &= b[w]!)
  }
  return n
}

/** a |= b, in place. */
export function orInto (a: Bits, b: Bits): Bits {
  for (let w = 0; w < a.length; w++) a[w]! |= b[w]!
  return a
}

/**
 * The bits set in a word. The counts below add it for every word, zero or not: in candidate sets holding a few percent
 * of the offers most words are not zero, and a branch skipping the zero ones mispredicts. Counting every word (with
 * Math.imul) was about 20 % faster for such sets, slower only for very sparse ones, which are cheap either way
 * (measured in process on 50,000-bit sets; docs/performance.md).
 */
export function popcount32 (x: number): number {
  x -= (x >>> 1) & 0x55555555
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333)
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24
}

export function count (bits: Bits): number {
  let n = 0
  for (let w = 0; w < bits.length; w++) {
    n += popcount32(bits[w]!)
  }
  return n
}

/** The size of a ∩ b, without making it. */
export function countBoth (a: Bits, b: Bits): number {
  let n = 0
  for (let w = 0; w < a.length; w++) {
    n += popcount32(a[w]! & b[w]!)
  }
  return n
}

/** The members in ascending order. */
export function members (bits: Bits, into: number[] = []): number[] {
  for (let w = 0; w < bits.length; w++) {
    let x = bits[w]!
    while (x !== 0) {
      const low = x & -x
      into.push((w << 5) + 31 - Math.clz32(low))
      x ^= low
    }
  }
  return into
}

/** The first `limit` members at or after the `skip`-th one, in ascending order. */
export function slice (bits: Bits, skip: number, limit: number): number[] {
  const out: number[] = []
  let seen = 0
  for (let w = 0; w < bits.length && out.length < limit; w++) {
    let x = bits[w]!
    if (x === 0) continue
    const n = popcount32(x)
    if (seen + n <= skip) { seen += n; continue }
    while (x !== 0 && out.length < limit) {
      const low = x & -x
      if (seen >= skip) out.push((w << 5) + 31 - Math.clz32(low))
      seen++
      x ^= low
    }
  }
  return out
}

/** Where `value` is, or would go, in a sorted list of ordinals or rowids (the last place when it is above them all). */
export function binarySearch (sorted: Int32Array, value: number): number {
  let lo = 0
  let hi = sorted.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (sorted[mid]! < value) lo = mid + 1
    else hi = mid
  }
  return lo
}
