// Writes openapi.yaml from the routes (`npm run openapi`); with --check, exits 1 when the committed file differs.
import { readFileSync, writeFileSync } from 'node:fs'
import { buildApp } from '../app.js'
import { loadConfig } from '../config.js'
import { openDb } from '../db/client.js'

const file = new URL('../../openapi.yaml', import.meta.url)
const db = openDb(':memory:')
const app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'silent' }), db })
const yaml = app.swagger({ yaml: true })
await app.close()
if (process.argv.includes('--check')) {
  const same = readFileSync(file, 'utf8') === yaml
  console.log(same ? 'openapi.yaml is up to date' : 'openapi.yaml differs from the code: run `npm run openapi`')
  process.exit(same ? 0 : 1)
}
writeFileSync(file, yaml)
console.log('wrote openapi.yaml')
