// A write that waits for its turn lets the requests that arrived meanwhile go first.
import { once } from 'node:events'
import { createServer, type Socket, connect } from 'node:net'
import t from 'tap'
import { afterWaitingRequests } from '../../src/http/turns.js'

t.test('what arrives while a request is handled is read before afterWaitingRequests resolves', async (t) => {
  const accepted: Socket[] = []
  const server = createServer((socket) => accepted.push(socket))
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as { port: number }
  const writer = connect(port, '127.0.0.1')
  const searcher = connect(port, '127.0.0.1')
  await Promise.all([once(writer, 'connect'), once(searcher, 'connect')])
  while (accepted.length < 2) await once(server, 'connection')
  t.teardown(() => { writer.destroy(); searcher.destroy(); for (const s of accepted) s.destroy(); server.close() })
  const order: string[] = []
  const [first, second] = accepted as [Socket, Socket]
  // The request on one socket is handled in the loop's look at its sockets; a search arrives on the other meanwhile.
  const handled = new Promise<void>((resolve) => {
    first.once('data', async () => {
      searcher.write('GET')
      await afterWaitingRequests()
      order.push('write')
      resolve()
    })
  })
  second.on('data', () => order.push('search'))
  writer.write('PATCH')
  await handled
  t.strictSame(order, ['search', 'write'], 'the search was read first')
})
