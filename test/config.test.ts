import t from 'tap'
import { ConfigError, loadConfig } from '../src/config.js'

t.test('defaults', async (t) => {
  const config = loadConfig({})
  t.match(config, { PORT: 3000, HOST: '127.0.0.1', DATABASE_PATH: 'data/directory.db', LOG_LEVEL: 'info', DATASET: 'starter', SQLITE_SYNCHRONOUS: 'FULL' })
})

t.test('settings from the environment', async (t) => {
  const config = loadConfig({ PORT: '8080', DATASET: 'none', DATABASE_PATH: '/srv/pimh.db', UNRELATED: 'x' })
  t.equal(config.PORT, 8080)
  t.equal(config.DATASET, 'none')
  t.equal(config.DATABASE_PATH, '/srv/pimh.db')
  t.equal(loadConfig({ DATASET: 'sample' }).DATASET, 'sample')
})

t.test('bad settings give one readable error naming each', async (t) => {
  t.throws(() => loadConfig({ PORT: 'eighty', DATASET: 'yes' }), /PORT[^]*DATASET/)
  t.throws(() => loadConfig({ SAMPLE_DATA: 'false' }), /SAMPLE_DATA: SAMPLE_DATA is replaced by DATASET=starter\|sample\|none \(SAMPLE_DATA=false is DATASET=none\)/)
  try {
    loadConfig({ PORT: '70000', LOG_LEVEL: 'loud' })
    t.fail('should throw')
  } catch (err) {
    t.equal(err instanceof ConfigError, true)
    t.match((err as Error).message, /^Invalid configuration:\n {2}PORT: .+\n {2}LOG_LEVEL: .+$/)
  }
})
