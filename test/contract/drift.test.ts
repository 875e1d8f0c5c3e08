import { spawnSync } from 'node:child_process'
import { cpSync, readdirSync, readFileSync } from 'node:fs'
import { relative } from 'node:path'
import t from 'tap'
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

/** drizzle-kit loads the schema through its own loader: without tap's hooks, or its coverage counts as the schema's. */
function withoutTestHooks (): NodeJS.ProcessEnv {
  const { NODE_OPTIONS: _hooks, ...env } = process.env
  return env
}

t.test('the schema has no change without a migration', async (t) => {
  const dir = relative(process.cwd(), t.testdir())
  cpSync('migrations', dir, { recursive: true })
  const before = readdirSync(dir).sort()
  const r = spawnSync(process.execPath, ['node_modules/drizzle-kit/bin.cjs', 'generate', '--dialect', 'sqlite',
    '--schema', './src/db/schema.ts', '--out', `./${dir}`, '--casing', 'snake_case'], { encoding: 'utf8', env: withoutTestHooks() })
  t.equal(r.status, 0, r.stderr)
  t.match(r.stdout, /No schema changes/)
  t.strictSame(readdirSync(dir).sort(), before, 'run `npm run db:generate` and commit the migration')
})
