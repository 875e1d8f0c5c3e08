// The hardening settings: production defaults, test overrides, and readable errors for bad values.
import t from 'tap'
import { ConfigError, loadConfig } from '../../src/config.js'

t.test('production defaults', async (t) => {
  t.match(loadConfig({}), {
    BODY_LIMIT_BYTES: 1_048_576, REQUEST_TIMEOUT_MS: 30_000, BODY_TIMEOUT_MS: 15_000, CONNECTIONS_CHECK_INTERVAL_MS: 1_000,
    MAX_HEADER_BYTES: 16_384, PRESSURE_MAX_EVENT_LOOP_DELAY_MS: 1_000, RATE_LIMIT_PER_MINUTE: 600, TRUST_PROXY: false,
    LOG_REQUEST_DETAILS: false, CORS_ADMIN_ORIGINS: [], SHUTDOWN_GRACE_MS: 10_000
  })
})

t.test('TRUST_PROXY: off, on, or the proxies to trust', async (t) => {
  t.equal(loadConfig({ TRUST_PROXY: 'false' }).TRUST_PROXY, false)
  t.equal(loadConfig({ TRUST_PROXY: 'true' }).TRUST_PROXY, true)
  t.strictSame(loadConfig({ TRUST_PROXY: '10.0.0.1, 192.168.0.0/16' }).TRUST_PROXY, ['10.0.0.1', '192.168.0.0/16'])
  t.equal(loadConfig({ LOG_REQUEST_DETAILS: '1' }).LOG_REQUEST_DETAILS, true)
  t.strictSame(loadConfig({ CORS_ADMIN_ORIGINS: 'https://a.example, https://b.example' }).CORS_ADMIN_ORIGINS, ['https://a.example', 'https://b.example'])
})

t.test('bad values are refused, each named', async (t) => {
  t.throws(() => loadConfig({ BODY_LIMIT_BYTES: '10', REQUEST_TIMEOUT_MS: 'soon', LOG_REQUEST_DETAILS: 'yes' }), {
    constructor: ConfigError,
    message: 'Invalid configuration:\n  BODY_LIMIT_BYTES: Too small: expected number to be >=1024\n  REQUEST_TIMEOUT_MS: Invalid input: expected number, received NaN\n' +
      '  LOG_REQUEST_DETAILS: Invalid option: expected one of "0"|"1"|"true"|"false"'
  })
})
