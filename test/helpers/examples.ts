// One request per documented answer kind of every operation: a success, a refused parameter, an unknown id.
import fc from 'fast-check'
import { operations, type Parameter } from './contract.js'
import { type Known, knownValues, resolve, validValue } from './fuzz.js'

export type Example = { operationId: string, expect: number, url: string }

/** A value the parameter accepts that names nothing stored. */
const missing = (parameter: Parameter) => (resolve(parameter.schema).format === 'uuid' ? '00000000-0000-4000-8000-000000000000' : '9999')

export function examples (known: Known): Example[] {
  const out: Example[] = []
  for (const operation of operations.filter((o) => o.method === 'GET')) {
    const pathParams = operation.parameters?.filter((p) => p.in === 'path') ?? []
    const fill = (value: (p: Parameter) => string | undefined) => pathParams.reduce((url, p) => url.replace(`{${p.name}}`, encodeURIComponent(value(p) ?? '')), operation.path)
    const reachable = pathParams.every((p) => knownValues(known, operation.path, p).length > 0)
    // A required query parameter (the text typed into /v1/suggest) takes the example the contract gives it.
    const required = operation.parameters?.filter((p) => p.in === 'query' && p.required === true) ?? []
    const query = required.map((p) => `${p.name}=${encodeURIComponent(String(p.schema.example))}`)
    const good = fill((p) => knownValues(known, operation.path, p)[0])
    if (reachable) out.push({ operationId: operation.operationId, expect: 200, url: query.length > 0 ? `${good}?${query.join('&')}` : good })
    const bounded = operation.parameters?.find((p) => p.in === 'query' && (typeof p.schema.maximum === 'number' || typeof p.schema.maxLength === 'number'))
    if (bounded && reachable) {
      const bad = typeof bounded.schema.maximum === 'number' ? String(bounded.schema.maximum + 1) : 'a'.repeat(bounded.schema.maxLength + 1)
      const others = required.filter((p) => p !== bounded).map((p) => `${p.name}=${encodeURIComponent(String(p.schema.example))}&`).join('')
      out.push({ operationId: operation.operationId, expect: 400, url: `${good}?${others}${bounded.name}=${bad}` })
    }
    if (pathParams.length > 0) out.push({ operationId: operation.operationId, expect: 404, url: fill(missing) })
  }
  return out
}

/**
 * Collects codes and ids from every list operation's first page; a detail path with no list above it
 * (/v1/postcodes/{postcode}) is probed with values valid by its schema until one exists.
 */
export async function harvest (get: (url: string) => Promise<{ status: number, json: () => Promise<unknown> | unknown, type: string }>): Promise<Known> {
  const known: Known = {}
  for (const operation of operations.filter((o) => o.method === 'GET' && !o.path.includes('{'))) {
    const res = await get(`${operation.path}?per_page=100`)
    if (res.status !== 200 || !res.type.startsWith('application/json')) continue
    const fields: Record<string, string[]> = known[operation.path] = {}
    for (const item of ((await res.json()) as { contents?: Array<Record<string, unknown>> }).contents ?? []) {
      for (const [field, value] of Object.entries(item)) if (typeof value === 'string' && value.length <= 100) (fields[field] ??= []).push(value)
    }
  }
  for (const operation of operations.filter((o) => o.method === 'GET' && /^[^{]*\{[^}]+\}$/.test(o.path))) {
    const parameter = operation.parameters!.find((p) => p.in === 'path')!
    if (knownValues(known, operation.path, parameter).length > 0) continue
    for (const candidate of fc.sample(validValue(parameter.schema), { numRuns: 100, seed: 1 })) {
      const value = String(candidate)
      if ((await get(operation.path.replace(`{${parameter.name}}`, encodeURIComponent(value)))).status === 200) {
        known[operation.path] = { [parameter.name]: [value] }
        break
      }
    }
  }
  return known
}
