// Raw HTTP over TCP, for what fetch cannot do: trickle bytes, pipeline, hold a socket open, watch it close.
import { connect, type Socket } from 'node:net'

export type Conversation = {
  socket: Socket
  /** Everything the server sent so far. */
  received: () => string
  /** Resolves when the server closes the connection, with the ms since it was opened. */
  closed: Promise<number>
}

export async function openSocket (port: number): Promise<Conversation> {
  const socket = connect({ port, host: '127.0.0.1' })
  const started = Date.now()
  let data = ''
  socket.setEncoding('utf8')
  socket.on('data', (chunk: string) => { data += chunk })
  socket.on('error', () => {})
  const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now() - started)))
  await new Promise<void>((resolve, reject) => { socket.once('connect', resolve); socket.once('error', reject) })
  return { socket, received: () => data, closed }
}

/** Writes `chunk` every `everyMs` until the socket closes or `times` is reached. */
export function trickle (socket: Socket, chunk: string, everyMs: number, times = Infinity): void {
  let sent = 0
  const timer = setInterval(() => {
    if (socket.destroyed || sent++ >= times) return clearInterval(timer)
    socket.write(chunk)
  }, everyMs)
  socket.on('close', () => clearInterval(timer))
}

/** Status codes of the HTTP responses in a raw stream, in order. */
export const statuses = (raw: string) => [...raw.matchAll(/^HTTP\/1\.1 (\d{3})/gm)].map((m) => Number(m[1]))
