// Great-circle distances from a centre to the offers' locations, with a grid to visit only nearby points.
// Each point keeps the sines and cosines haversine needs, so a distance test costs a few multiplications.

export const EARTH_RADIUS_KM = 6371.0088
const GRID_LAT = 0.05
const GRID_LNG = 0.08
const KM_PER_DEGREE = Math.PI * EARTH_RADIUS_KM / 180

type Trig = { sinHalfLat: number, cosHalfLat: number, cosLat: number, sinHalfLng: number, cosHalfLng: number }

export type Centre = Trig & { latitude: number, longitude: number }

const rad = (degrees: number) => degrees * Math.PI / 180

export function centre (latitude: number, longitude: number): Centre {
  const lat = rad(latitude)
  const lng = rad(longitude)
  return {
    latitude, longitude, cosLat: Math.cos(lat),
    sinHalfLat: Math.sin(lat / 2), cosHalfLat: Math.cos(lat / 2), sinHalfLng: Math.sin(lng / 2), cosHalfLng: Math.cos(lng / 2)
  }
}

/** Haversine's `a` for two points: sin²(Δφ/2) + cos φ1 cos φ2 sin²(Δλ/2); it grows with the distance. */
function haversineA (c: Trig, p: Trig): number {
  const sinDLat = p.sinHalfLat * c.cosHalfLat - p.cosHalfLat * c.sinHalfLat
  const sinDLng = p.sinHalfLng * c.cosHalfLng - p.cosHalfLng * c.sinHalfLng
  return sinDLat * sinDLat + c.cosLat * p.cosLat * sinDLng * sinDLng
}

export const kmFromA = (a: number) => 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(Math.min(1, a)))
const aFromKm = (km: number) => Math.sin(km / (2 * EARTH_RADIUS_KM)) ** 2
const gridKey = (gy: number, gx: number) => gy * 10000 + gx
const gridY = (latitude: number) => Math.floor((latitude + 90) / GRID_LAT)
const gridX = (longitude: number) => Math.floor((longitude + 180) / GRID_LNG)

export class GeoPoints {
  /** Points of offer i: pointStart[i] .. pointStart[i+1]. */
  private readonly pointStart: Int32Array
  private readonly owner: Int32Array
  private readonly trig: Trig[]
  private readonly grid = new Map<number, number[]>()

  constructor (locations: ReadonlyArray<ReadonlyArray<{ latitude: number | null, longitude: number | null }>>) {
    this.pointStart = new Int32Array(locations.length + 1)
    const owner: number[] = []
    this.trig = []
    locations.forEach((list, i) => {
      for (const l of list) {
        if (l.latitude === null || l.longitude === null) continue
        const point = this.trig.length
        this.trig.push(centre(l.latitude, l.longitude))
        owner.push(i)
        const key = gridKey(gridY(l.latitude), gridX(l.longitude))
        const cell = this.grid.get(key)
        if (cell === undefined) this.grid.set(key, [point])
        else cell.push(point)
      }
      this.pointStart[i + 1] = this.trig.length
    })
    this.owner = Int32Array.from(owner)
  }

  /** Haversine `a` from the centre to the offer's nearest location; Infinity when it has none. */
  nearestA (c: Centre, ordinal: number): number {
    let best = Infinity
    for (let p = this.pointStart[ordinal]!; p < this.pointStart[ordinal + 1]!; p++) best = Math.min(best, haversineA(c, this.trig[p]!))
    return best
  }

  /** Calls `found` with each offer that has a location within the radius and the `a` of that location (nearest or not). */
  within (c: Centre, radiusKm: number, found: (ordinal: number, a: number) => void): void {
    const limit = aFromKm(radiusKm)
    const dLat = radiusKm / KM_PER_DEGREE
    const farthestLat = Math.min(89, Math.abs(c.latitude) + dLat)
    const dLng = Math.min(180, radiusKm / (KM_PER_DEGREE * Math.cos(rad(farthestLat))))
    for (let gy = gridY(c.latitude - dLat); gy <= gridY(c.latitude + dLat); gy++) {
      for (let gx = gridX(c.longitude - dLng); gx <= gridX(c.longitude + dLng); gx++) {
        const cell = this.grid.get(gridKey(gy, gx))
        if (cell === undefined) continue
        for (const p of cell) {
          const a = haversineA(c, this.trig[p]!)
          if (a <= limit) found(this.owner[p]!, a)
        }
      }
    }
  }
}
