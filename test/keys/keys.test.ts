// API keys: issue, list, revoke (effective on the next request), hashing at rest, no key in the query string or in the logs.
import { spawnSync } from 'node:child_process'
import { Writable } from 'node:stream'
import Fastify from 'fastify'
import t from 'tap'
import { buildApp, loggerOptions } from '../../src/app.js'
import { openDb } from '../../src/db/client.js'
import { loadReference } from '../../src/db/reference.js'
import { loadSample } from '../../src/datasets/sample.js'
import { keyAuth } from '../../src/keys/auth.js'
import { keyCommand, runKeyCommand, UsageError } from '../../src/keys/command.js'
import { hashSecret, parseKey, secretMatches } from '../../src/keys/secret.js'
import { authenticate, issueKey } from '../../src/keys/store.js'
import { setup, testConfig } from '../helpers/app.js'
import { call, keyFor, OTHER, OWN, TEST_ACTOR } from '../helpers/curation.js'
import { runToEnd } from '../helpers/server.js'

const KEY = /^pimh_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/

t.test('an admin issues keys; the secret is shown once and stored only as a hash', async (t) => {
  const { app, db } = await setup(t)
  const admin = keyFor(db, 'admin', [], 'lead curator')
  const issued = await call(app, admin, 'POST', '/v1/admin/keys', { role: 'editor', label: 'Seefhoek team', organisation_ids: [OWN.organisation, OWN.organisation, OTHER.organisation] })
  t.equal(issued.status, 201)
  t.equal(issued.headers['content-type'], 'application/json; charset=utf-8')
  t.equal(issued.headers['cache-control'], 'no-store')
  t.match(issued.body.key, KEY)
  t.match(issued.body, { role: 'editor', label: 'Seefhoek team', organisation_ids: [OWN.organisation, OTHER.organisation].sort(), revoked_at: null, last_used_at: null })
  t.equal(issued.body.key_id, parseKey(issued.body.key)!.keyId)

  const editorRead = await call(app, issued.body.key, 'GET', `/v1/admin/offers/${OWN.offer}`)
  t.equal(editorRead.status, 200, 'the new key works at once')

  const list = await call(app, admin, 'GET', '/v1/admin/keys')
  t.equal(list.status, 200)
  t.equal(list.body.total_items, 2)
  const listed = list.body.contents.find((k: { id: string }) => k.id === issued.body.id)
  t.strictSame(Object.keys(listed).sort(), ['created_at', 'created_by', 'id', 'key_id', 'label', 'last_used_at', 'organisation_ids', 'revoked_at', 'role'])
  t.not(listed.last_used_at, null, 'last use is recorded')
  t.notOk(JSON.stringify(list.body).includes(parseKey(issued.body.key)!.secret), 'the list never shows a secret')

  const dump = JSON.stringify(db.$client.prepare('SELECT * FROM api_keys').all())
  for (const plain of [admin, issued.body.key]) {
    const { secret } = parseKey(plain)!
    t.notOk(dump.includes(secret), 'no plaintext secret at rest')
    t.ok(dump.includes(hashSecret(secret)), 'its SHA-256 is there')
  }
  const audit = await call(app, admin, 'GET', '/v1/admin/audit?entity_kind=key')
  t.strictSame(audit.body.contents.map((a: { action: string, entity_id: string, key_label: string }) => [a.action, a.entity_id, a.key_label]), [
    ['issue', issued.body.id, 'lead curator'],
    ['issue', list.body.contents.find((k: { label: string }) => k.label === 'lead curator').id, 'test setup']
  ])
})

t.test('key requests are checked', async (t) => {
  const { app, db } = await setup(t)
  const admin = keyFor(db, 'admin')
  const cases: Array<[unknown, string[]]> = [
    [{ role: 'editor', label: 'x' }, ['/organisation_ids']],
    [{ role: 'partner', label: 'x', organisation_ids: [OWN.organisation] }, ['/organisation_ids']],
    [{ role: 'editor', label: 'x', organisation_ids: [OWN.organisation, '00000000-0000-4000-8000-000000000000'] }, ['/organisation_ids/1']],
    [{ role: 'root', label: '' }, ['/role', '/label']],
    [{ role: 'admin', label: 'x', secret: 'mine' }, ['/']]
  ]
  for (const [body, paths] of cases) {
    const res = await call(app, admin, 'POST', '/v1/admin/keys', body)
    t.equal(res.status, 400, JSON.stringify(body))
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
    t.strictSame(res.body.errors.map((e: { path: string }) => e.path), paths)
  }
  t.equal((await call(app, admin, 'GET', '/v1/admin/keys')).body.total_items, 1, 'none was issued')
})

t.test('a revoked key is refused from the very next request', async (t) => {
  const { app, db } = await setup(t)
  const admin = keyFor(db, 'admin', [], 'first admin')
  const partner = issueKey(db, { role: 'partner', label: 'family portal' }, TEST_ACTOR)
  const second = issueKey(db, { role: 'admin', label: 'second admin' }, TEST_ACTOR)
  t.equal((await call(app, second.plain, 'GET', '/v1/admin/audit')).status, 200)

  const revoked = await call(app, admin, 'DELETE', `/v1/admin/keys/${second.record.id}`)
  t.equal(revoked.status, 200)
  t.not(revoked.body.revoked_at, null)
  const next = await call(app, second.plain, 'GET', '/v1/admin/audit')
  t.equal(next.status, 401, 'refused on the next request')
  t.equal(next.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.equal(next.body.detail, 'A valid API key is required in the X-Api-Key header')

  const again = await call(app, admin, 'DELETE', `/v1/admin/keys/${second.record.id}`)
  t.equal(again.status, 200, 'revoking twice is harmless')
  t.equal(again.body.revoked_at, revoked.body.revoked_at)
  t.equal((await call(app, admin, 'DELETE', `/v1/admin/keys/${partner.record.id}`)).status, 200)
  t.equal((await call(app, admin, 'DELETE', '/v1/admin/keys/00000000-0000-4000-8000-000000000000')).status, 404)

  const last = await call(app, admin, 'DELETE', `/v1/admin/keys/${(await call(app, admin, 'GET', '/v1/admin/keys?role=admin&revoked=false')).body.contents[0].id}`)
  t.equal(last.status, 409, 'the last admin key stays')
  t.match(last.body.detail, /last active admin key/)

  const active = await call(app, admin, 'GET', '/v1/admin/keys?revoked=false')
  t.strictSame(active.body.contents.map((k: { label: string }) => k.label), ['first admin'])
  const all = await call(app, admin, 'GET', '/v1/admin/keys?revoked=true&role=partner')
  t.strictSame(all.body.contents.map((k: { label: string }) => k.label), ['family portal'])
  const beyond = await call(app, admin, 'GET', '/v1/admin/keys?page=9')
  t.match(beyond.body, { total_items: 3, empty: true, contents: [] })
})

t.test('a key counts only in the X-Api-Key header', async (t) => {
  const { app, db } = await setup(t)
  const admin = keyFor(db, 'admin')
  for (const url of [`/v1/admin/audit?api_key=${admin}`, `/v1/admin/audit?x-api-key=${admin}`, `/v1/admin/audit?key=${admin}`]) {
    t.equal((await call(app, undefined, 'GET', url)).status, 401, url.split('?')[1]!.split('=')[0]!)
  }
  t.equal((await call(app, undefined, 'GET', '/v1/admin/audit', undefined, { authorization: `Bearer ${admin}` })).status, 401)
  const { secret, keyId } = parseKey(admin)!
  for (const wrong of [`pimh_${keyId}_${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`, `pimh_${keyId}_${secret}x`, admin.toUpperCase(), '']) {
    t.equal((await call(app, undefined, 'GET', '/v1/admin/audit', undefined, { 'x-api-key': wrong })).status, 401)
  }
  t.equal((await call(app, admin, 'GET', '/v1/admin/audit')).status, 200)
})

t.test('key parts, hashing and last use', async (t) => {
  const db = openDb(':memory:')
  t.teardown(() => db.$client.close())
  t.equal(parseKey('pimh_zz_secret'), undefined)
  t.notOk(secretMatches(hashSecret('a'), 'b'))
  t.ok(secretMatches(hashSecret('a'), 'a'))
  const { plain, record } = issueKey(db, { role: 'partner', label: 'p' }, TEST_ACTOR)
  const at = Date.parse('2026-01-01T10:00:00Z')
  const lastUsed = () => (db.$client.prepare('SELECT last_used_at FROM api_keys WHERE id = ?').get(record.id) as { last_used_at: string }).last_used_at
  t.match(authenticate(db, plain, at), { id: record.id, role: 'partner', label: 'p' })
  t.equal(lastUsed(), '2026-01-01T10:00:00.000Z')
  authenticate(db, plain, at + 30_000)
  t.equal(lastUsed(), '2026-01-01T10:00:00.000Z', 'not rewritten within the minute')
  authenticate(db, plain, at + 61_000)
  t.equal(lastUsed(), '2026-01-01T10:01:01.000Z')
})

t.test('npm run key issues a key from the command line', async (t) => {
  const db = openDb(':memory:')
  t.teardown(() => db.$client.close())
  loadReference(db)
  loadSample(db)
  const out = keyCommand(db, ['--role', 'admin', '--label', 'Lead curator'])
  t.match(out, /^Issued admin key "Lead curator" \(id [0-9a-f-]{36}\)\.\n/)
  const plain = out.trim().split('\n').at(-1)!
  t.match(plain, KEY)
  t.match(authenticate(db, plain), { role: 'admin', label: 'Lead curator' })
  const editor = keyCommand(db, ['--role', 'editor', '--organisation', 'consultatiebureau-seefhoek', '--organisation', OTHER.organisation], new Date('2026-03-01T00:00:00Z'))
  t.match(editor, /Issued editor key "editor key of 2026-03-01"/)
  t.strictSame([...authenticate(db, editor.trim().split('\n').at(-1)!)!.organisation_ids].sort(), [OWN.organisation, OTHER.organisation].sort())
  const usage = (args: string[]) => { try { keyCommand(db, args); return undefined } catch (err) { return err instanceof UsageError ? err.message : err } }
  t.match(usage(['--role', 'root']), /^--role must be one of admin, editor, partner\nusage: npm run key/)
  t.match(usage(['--role', 'admin', '--colour', 'red']), /Unknown option '--colour'[^]*usage: npm run key/)
  t.throws(() => keyCommand(db, ['--role', 'editor', '--organisation', 'nobody']), /unknown organisation 'nobody'/)
  t.throws(() => keyCommand(db, ['--role', 'editor']), { errors: [{ path: '/organisation_ids', message: 'an editor key needs at least one organisation' }] })
})

t.test('the key command as a process', async (t) => {
  const dir = t.testdir()
  const env = { DATABASE_PATH: `${dir}/keys.db`, LOG_LEVEL: 'silent' }
  // Once with the runner's own TypeScript loader, as the tests run; the refusals from the bundle the other spawned entry
  // points start from (the runner's loader transpiles all a process loads anew).
  const ok = spawnSync(process.execPath, [...process.execArgv, 'src/cli/key.ts', '--role', 'admin'], { encoding: 'utf8', env: { ...process.env, ...env } })
  t.equal(ok.status, 0, ok.stderr)
  t.match(ok.stdout.trim().split('\n').at(-1), KEY)
  const bad = await runToEnd('src/cli/key.ts', env, { args: ['--role', 'editor'] })
  t.equal(bad.code, 2)
  t.equal(bad.stderr, 'The request has invalid fields\n  /organisation_ids: an editor key needs at least one organisation\n')
  const usage = await runToEnd('src/cli/key.ts', env)
  t.equal(usage.code, 2)
  t.match(usage.stderr, /usage: npm run key/)
})

t.test('the key command refuses an operator\'s mistake with a message and exit code 2', async (t) => {
  const db = openDb(':memory:')
  t.teardown(() => db.$client.close())
  t.strictSame(runKeyCommand(db, ['--role', 'editor']), {
    exitCode: 2, stdout: '', stderr: 'The request has invalid fields\n  /organisation_ids: an editor key needs at least one organisation\n'
  })
  t.match(runKeyCommand(db, []), { exitCode: 2, stdout: '', stderr: /usage: npm run key/ })
})

t.test('an unexpected failure of the key command is not hidden', async (t) => {
  const db = openDb(':memory:')
  db.$client.close()
  t.throws(() => runKeyCommand(db, ['--role', 'admin']), { message: /not open/ })
})

t.test('a protected route that names no roles admits admins only', async (t) => {
  const db = openDb(':memory:')
  const app = Fastify()
  t.teardown(async () => { await app.close(); db.$client.close() })
  await app.register(async (scope) => {
    await scope.register(keyAuth, { db, scheme: 'adminKey' })
    scope.get('/plain', async () => 'ok')
  })
  t.equal((await app.inject({ url: '/plain', headers: { 'x-api-key': keyFor(db, 'partner') } })).statusCode, 403)
  t.equal((await app.inject({ url: '/plain', headers: { 'x-api-key': keyFor(db, 'admin') } })).statusCode, 200)
})

t.test('captured logs hold no key', async (t) => {
  const lines: string[] = []
  const stream = new Writable({ write (chunk, _encoding, done) { lines.push(String(chunk)); done() } })
  const db = openDb(':memory:')
  loadReference(db)
  loadSample(db)
  const config = testConfig({ LOG_LEVEL: 'trace' })
  const app = await buildApp({ config, db }, { logger: { ...loggerOptions(config) as object, stream } })
  t.teardown(async () => { await app.close(); db.$client.close() })
  const admin = keyFor(db, 'admin')
  const issued = (await call(app, admin, 'POST', '/v1/admin/keys', { role: 'partner', label: 'portal' })).body
  await call(app, issued.key, 'GET', '/v1/admin/offers')
  await call(app, admin, 'DELETE', `/v1/admin/keys/${issued.id}`)
  await call(app, issued.key, 'GET', '/v1/admin/offers')
  await call(app, undefined, 'GET', `/v1/admin/offers?api_key=${admin}`)
  await call(app, `${admin}x`, 'GET', '/v1/admin/offers')
  await call(app, admin, 'GET', '/v1/admin/offers/not-a-uuid')
  await call(app, admin, 'POST', '/v1/admin/keys', { role: 'editor', label: admin })
  const log = lines.join('')
  t.ok(lines.length >= 16, 'requests were logged')
  for (const plain of [admin, issued.key]) {
    const { keyId, secret } = parseKey(plain)!
    t.notOk(log.includes(secret), 'no secret in the logs')
    t.notOk(log.includes(`pimh_${keyId}`), 'no key in the logs')
  }
})
