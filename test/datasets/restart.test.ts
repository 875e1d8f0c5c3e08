// A data set never hurts: restarts keep what curators did to its entries (renamed, changed, erased), and never mix sets.
import { join } from 'node:path'
import t from 'tap'
import { sampleId } from '../../src/datasets/sample.js'
import { adminKey, startServer, tempDir } from '../helpers/server.js'

const renamed = sampleId('offer', 'na-de-storm')
const changed = sampleId('offer', 'cb-seefhoek')
const erased = sampleId('offer', 'mbu-de-wiege')

t.test('rename, change and erase sample entries, restart on the same file: the curators\' state stands', async (t) => {
  const file = join(tempDir(t), 'directory.db')
  const key = adminKey(file)
  const request = async (base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(base + path, {
      method, headers: { 'x-api-key': key, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) })
    })
    return { status: res.status, body: (res.status === 204 ? {} : await res.json()) as Record<string, any> }
  }

  const first = await startServer(t, file, { env: { DATASET: 'sample' } })
  t.match(await first.logged('data set loaded'), { dataset: 'sample', added: { organisations: 39, offers: 39 } })
  t.equal((await request(first.url, 'PATCH', `/v1/admin/offers/${renamed}`, { slug: 'na-de-storm-gent' }, { 'if-match': '"1"' })).status, 200)
  t.equal((await request(first.url, 'PATCH', `/v1/admin/offers/${changed}`, { name: { nl: 'Consultatiebureau Seefhoek (nieuw)' } }, { 'if-match': '"1"' })).status, 200)
  t.equal((await request(first.url, 'DELETE', `/v1/admin/offers/${erased}?erase=true`)).status, 204)
  first.process.kill('SIGTERM')
  t.match(await first.exited, { code: 0 })

  const second = await startServer(t, file, { env: { DATASET: 'sample' } })
  t.match(await second.logged('data set loaded'), { dataset: 'sample', added: { organisations: 0, locations: 0, offers: 0 } })
  t.match((await request(second.url, 'GET', `/v1/offers/${renamed}`)).body, { slug: 'na-de-storm-gent' })
  t.equal((await request(second.url, 'GET', '/v1/offers/na-de-storm')).status, 404, 'the old slug did not come back')
  t.match((await request(second.url, 'GET', `/v1/offers/${changed}`)).body, { name: 'Consultatiebureau Seefhoek (nieuw)' })
  t.equal((await request(second.url, 'GET', `/v1/offers/${erased}`)).status, 404, 'the erased offer stays erased')
  t.equal((await request(second.url, 'GET', `/v1/admin/offers/${erased}`)).status, 404)
  t.equal((await request(second.url, 'GET', '/v1/offers?per_page=1')).body.total_items, 38)
  second.process.kill('SIGTERM')
  t.match(await second.exited, { code: 0 })

  const third = await startServer(t, file, { env: { DATASET: 'starter' } })
  t.match(third.logs.find((l) => l.level === 40), {
    dataset: 'starter', msg: 'data set not loaded: this database holds the sample data set; data sets are never mixed (use a new DATABASE_PATH for the starter one)'
  })
  t.equal((await request(third.url, 'GET', '/v1/offers?per_page=1')).body.total_items, 38)
  t.match(await third.logged('ready'), { ready_ms: Number, rss_mb: Number })
})
