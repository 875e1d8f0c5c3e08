// The searches `npm run bench` measures: per case 200 realistic URLs over the generated directory.
import Database from 'better-sqlite3'

/** Realistic searches over the generated directory: real postcodes, phases, care types, places. */
export function cases (database: string) {
  const db = new Database(database, { readonly: true })
  const postcodes = db.prepare(`SELECT DISTINCT p.postcode, p.latitude, p.longitude, r.name_nl AS town FROM postcodes p JOIN regions r ON r.code = p.municipality_code
    JOIN region_ancestors a ON a.region_code = r.code AND a.ancestor_code IN ('BE-VLG', 'BE-BRU') ORDER BY p.postcode`).all() as Array<{ postcode: string, latitude: number, longitude: number, town: string }>
  db.close()
  const every = (n: number) => postcodes.filter((_, i) => i % Math.floor(postcodes.length / n) === 0).slice(0, n)
  const phases = ['zwangerschap', 'kraamperiode', 'baby', 'dreumes', 'peuter', 'kleuter', 'kinderwens', 'eerste_1000_dagen']
  const careTypes = ['ggz', 'preventie', 'vroedvrouw', 'elp_psycholoog', 'kinderopvang', 'welzijn', 'lotgenotengroep', 'perinatale_zorg']
  const pick = <T>(list: T[], i: number) => list[i % list.length]!
  const sentences = ['postpartum depressie', 'onze baby huilt heel veel, we wonen in', 'zwanger en drugs', 'kinderwens', 'vroedvrouw aan huis in',
    'mama voelt zich somber', 'borstvoeding', 'papa groep', '3 maanden slaapt slecht', 'sage-femme']
  const typos = ['vroedvruw', 'depresie', 'borstvoedng', 'kinderopvng', 'sterenkind', 'psycholoog zwangr']
  const needs = ['vroedvrouw', 'depressie', 'borstvoeding', 'kinderopvang', 'zwangerschap', 'psycholoog', 'huilbaby']
  const places = every(200)
  return [
    { name: 'filter', paths: places.map((p, i) => `/v1/offers?postcode=${p.postcode}&phase=${pick(phases, i)}${i % 3 === 0 ? `&care_type=${pick(careTypes, i)}` : ''}${i % 4 === 0 ? '&language=fr' : ''}`) },
    // Literal text (read_q=false): the text engine alone, as before the one box read q.
    { name: 'text broad', paths: places.map((p, i) => `/v1/offers?read_q=false&q=${pick(['ouders', 'praktijk', 'begeleiding', 'gezinnen'], i)}&postcode=${p.postcode}`) },
    { name: 'text rare', paths: places.map((p, i) => `/v1/offers?read_q=false&q=${pick(['postpartumpsychose', 'draagdoek', 'zindelijkheid', 'tweelingen', 'babymassage'], i)}&region=${pick(['BE-VAN', 'BE-VOV', 'BE-VWV', 'BE-VBR', 'BE-VLI', 'BE-BRU'], i)}`) },
    // The one box: a sentence with a need and a place, a typo, a place alone; and autocomplete as people type.
    { name: 'one box sentence', paths: places.map((p, i) => `/v1/offers?q=${encodeURIComponent(`${pick(sentences, i)} ${p.town}`)}`) },
    { name: 'one box typo', paths: places.map((p, i) => `/v1/offers?q=${encodeURIComponent(`${pick(typos, i)} ${p.town}`)}`) },
    { name: 'one box place', paths: places.map((p, i) => `/v1/offers?q=${encodeURIComponent(i % 2 === 0 ? p.town : p.postcode)}`) },
    { name: 'suggest', paths: places.map((p, i) => `/v1/suggest?q=${encodeURIComponent(i % 2 === 0 ? p.town.slice(0, 2 + (i % 5)) : pick(needs, i).slice(0, 3 + (i % 4)))}`) },
    { name: 'near + radius', paths: places.map((p, i) => `/v1/offers?near=${p.latitude.toFixed(3)},${p.longitude.toFixed(3)}&radius_km=${pick([5, 10, 15], i)}&phase=${pick(phases, i)}`) },
    { name: 'facets', paths: places.map((p, i) => `/v1/offers?postcode=${p.postcode}&phase=${pick(phases, i)}&facets=true`) }
  ]
}
