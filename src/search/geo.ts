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

export class GeoPoints {
  /** Places of offer i: placeList[placeStart[i] .. placeStart[i+1]). */
  private readonly placeStart: Int32Array
  private readonly placeList: Int32Array
  /** Offers at place p: ownerList[ownerStart[p] .. ownerStart[p+1]). Many offers share a place: distances go per place. */
  private readonly ownerStart: Int32Array
  private readonly ownerList: Int32Array
  private readonly sinHalfLat: Float64Array
  private readonly cosHalfLat: Float64Array
  private readonly cosLat: Float64Array
  private readonly sinHalfLng: Float64Array
  private readonly cosHalfLng: Float64Array
  /** Grid cell → its places, as a slice of `byCell`. */
  private readonly cells = new Map<number, [start: number, end: number]>()
  private readonly byCell: Int32Array

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
    this.placeList = Int32Array.from(offerPlaces)
    const count = places.length
    // Offers per place, in ordinal order: counted, then filled.
    this.ownerStart = new Int32Array(count + 1)
    for (const p of offerPlaces) this.ownerStart[p + 1]!++
    for (let p = 0; p < count; p++) this.ownerStart[p + 1]! += this.ownerStart[p]!
    this.ownerList = new Int32Array(offerPlaces.length)
    const filled = this.ownerStart.slice(0, count)
    for (let i = 0; i < locations.length; i++) {
      for (let k = this.placeStart[i]!; k < this.placeStart[i + 1]!; k++) this.ownerList[filled[this.placeList[k]!]!++] = i
    }
    this.sinHalfLat = new Float64Array(count)
    this.cosHalfLat = new Float64Array(count)
    this.cosLat = new Float64Array(count)
    this.sinHalfLng = new Float64Array(count)
    this.cosHalfLng = new Float64Array(count)
    const keys = new Float64Array(count)
    places.forEach(({ latitude, longitude }, p) => {
      const c = centre(latitude, longitude)
      this.sinHalfLat[p] = c.sinHalfLat
      this.cosHalfLat[p] = c.cosHalfLat
      this.cosLat[p] = c.cosLat
      this.sinHalfLng[p] = c.sinHalfLng
      this.cosHalfLng[p] = c.cosHalfLng
      keys[p] = gridKey(gridY(latitude), gridX(longitude))
    })
    this.byCell = Int32Array.from({ length: count }, (_, p) => p).sort((a, b) => keys[a]! - keys[b]!)
    for (let k = 0; k < count;) {
      const key = keys[this.byCell[k]!]!
      let end = k + 1
      while (end < count && keys[this.byCell[end]!] === key) end++
      this.cells.set(key, [k, end])
      k = end
    }
  }

  /** Haversine's `a` (sin²(Δφ/2) + cos φ1 cos φ2 sin²(Δλ/2)) from the centre to place p; it grows with the distance. */
  private a (c: Centre, p: number): number {
    const sinDLat = this.sinHalfLat[p]! * c.cosHalfLat - this.cosHalfLat[p]! * c.sinHalfLat
    const sinDLng = this.sinHalfLng[p]! * c.cosHalfLng - this.cosHalfLng[p]! * c.sinHalfLng
    return sinDLat * sinDLat + c.cosLat * this.cosLat[p]! * sinDLng * sinDLng
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
    const { sinHalfLat, cosHalfLat, cosLat, sinHalfLng, cosHalfLng, byCell, ownerStart, ownerList } = this
    const { sinHalfLat: cs, cosHalfLat: cc, cosLat: cl, sinHalfLng: ns, cosHalfLng: nc } = c
    for (let gy = gridY(c.latitude - dLat); gy <= gridY(c.latitude + dLat); gy++) {
      for (let gx = gridX(c.longitude - dLng); gx <= gridX(c.longitude + dLng); gx++) {
        const cell = this.cells.get(gridKey(gy, gx))
        if (cell === undefined) continue
        for (let k = cell[0]; k < cell[1]; k++) {
          const p = byCell[k]!
          // Haversine's a, as in a(), with the centre's terms in locals.
          const sinDLat = sinHalfLat[p]! * cc - cosHalfLat[p]! * cs
          const sinDLng = sinHalfLng[p]! * nc - cosHalfLng[p]! * ns
          const a = sinDLat * sinDLat + cl * cosLat[p]! * sinDLng * sinDLng
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
