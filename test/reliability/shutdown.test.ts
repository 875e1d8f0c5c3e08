// Graceful shutdown: SIGTERM with 5 requests in flight and a keep-alive client; exit 0 well within 10 s, WAL checkpointed.
import { existsSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { checkDatabase, FIXTURE_SERVER, seededDatabase, startServer, tempDir } from '../helpers/server.js'

type Answer = { status: number, connection: string | undefined, body: string }

function get (url: string, agent?: Agent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    request(url, { agent }, (res) => {
      let body = ''
      res.setEncoding('utf8').on('data', (chunk: string) => { body += chunk })
      res.on('end', () => resolve({ status: res.statusCode!, connection: res.headers.connection, body }))
    }).on('error', reject).end()
  })
}

t.test('SIGTERM: in-flight requests finish, keep-alive sockets close, new connections are refused, exit 0, WAL checkpointed', async (t) => {
  const dir = tempDir(t)
  const file = seededDatabase(dir)
  const server = await startServer(t, file, { entry: FIXTURE_SERVER })
  const keepAlive = new Agent({ keepAlive: true, maxSockets: 1 })
  t.teardown(() => keepAlive.destroy())
  t.equal((await get(`${server.url}/health`, keepAlive)).status, 200, 'keep-alive client served')
  const idleSocketClosed = new Promise<void>((resolve) => {
    const socket = Object.values(keepAlive.freeSockets).flat()[0]!
    socket.once('close', () => resolve())
  })
  t.ok(existsSync(`${file}-wal`), 'the running service has a WAL file')

  const inFlight = Array.from({ length: 5 }, () => get(`${server.url}/test/slow?ms=1500`))
  // In flight means received: wait for the service's log of all five (a fixed 300 ms was too short on a busy machine).
  const received = () => server.logs.filter((l) => l.msg === 'incoming request' && JSON.stringify(l).includes('/test/slow')).length
  for (const deadline = Date.now() + 30_000; received() < 5 && Date.now() < deadline;) await sleep(20)
  const signalled = Date.now()
  server.process.kill('SIGTERM')
  await idleSocketClosed
  t.pass('the idle keep-alive socket was closed by the server')
  await sleep(200)
  await t.rejects(get(`${server.url}/health`), { code: 'ECONNREFUSED' }, 'a new connection is refused')

  const answers = await Promise.all(inFlight)
  t.strictSame(answers.map((a) => a.status), [200, 200, 200, 200, 200], 'all 5 in-flight requests complete')
  t.strictSame(answers.map((a) => a.connection), ['close', 'close', 'close', 'close', 'close'], 'and are told the connection closes')
  const { code, signal } = await server.exited
  const ms = Date.now() - signalled
  t.equal(code, 0, 'exit code 0')
  t.equal(signal, null)
  t.ok(ms < 10_000, `exited ${ms} ms after SIGTERM`)
  t.match(server.logs.find((l) => l.msg === 'closing'), { signal: 'SIGTERM' }, 'logged the signal')
  // Nothing is done after the close. Only an answered request's own log line may still follow it: on a loaded
  // machine one was seen written just after 'closed' (its answer had been sent, as the statuses above show).
  const closedAt = server.logs.findIndex((l) => l.msg === 'closed')
  t.ok(closedAt >= 0, 'logged the close')
  t.strictSame(server.logs.slice(closedAt + 1).filter((l) => l.msg !== 'request completed'), [], 'and nothing after it but request completions')
  t.notOk(existsSync(`${file}-wal`), 'the WAL was checkpointed and removed')
  t.strictSame(checkDatabase(file), { integrity: 'ok', foreignKeyViolations: 0 })
})

t.test('a second SIGTERM while closing ends the process at once', async (t) => {
  const server = await startServer(t, seededDatabase(tempDir(t)), { entry: FIXTURE_SERVER })
  const slow = get(`${server.url}/test/slow?ms=5000`).catch((err: Error) => err)
  await sleep(300)
  server.process.kill('SIGTERM')
  await sleep(300)
  server.process.kill('SIGTERM')
  const { code } = await server.exited
  t.equal(code, 1, 'exit code 1: forced')
  t.match(await slow, { code: 'ECONNRESET' }, 'the slow request was cut')
})
