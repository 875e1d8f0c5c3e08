// The Prism validating proxy (`prism proxy --errors`) between a client and a live seeded server: 0 contract violations.
import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import t from 'tap'
import { operations } from '../helpers/contract.js'
import { examples, harvest } from '../helpers/examples.js'
import { adminKey, ROOT, seededDatabase, startServer, tempDir } from '../helpers/server.js'

async function freePort (): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as { port: number }
  await new Promise((resolve) => probe.close(resolve))
  return port
}

t.test('every documented operation, its successes and its errors, through Prism: 0 violations', async (t) => {
  const file = seededDatabase(tempDir(t))
  // Keyed operations are reached with an admin key; the public ones ignore it.
  const headers = { 'x-api-key': adminKey(file) }
  const server = await startServer(t, file)
  const port = await freePort()
  // Request validation off: the server's own 400s must reach Prism's response validation too.
  const prism = spawn(`${ROOT}node_modules/.bin/prism`, ['proxy', 'openapi.yaml', server.url, '--errors', '--validate-request=false', '--cors=false', '-p', String(port), '-h', '127.0.0.1'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  t.teardown(() => { prism.kill() })
  let output = ''
  await new Promise<void>((resolve, reject) => {
    const seen = (chunk: Buffer) => { output += chunk.toString(); if (/Prism is listening/.test(output)) resolve() }
    prism.stdout.on('data', seen)
    prism.stderr.on('data', seen)
    prism.on('exit', (code) => reject(new Error(`prism exited (${code}): ${output}`)))
  })
  const proxy = `http://127.0.0.1:${port}`
  const known = await harvest(async (url) => {
    const res = await fetch(`${server.url}${url}`, { headers })
    return { status: res.status, type: res.headers.get('content-type') ?? '', json: () => res.json() }
  })
  const cases = examples(known)
  const violations: string[] = []
  for (const { operationId, expect, url } of cases) {
    const res = await fetch(`${proxy}${url}`, { headers })
    const header = res.headers.get('sl-violations')
    const body = await res.text()
    if (res.status !== expect || header !== null) violations.push(`${operationId} ${url}: ${res.status} (expected ${expect}) ${header ?? body.slice(0, 300)}`)
  }
  t.strictSame(violations, [], `${cases.length} requests through Prism`)
  t.strictSame([...new Set(cases.map((c) => c.expect))].sort(), [200, 400, 404], 'successes, refused parameters and unknown ids all went through')
  t.strictSame(cases.filter((c) => c.expect === 200).map((c) => c.operationId).sort(), operations.filter((o) => o.method === 'GET').map((o) => o.operationId).sort(), 'every operation answered 200 at least once')
  t.notMatch(output, /\bviolation\b|✖/i, 'Prism logged no violation')
})
