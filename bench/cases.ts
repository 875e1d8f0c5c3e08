// The searches `npm run bench` measures: per case 200 realistic URLs over the generated directory.
import Database from 'better-sqlite3'

/** Realistic searches over the generated directory: real postcodes, phases, care types, places. */
export function cases (database: string) {
  const db = new Database(database, { readonly: true })
  const postcodes = db.prepare(`SELECT DISTINCT p.postcode, p.latitude, p.longitude FROM postcodes p JOIN regions r ON r.code = p.municipality_code
    JOIN region_ancestors a ON a.region_code = r.code AND a.ancestor_code IN ('BE-VLG', 'BE-BRU') ORDER BY p.postcode`).all() as Array<{ postcode: string, latitude: number, longitude: number }>
  db.close()
  const every = (n: number) => postcodes.filter((_, i) => i % Math.floor(postcodes.length / n) === 0).slice(0, n)
  const phases = ['zwangerschap', 'kraamperiode', 'baby', 'dreumes', 'peuter', 'kleuter', 'kinderwens', 'eerste_1000_dagen']
  const careTypes = ['ggz', 'preventie', 'vroedvrouw', 'elp_psycholoog', 'kinderopvang', 'welzijn', 'lotgenotengroep', 'perinatale_zorg']
  const pick = <T>(list: T[], i: number) => list[i % list.length]!
  const places = every(200)
  return [
    { name: 'filter', paths: places.map((p, i) => `/v1/offers?postcode=${p.postcode}&phase=${pick(phases, i)}${i % 3 === 0 ? `&care_type=${pick(careTypes, i)}` : ''}${i % 4 === 0 ? '&language=fr' : ''}`) },
    { name: 'text broad', paths: places.map((p, i) => `/v1/offers?q=${pick(['ouders', 'praktijk', 'begeleiding', 'gezinnen'], i)}&postcode=${p.postcode}`) },
    { name: 'text rare', paths: places.map((p, i) => `/v1/offers?q=${pick(['postpartumpsychose', 'draagdoek', 'zindelijkheid', 'tweelingen', 'babymassage'], i)}&region=${pick(['BE-VAN', 'BE-VOV', 'BE-VWV', 'BE-VBR', 'BE-VLI', 'BE-BRU'], i)}`) },
    { name: 'near + radius', paths: places.map((p, i) => `/v1/offers?near=${p.latitude.toFixed(3)},${p.longitude.toFixed(3)}&radius_km=${pick([5, 10, 15], i)}&phase=${pick(phases, i)}`) },
    { name: 'facets', paths: places.map((p, i) => `/v1/offers?postcode=${p.postcode}&phase=${pick(phases, i)}&facets=true`) }
  ]
}
