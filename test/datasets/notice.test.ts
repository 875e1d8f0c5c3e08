// Every way into a directory started from the invented sample says so; a real one says where it came from.
import t from 'tap'
import { SAMPLE_NOTICE } from '../../src/datasets/notice.js'
import { loadDataset } from '../../src/datasets/load.js'
import { setup } from '../helpers/app.js'
import { keyFor } from '../helpers/curation.js'

t.test('the invented sample is announced on every answer and page', async (t) => {
  const { app, db } = await setup(t)
  const partner = keyFor(db, 'partner')
  for (const [url, headers] of [['/v1/offers'], ['/v1/changes'], ['/v1/export', { 'x-api-key': partner }], ['/hsds/services'], ['/health'], ['/v1/nowhere']] as const) {
    const res = await app.inject({ url, headers: headers ?? {} })
    t.equal(res.headers['x-directory-data'], 'sample', url)
    t.equal(res.headers['x-directory-notice'], SAMPLE_NOTICE, url)
  }
  const demo = await app.inject('/widget/')
  t.match(demo.body, new RegExp(`<body[^>]*><p role="alert" lang="en"><strong>${SAMPLE_NOTICE}</strong></p>`))
})

t.test('a directory from the starter set or of its own says where it came from, without the notice', async (t) => {
  const starter = await setup(t, { sample: false, before: (db) => { loadDataset(db, 'starter') } })
  const res = await starter.app.inject('/v1/offers')
  t.equal(res.headers['x-directory-data'], 'starter')
  t.equal(res.headers['x-directory-notice'], undefined)
  t.notMatch((await starter.app.inject('/widget/')).body, SAMPLE_NOTICE)
  const own = await setup(t, { sample: false })
  t.equal((await own.app.inject('/v1/offers')).headers['x-directory-data'], 'curated')
})
