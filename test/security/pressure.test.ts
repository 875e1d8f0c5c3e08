// Overload (OWASP API4): while the event loop lags beyond PRESSURE_MAX_EVENT_LOOP_DELAY_MS, requests get 503 + Retry-After at once.
import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { setup } from '../helpers/app.js'

/** Keeps the event loop busy in 150 ms slices, as a flood of expensive requests would. */
function lag (): () => void {
  const timer = setInterval(() => { const until = Date.now() + 150; while (Date.now() < until); }, 5)
  return () => clearInterval(timer)
}

t.test('a lagging event loop sheds load with 503 problem+json, and recovers', async (t) => {
  const { app } = await setup(t, { sample: false, env: { PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '100' } })
  t.equal((await app.inject('/health')).statusCode, 200, 'before')
  const stop = lag()
  let shed
  // under-pressure samples once a second; within a few samples the lag shows.
  for (let i = 0; i < 10 && shed?.statusCode !== 503; i++) {
    await sleep(500)
    shed = await app.inject('/v1/phases')
  }
  stop()
  t.equal(shed?.statusCode, 503, 'under pressure')
  t.equal(shed?.headers['retry-after'], '5')
  t.equal(shed?.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.match(shed?.json(), { status: 503, title: 'Service Unavailable' })
  let after
  for (let i = 0; i < 10 && after?.statusCode !== 200; i++) {
    await sleep(500)
    after = await app.inject('/v1/phases')
  }
  t.equal(after?.statusCode, 200, 'recovered')
})
