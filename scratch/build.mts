import { openDb } from '../src/db/client.js'
import { offerSearch } from '../src/search/service.js'
const db = openDb('data/bench-50000.db')
const t = performance.now()
offerSearch(db).current()
console.log('build', (performance.now() - t).toFixed(0))
