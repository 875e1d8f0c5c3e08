// Slow and oversized clients over real sockets (OWASP API4), and a graceful close with sockets in every state.
import { request } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { setup } from '../helpers/app.js'
import { testRoutes } from '../helpers/routes.js'
import { openSocket, statuses, trickle } from '../helpers/sockets.js'

// REQUEST_TIMEOUT_MS and BODY_TIMEOUT_MS are 1000 ms in tests, checked every 250 ms: a slow client is cut within ~1.5 s.
const CUT_WITHIN_MS = 5_000

async function listening (t: Parameters<typeof setup>[0]) {
  const { app } = await setup(t, { sample: false, extend: testRoutes })
  await app.listen({ port: 0, host: '127.0.0.1' })
  return { app, port: (app.server.address() as { port: number }).port }
}

const problemOf = (raw: string) => JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))

t.test('a client trickling its headers gets 408 problem+json and is disconnected', async (t) => {
  const { port } = await listening(t)
  const slow = await openSocket(port)
  slow.socket.write('GET /health HTTP/1.1\r\nHost: x\r\n')
  trickle(slow.socket, 'X-Slow: a\r\n', 200)
  const ms = await Promise.race([slow.closed, sleep(CUT_WITHIN_MS, -1)])
  t.not(ms, -1, `closed after ${ms} ms`)
  t.strictSame(statuses(slow.received()), [408])
  t.match(slow.received(), /content-type: application\/problem\+json/i)
  t.match(problemOf(slow.received()), { status: 408, title: 'Request Timeout' })
})

t.test('a client trickling its body is answered 408 and disconnected', async (t) => {
  const { port } = await listening(t)
  const slow = await openSocket(port)
  slow.socket.write('POST /test/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{"name":"')
  trickle(slow.socket, 'a', 200)
  const ms = await Promise.race([slow.closed, sleep(CUT_WITHIN_MS, -1)])
  t.not(ms, -1, `closed after ${ms} ms`)
  t.strictSame(statuses(slow.received()), [408])
  t.match(problemOf(slow.received()), { status: 408, detail: 'The request body was not received in time' })
})

t.test('a body received in time is not cut when its handler takes longer than the body deadline', async (t) => {
  const { port } = await listening(t)
  const answer = await new Promise<{ status: number, body: string }>((resolve, reject) => {
    const req = request({ port, host: '127.0.0.1', method: 'POST', path: '/test/echo?ms=1500', headers: { 'content-type': 'application/json' } }, (res) => {
      let body = ''
      res.setEncoding('utf8').on('data', (chunk: string) => { body += chunk }).on('end', () => resolve({ status: res.statusCode!, body }))
    })
    req.on('error', reject).end('{"name":"on time"}')
  })
  t.strictSame(answer, { status: 200, body: '{"name":"on time"}' })
})

t.test('50 slow clients do not keep a normal request from being served, and none outlives its deadline', async (t) => {
  const { port } = await listening(t)
  const slow = await Promise.all(Array.from({ length: 50 }, () => openSocket(port)))
  slow.forEach((c, i) => {
    if (i % 2 === 0) {
      c.socket.write('GET /health HTTP/1.1\r\nHost: x\r\n')
      trickle(c.socket, 'X-Slow: a\r\n', 300)
    } else {
      c.socket.write('POST /test/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n')
      trickle(c.socket, ' ', 300)
    }
  })
  const status = await new Promise<number>((resolve, reject) => {
    request({ port, host: '127.0.0.1', path: '/v1/phases' }, (res) => { res.resume(); resolve(res.statusCode!) }).on('error', reject).end()
  })
  t.equal(status, 200, 'a normal GET meanwhile')
  const times = await Promise.race([Promise.all(slow.map((c) => c.closed)), sleep(CUT_WITHIN_MS, [] as number[])])
  t.equal(times.length, 50, `all 50 slow sockets closed; the last after ${Math.max(...times)} ms`)
})

t.test('oversized headers get 431 and malformed requests 400, as problem+json', async (t) => {
  const { port } = await listening(t)
  const big = await openSocket(port)
  big.socket.write(`GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`)
  await big.closed
  t.strictSame(statuses(big.received()), [431])
  t.match(problemOf(big.received()), { status: 431, detail: 'The request headers are too large' })
  const garbage = await openSocket(port)
  garbage.socket.write('NOT HTTP AT ALL\r\n\r\n')
  await garbage.closed
  t.strictSame(statuses(garbage.received()), [400])
  t.match(problemOf(garbage.received()), { status: 400, detail: 'The request is not valid HTTP' })
  const reset = await openSocket(port)
  reset.socket.write('GET /health HTTP/1.1\r\nHost: x\r\n')
  await sleep(50)
  reset.socket.resetAndDestroy()
  await reset.closed
  const after = await openSocket(port)
  after.socket.end('GET /health HTTP/1.1\r\nHost: x\r\n\r\n')
  await after.closed
  t.strictSame(statuses(after.received()), [200], 'the server carries on after a client resets its connection')
})

t.test('closing: the request in flight finishes, idle keep-alive sockets close, a late request gets 503, new connections are refused', async (t) => {
  const { app, port } = await listening(t)
  const inFlight = await openSocket(port)
  inFlight.socket.write('GET /test/slow?ms=400 HTTP/1.1\r\nHost: x\r\n\r\n')
  const idle = await openSocket(port)
  idle.socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n')
  const late = await openSocket(port)
  late.socket.write('GET /health HTTP/1.1\r\nHost: x\r\n')
  await sleep(100)
  const closing = app.close()
  await idle.closed
  late.socket.write('\r\n')
  await Promise.all([inFlight.closed, late.closed, closing])
  t.strictSame(statuses(inFlight.received()), [200], 'in flight: 200')
  t.match(inFlight.received(), /connection: close/i, 'in flight: told the connection closes')
  t.strictSame(statuses(idle.received()), [200], 'idle keep-alive socket: closed after its answer')
  t.strictSame(statuses(late.received()), [503], 'late request: 503')
  t.match(late.received(), /retry-after: 5/i)
  t.match(problemOf(late.received()), { status: 503, detail: 'The service is restarting; try again shortly' })
  await t.rejects(openSocket(port), { code: 'ECONNREFUSED' }, 'new connections are refused')
})
