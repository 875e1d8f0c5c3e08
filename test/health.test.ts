import t from 'tap'
import { setup } from './helpers/app.js'

t.test('liveness and readiness', async (t) => {
  const { app, db } = await setup(t, { sample: false })
  const health = await app.inject('/health')
  t.equal(health.statusCode, 200)
  t.strictSame(health.json(), { status: 'ok' })
  const ready = await app.inject('/ready')
  t.equal(ready.statusCode, 200)
  t.strictSame(ready.json(), { status: 'ready', migrations: 10, regions: 639 })

  // drizzle's migrations table has no integer key; the newest row is the one with the latest created_at.
  db.$client.exec('DELETE FROM __drizzle_migrations WHERE created_at = (SELECT max(created_at) FROM __drizzle_migrations)')
  const behind = await app.inject('/ready')
  t.equal(behind.statusCode, 503)
  t.match(behind.json(), { status: 503, detail: 'Not ready: 9/10 migrations, 639 regions' })

  db.$client.close()
  const closed = await app.inject('/ready')
  t.equal(closed.statusCode, 503)
  t.equal(closed.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.match(closed.json(), { detail: 'The database does not answer' })
})
