import { readFileSync } from 'node:fs'
import { type DrizzleSQLiteSnapshotJSON, generateSQLiteDrizzleJson, generateSQLiteMigration } from 'drizzle-kit/api'
import t from 'tap'
import * as schema from '../../src/db/schema.js'
import { setup } from '../helpers/app.js'

t.test('openapi.yaml is generated from the current routes', async (t) => {
  const { app } = await setup(t, { sample: false })
  const committed = readFileSync(new URL('../../openapi.yaml', import.meta.url), 'utf8')
  t.equal(app.swagger({ yaml: true }), committed, 'run `npm run openapi` and commit openapi.yaml')
  const served = await app.inject('/openapi.yaml')
  t.equal(served.statusCode, 200)
  t.equal(served.headers['content-type'], 'application/yaml')
  t.equal(served.body, committed)
})

t.test('the schema has no change without a migration', async (t) => {
  const journal = JSON.parse(readFileSync('migrations/meta/_journal.json', 'utf8')) as { entries: Array<{ idx: number }> }
  const last = journal.entries.at(-1)!.idx.toString().padStart(4, '0')
  const snapshot = JSON.parse(readFileSync(`migrations/meta/${last}_snapshot.json`, 'utf8')) as DrizzleSQLiteSnapshotJSON
  const current = await generateSQLiteDrizzleJson(schema, snapshot.id, 'snake_case')
  t.strictSame(await generateSQLiteMigration(snapshot, current), [], 'run `npm run db:generate` and commit the migration')
})
