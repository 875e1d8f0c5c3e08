// fast-check arbitraries for requests, generated from openapi.yaml: every operation, its parameters and its body.
import fc from 'fast-check'
import { type JsonSchema, type Parameter, spec } from './contract.js'

type Operation = { path: string, method: string, parameters?: Parameter[], requestBody?: { content: Record<string, { schema: JsonSchema }> } }

export type FuzzRequest = {
  /** `valid`: every value follows the schema (expect 2xx or 404); `any`: anything goes (expect no 5xx). */
  kind: 'valid' | 'any'
  method: string
  url: string
  headers: Record<string, string>
  payload?: string | Buffer
}

/** Inputs that broke real services: control and bidi characters, astral planes, FTS5 and SQL syntax, number edge cases. */
export const NASTY = [
  '\u0000', 'a\u0000b', '\u202Eevil', '\u200F\u200E', '😀', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', 'e\u0301\u0301', '\uFEFF', '\uFFFF', '\t\n\r', '   ',
  '"', '"unbalanced', '*', 'NEAR(', 'a NEAR( b', 'nonexistentcol:x', 'ouder OR', 'AND', 'ouder AND', '" * NEAR( col: OR AND',
  '(', ')', '^', '-', '+', "' OR 1=1 --", "'; DROP TABLE offers; --", '%', '_', '\\', '%00', '%FF', '{}', '[]', 'null',
  'true', 'false', '-1', '0', '1.5', '1e999', 'NaN', 'Infinity', '0x10', ' 1', '9007199254740993', '-0', '..', '__proto__',
  'constructor', 'x'.repeat(1000), 'é'.repeat(300)
]

/** Values each list operation returned, by list path and field name (codes, ids), for the detail paths below it. */
export type Known = Record<string, Record<string, string[]>>

/** Good values for a path parameter: what the parent list returned, or what probing the path itself found. */
export function knownValues (known: Known, path: string, parameter: Parameter): string[] {
  return known[path.replace(/\/\{[^}]+\}$/, '')]?.[parameter.name] ?? known[path]?.[parameter.name] ?? []
}

const resolve = (schema: JsonSchema): JsonSchema =>
  typeof schema.$ref === 'string' ? resolve(spec.components.schemas[schema.$ref.split('/').pop()!]!) : schema

const types = (schema: JsonSchema): string[] => (Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [])

/** Values the schema accepts (kept plain: no whitespace-only strings, which trimming validators may refuse). */
export function validValue (raw: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(raw)
  if (schema.const !== undefined) return fc.constant(schema.const)
  if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum)
  const alternatives = schema.anyOf ?? schema.oneOf
  if (Array.isArray(alternatives)) return fc.oneof(...alternatives.map((s: JsonSchema) => validValue(s, depth)))
  const [type, ...more] = types(schema)
  if (more.length > 0) return fc.oneof(...[type, ...more].map((t) => validValue({ ...schema, type: t }, depth)))
  switch (type) {
    case 'string': return validString(schema)
    case 'integer': return fc.integer({ min: Math.max(schema.minimum ?? -1e6, -1e9), max: Math.min(schema.maximum ?? 1e6, 1e9) })
    case 'number': return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true, noDefaultInfinity: true })
    case 'boolean': return fc.boolean()
    case 'null': return fc.constant(null)
    case 'array': return fc.array(validValue(schema.items ?? {}, depth + 1), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 3, 3) })
    case 'object': {
      const properties: Record<string, JsonSchema> = depth > 4 ? {} : schema.properties ?? {}
      const required = (schema.required ?? []) as string[]
      return fc.record(Object.fromEntries(Object.entries(properties).map(([k, s]) => [k, validValue(s, depth + 1)])), { requiredKeys: required })
    }
    default: return fc.constant('x')
  }
}

function validString (schema: JsonSchema): fc.Arbitrary<string> {
  const max = Math.min(schema.maxLength ?? 40, 40)
  const min = Math.max(schema.minLength ?? 1, 1)
  if (schema.format === 'uuid') return fc.uuid()
  if (schema.format === 'email') return fc.emailAddress().filter((e) => e.length <= (schema.maxLength ?? 254))
  if (schema.format === 'uri') return fc.webUrl({ validSchemes: ['https'] }).filter((u) => u.length <= (schema.maxLength ?? 500))
  if (schema.format === 'date') return fc.date({ noInvalidDate: true, min: new Date('1900-01-01'), max: new Date('2100-01-01') }).map((d) => d.toISOString().slice(0, 10))
  if (schema.format === 'date-time') return fc.date({ noInvalidDate: true, min: new Date('1900-01-01'), max: new Date('2100-01-01') }).map((d) => d.toISOString())
  if (typeof schema.pattern === 'string') {
    return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length <= (schema.maxLength ?? Infinity) && s.length >= (schema.minLength ?? 0) && s.trim() === s)
  }
  return fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'), minLength: min, maxLength: Math.max(min, max) })
}

/** Anything at all, weighted towards what breaks things: boundaries, wrong types and nasty text. */
export function anyValue (raw: JsonSchema): fc.Arbitrary<unknown> {
  const schema = resolve(raw)
  const boundaries: unknown[] = ['', -1, 0, 2 ** 53, 1.5]
  if (typeof schema.maxLength === 'number') boundaries.push('y'.repeat(schema.maxLength), 'y'.repeat(schema.maxLength + 1))
  if (typeof schema.minimum === 'number') boundaries.push(schema.minimum, schema.minimum - 1)
  if (typeof schema.maximum === 'number') boundaries.push(schema.maximum, schema.maximum + 1)
  return fc.oneof(
    { weight: 4, arbitrary: validValue(schema) },
    { weight: 2, arbitrary: fc.constantFrom(...boundaries) },
    { weight: 2, arbitrary: fc.constantFrom(...NASTY) },
    { weight: 1, arbitrary: fc.oneof(fc.boolean(), fc.integer(), fc.double(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }), fc.object({ maxDepth: 2 })) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) }
  )
}

/** A lone surrogate cannot be put in a URL (encodeURIComponent throws): replace it as a UTF-8 encoder would. */
const wellFormed = (s: string) => s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
const asText = (value: unknown) => wellFormed(typeof value === 'string' ? value : JSON.stringify(value) ?? '')
const encode = (value: unknown) => encodeURIComponent(asText(value))


const RAW_BODIES: Array<{ type: string | undefined, payload: string | Buffer }> = [
  { type: 'application/json', payload: '' },
  { type: 'application/json', payload: '{' },
  { type: 'application/json', payload: 'null' },
  { type: 'application/json', payload: '[]' },
  { type: 'application/json', payload: '"text"' },
  { type: 'application/json', payload: '{"__proto__":{"admin":true}}' },
  { type: 'application/json', payload: '{"constructor":{"prototype":{"admin":true}}}' },
  { type: 'application/json', payload: '['.repeat(5000) + ']'.repeat(5000) },
  { type: 'application/json', payload: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]) },
  { type: 'text/plain', payload: '{"a":1}' },
  { type: 'application/x-www-form-urlencoded', payload: 'a=1' },
  { type: undefined, payload: '{"a":1}' }
]

/** Requests for one operation (path parameters mostly from `known`, so detail routes are reached, not only their 404s): valid ones, and anything-goes ones (bad values, extra and repeated parameters, odd bodies). */
export function requestsFor (operation: Operation, known: Known, credentials: Record<string, string> = {}): fc.Arbitrary<FuzzRequest> {
  const parameters = operation.parameters ?? []
  const bodySchema = operation.requestBody?.content['application/json']?.schema
  const build = (kind: 'valid' | 'any') => {
    const value = kind === 'valid' ? validValue : anyValue
    const pathValue = (p: Parameter) => {
      const good = knownValues(known, operation.path, p)
      return good.length > 0 ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...good) }, { weight: 1, arbitrary: value(p.schema) }) : value(p.schema)
    }
    const query = parameters.filter((p) => p.in === 'query').map((p) => (p.required ? value(p.schema) : fc.option(value(p.schema), { nil: undefined })).map((v) => [p.name, v] as const))
    const extras = kind === 'valid'
      ? fc.constant([] as Array<readonly [string, unknown]>)
      : fc.array(fc.tuple(fc.oneof(fc.constantFrom(...parameters.map((p) => p.name), 'api_key', 'x'), fc.string({ maxLength: 10 })), anyValue({})), { maxLength: 3 })
    const body = bodySchema === undefined
      ? fc.constant(undefined)
      : kind === 'valid'
        ? validValue(bodySchema).map((v) => ({ type: 'application/json' as string | undefined, payload: JSON.stringify(v) as string | Buffer }))
        : fc.oneof(anyValue(bodySchema).map((v) => ({ type: 'application/json' as string | undefined, payload: JSON.stringify(v) ?? 'null' as string | Buffer })), fc.constantFrom(...RAW_BODIES))
    return fc.record({
      path: fc.tuple(...parameters.filter((p) => p.in === 'path').map((p) => pathValue(p).map((v) => [p.name, v] as const))),
      query: fc.tuple(...query),
      extras,
      language: fc.option(fc.constantFrom('nl', 'fr;q=0.9, en;q=0.8', 'de', '*', 'x'.repeat(600), 'fr-BE,fr;q=0.9,nl;q=0.1'), { nil: undefined }),
      body
    }).map(({ path, query, extras, language, body }): FuzzRequest => {
      let url = operation.path
      for (const [name, v] of path) url = url.replace(`{${name}}`, encode(v))
      const pairs = [...query, ...extras].filter(([, v]) => v !== undefined).map(([k, v]) => `${encodeURIComponent(wellFormed(k))}=${encode(v)}`)
      const headers: Record<string, string> = { ...credentials }
      if (language !== undefined) headers['accept-language'] = language
      if (body?.type !== undefined) headers['content-type'] = body.type
      return { kind, method: operation.method, url: pairs.length > 0 ? `${url}?${pairs.join('&')}` : url, headers, ...(body === undefined ? {} : { payload: body.payload }) }
    })
  }
  return fc.oneof({ weight: 1, arbitrary: build('valid') }, { weight: 2, arbitrary: build('any') })
}

/** Fragments that must never reach a client: stack frames, SQL and SQLite codes, file system paths. */
export const LEAKS = [/\n\s+at .+\(.+:\d+:\d+\)/, /\bat (file:|\/|node:)/, /SQLITE_/, /\bSELECT\b[\s\S]*\bFROM\b/i, /node_modules/, /\/src\/[\w/-]+\.ts/, new RegExp(process.cwd().replace(/[/.]/g, '\\$&'))]
