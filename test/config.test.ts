import t from 'tap'
import { ConfigError, loadConfig } from '../src/config.js'

t.test('defaults', async (t) => {
  const config = loadConfig({})
  t.match(config, { PORT: 3000, HOST: '127.0.0.1', DATABASE_PATH: 'data/directory.db', LOG_LEVEL: 'info', SAMPLE_DATA: true, SQLITE_SYNCHRONOUS: 'FULL' })
})

t.test('settings from the environment', async (t) => {
  const config = loadConfig({ PORT: '8080', SAMPLE_DATA: 'false', DATABASE_PATH: '/srv/pimh.db', UNRELATED: 'x' })
  t.equal(config.PORT, 8080)
  t.equal(config.SAMPLE_DATA, false)
  t.equal(config.DATABASE_PATH, '/srv/pimh.db')
  t.equal(loadConfig({ SAMPLE_DATA: '1' }).SAMPLE_DATA, true)
})

t.test('bad settings give one readable error naming each', async (t) => {
  t.throws(() => loadConfig({ PORT: 'eighty', SAMPLE_DATA: 'yes' }), /PORT[^]*SAMPLE_DATA/)
  try {
    loadConfig({ PORT: '70000', LOG_LEVEL: 'loud' })
    t.fail('should throw')
  } catch (err) {
    t.equal(err instanceof ConfigError, true)
    t.match((err as Error).message, /^Invalid configuration:\n {2}PORT: .+\n {2}LOG_LEVEL: .+$/)
  }
})
