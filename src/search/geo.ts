// Great-circle distances from a centre to the offers' locations, with a grid to visit only nearby points.
// Each point keeps the sines and cosines haversine needs (in typed arrays), so a distance test is a few multiplications.

export const EARTH_RADIUS_KM = 6371.0088
const GRID_LAT = 0.05
const GRID_LNG = 0.08
const KM_PER_DEGREE = Math.PI * EARTH_RADIUS_KM / 180

export type Centre = { latitude: number, longitude: number, sinHalfLat: number, cosHalfLat: number, cosLat: number, sinHalfLng: number, cosHalfLng: number }

const rad = (degrees: number) => degrees * Math.PI / 180

export function centre (latitude: number, longitude: number): Centre {
  const lat = rad(latitude)
  const lng = rad(longitude)
  return {
    latitude, longitude, cosLat: Math.cos(lat),
    sinHalfLat: Math.sin(lat / 2), cosHalfLat: Math.cos(lat / 2), sinHalfLng: Math.sin(lng / 2), cosHalfLng: Math.cos(lng / 2)
  }
}

export const kmFromA = (a: number) => 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(Math.min(1, a)))
/** Great-circle distance (haversine) from a centre to one point. */
export function kmTo (c: Centre, latitude: number, longitude: number): number {
  return kmFromA(Math.sin(rad(latitude - c.latitude) / 2) ** 2 + c.cosLat * Math.cos(rad(latitude)) * Math.sin(rad(longitude - c.longitude) / 2) ** 2)
}
const aFromKm = (km: number) => Math.sin(km / (2 * EARTH_RADIUS_KM)) ** 2
const gridKey = (gy: number, gx: number) => gy * 10000 + gx
const gridY = (latitude: number) => Math.floor((latitude + 90) / GRID_LAT)
const gridX = (longitude: number) => Math.floor((longitude + 180) / GRID_LNG)

/**
 * Per place, haversine's terms side by side (one or two cache lines for a distance, not one per term), places numbered
 * in grid order so a radius scan reads its cells' places one after the other. Against five arrays in the order places
 * were met: about 3 µs less server CPU per filter or near request (CPU per request over wrk runs, the plain and the
 * tuned build alternated; docs/performance.md).
 */
const SIN_HALF_LAT = 0
const COS_HALF_LAT = 1
const COS_LAT = 2
const SIN_HALF_LNG = 3
const COS_HALF_LNG = 4
const TERMS = 5

export class GeoPoints {
  /** Places of offer i: placeList[placeStart[i] .. placeStart[i+1]). */
  private readonly placeStart: Int32Array
  private readonly placeList: Int32Array
  /** Offers at place p: ownerList[ownerStart[p] .. ownerStart[p+1]). Many offers share a place: distances go per place. */
  private readonly ownerStart: Int32Array
  private readonly ownerList: Int32Array
  /** Place p's terms at [p·TERMS, (p+1)·TERMS). */
  private readonly terms: Float64Array
  /** Grid cell → its places [start, end): places are numbered in grid order, so a radius scan reads them one after the other. */
  private readonly cells = new Map<number, [start: number, end: number]>()

  /** `locations` per offer; an offer's entry for a place shared with other offers is the same object. */
  constructor (locations: ReadonlyArray<ReadonlyArray<{ latitude: number | null, longitude: number | null }>>) {
    const placeOf = new Map<object, number>()
    const places: Array<{ latitude: number, longitude: number }> = []
    const offerPlaces: number[] = []
    this.placeStart = new Int32Array(locations.length + 1)
    locations.forEach((list, i) => {
      for (const l of list) {
        if (l.latitude === null || l.longitude === null) continue
        let p = placeOf.get(l)
        if (p === undefined) {
          placeOf.set(l, p = places.length)
          places.push({ latitude: l.latitude, longitude: l.longitude })
        }
        offerPlaces.push(p)
      }
      this.placeStart[i + 1] = offerPlaces.length
    })
    const count = places.length
    const keys = places.map(({ latitude, longitude }) => gridKey(gridY(latitude), gridX(longitude)))
    // Places in grid order (first seen first within a cell); `numbered[q]` is the number of the q-th place seen.
    const inGridOrder = Array.from(places.keys()).sort((a, b) => keys[a]! - keys[b]! || a - b)
    const numbered = new Int32Array(count)
    inGridOrder.forEach((q, p) => { numbered[q] = p })
    this.placeList = Int32Array.from(offerPlaces, (q) => numbered[q]!)
    // Offers per place, in ordinal order: counted, then filled.
    this.ownerStart = new Int32Array(count + 1)
    for (const p of this.placeList) this.ownerStart[p + 1]!++
    for (let p = 0; p < count; p++) this.ownerStart[p + 1]! += this.ownerStart[p]!
    this.ownerList = new Int32Array(offerPlaces.length)
    const filled = this.ownerStart.slice(0, count)
    for (let i = 0; i < locations.length; i++) {
      for (let k = this.placeStart[i]!; k < this.placeStart[i + 1]!; k++) this.ownerList[filled[this.placeList[k]!]!++] = i
    }
    this.terms = new Float64Array(count * TERMS)
    inGridOrder.forEach((q, p) => {
      const c = centre(places[q]!.latitude, places[q]!.longitude)
      this.terms.set([c.sinHalfLat, c.cosHalfLat, c.cosLat, c.sinHalfLng, c.cosHalfLng], p * TERMS)
    })
    for (let p = 0; p < count;) {
      const key = keys[inGridOrder[p]!]!
      let end = p + 1
      while (end < count && keys[inGridOrder[end]!] === key) end++
      this.cells.set(key, [p, end])
      p = end
    }
  }

  /** Haversine's `a` (sin²(Δφ/2) + cos φ1 cos φ2 sin²(Δλ/2)) from the centre to place p; it grows with the distance. */
  private a (c: Centre, p: number): number {
    const t = this.terms
    const at = p * TERMS
    const sinDLat = t[at + SIN_HALF_LAT]! * c.cosHalfLat - t[at + COS_HALF_LAT]! * c.sinHalfLat
    const sinDLng = t[at + SIN_HALF_LNG]! * c.cosHalfLng - t[at + COS_HALF_LNG]! * c.sinHalfLng
    return sinDLat * sinDLat + c.cosLat * t[at + COS_LAT]! * sinDLng * sinDLng
  }

  /** Haversine `a` from the centre to the offer's nearest location; Infinity when it has none. */
  nearestA (c: Centre, ordinal: number): number {
    let best = Infinity
    for (let k = this.placeStart[ordinal]!; k < this.placeStart[ordinal + 1]!; k++) best = Math.min(best, this.a(c, this.placeList[k]!))
    return best
  }

  /**
   * Marks each offer with a location within the radius in `bits` (empty on entry), and sets its entry in `nearest` to
   * the smallest `a` of its locations there. Entries of unmarked offers are left as they were: the bit, not the entry,
   * tells whether an offer was seen, so the entries (an array over all offers, read at random) are only written.
   */
  within (c: Centre, radiusKm: number, bits: Uint32Array, nearest: Float64Array): void {
    const limit = aFromKm(radiusKm)
    const dLat = radiusKm / KM_PER_DEGREE
    const farthestLat = Math.min(89, Math.abs(c.latitude) + dLat)
    const dLng = Math.min(180, radiusKm / (KM_PER_DEGREE * Math.cos(rad(farthestLat))))
    const { terms: t, ownerStart, ownerList } = this
    const { sinHalfLat: cs, cosHalfLat: cc, cosLat: cl, sinHalfLng: ns, cosHalfLng: nc } = c
    for (let gy = gridY(c.latitude - dLat); gy <= gridY(c.latitude + dLat); gy++) {
      for (let gx = gridX(c.longitude - dLng); gx <= gridX(c.longitude + dLng); gx++) {
        const cell = this.cells.get(gridKey(gy, gx))
        if (cell === undefined) continue
        for (let p = cell[0]; p < cell[1]; p++) {
          // Haversine's a, as in a(), with the centre's terms in locals.
          const at = p * TERMS
          const sinDLat = t[at + SIN_HALF_LAT]! * cc - t[at + COS_HALF_LAT]! * cs
          const sinDLng = t[at + SIN_HALF_LNG]! * nc - t[at + COS_HALF_LNG]! * ns
          const a = sinDLat * sinDLat + cl * t[at + COS_LAT]! * sinDLng * sinDLng
          if (a > limit) continue
          for (let j = ownerStart[p]!; j < ownerStart[p + 1]!; j++) {
            const o = ownerList[j]!
            const w = o >>> 5
            const bit = 1 << (o & 31)
            if ((bits[w]! & bit) === 0) {
              bits[w]! |= bit
              nearest[o] = a
            } else if (a < nearest[o]!) nearest[o] = a
          }
        }
      }
    }
  }
}
