// Checks responses against the committed openapi.yaml: documented status, documented content type, body valid by its schema.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { documentedPath } from '../../src/http/openapi-document.js'
import { CACHE_DIR, contentHash, writeShared } from './cache.js'

export type OpenApiDocument = {
  paths: Record<string, Record<string, { operationId: string, parameters?: Parameter[], security?: Array<Record<string, string[]>>,
    requestBody?: { required?: boolean, content: Record<string, { schema: JsonSchema }> },
    responses: Record<string, { content?: Record<string, { schema: JsonSchema }>, headers?: Record<string, unknown> }> }>>
  components: { schemas: Record<string, JsonSchema> }
}
export type Parameter = { name: string, in: 'query' | 'path' | 'header' | 'cookie', required?: boolean, schema: JsonSchema }
export type JsonSchema = Record<string, any>

export const SPEC_FILE = new URL('../../openapi.yaml', import.meta.url)
export const spec: OpenApiDocument = readSpec()

/**
 * openapi.yaml as an object. Parsing its 740 KB of YAML costs about 1 s of CPU, and nearly every test process needs it:
 * the first process parses it and leaves a JSON copy (test/helpers/cache.ts), which the others read in milliseconds.
 */
function readSpec (): OpenApiDocument {
  const copy = `${CACHE_DIR}openapi-${contentHash(['openapi.yaml'])}.json`
  try {
    return JSON.parse(readFileSync(copy, 'utf8')) as OpenApiDocument
  } catch {
    const parsed = parse(readFileSync(SPEC_FILE, 'utf8')) as OpenApiDocument
    writeShared(copy, JSON.stringify(parsed))
    return parsed
  }
}

/** Every documented operation, with the path as OpenAPI writes it. */
export const operations = Object.entries(spec.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, operation]) => ({ path, method: method.toUpperCase(), ...operation })))

const ajv = new Ajv2020({ strict: false, validateSchema: false, allErrors: true })
addFormats.default(ajv)
ajv.addSchema(spec as object, 'openapi')
const validators = new Map<string, ValidateFunction | undefined>()
const pointer = (...parts: string[]) => parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/')


/** A response as sent; `body` is undefined for a streamed one (its content is for the tests that read it). */
export type Observed = { method: string, route: string | undefined, status: number, contentType: string | undefined, body: string | undefined, headers: Record<string, unknown> }

/** What is wrong with this response according to openapi.yaml; empty when it complies. */
export function contractViolations ({ method, route, status, contentType, body, headers }: Observed): string[] {
  const where = `${method} ${route ?? '(no route)'} → ${status}`
  const path = route === undefined ? undefined : documentedPath(route)
  const verb = method === 'HEAD' ? 'get' : method.toLowerCase()
  const operation = path === undefined ? undefined : spec.paths[path]?.[verb]
  const problems: string[] = []
  let schemaPointer: string | undefined
  if (route === undefined) {
    // Unknown routes answer with the shared not-found problem, or with what stopped the request before it (a key refused
    // on a keyed prefix, the rate limit, an unreadable body).
    if (status < 400 || status >= 500) problems.push(`${where}: only a 4xx problem is expected without a route`)
    schemaPointer = '#/components/schemas/Problem'
  } else if (!operation) {
    return [`${where}: ${method} ${path} is not documented in openapi.yaml`]
  } else {
    const response = operation.responses[String(status)]
    if (!response) return [`${where}: status ${status} is not documented (documented: ${Object.keys(operation.responses).join(', ')})`]
    const media = contentType?.split(';')[0]?.trim()
    if (!response.content) {
      if (body !== '') problems.push(`${where}: documented without a body, sent ${body === undefined ? 'a stream' : `${body.length} bytes`}`)
      return problems
    }
    if (media === undefined || !response.content[media]) {
      return [`${where}: content type ${media} is not documented (documented: ${Object.keys(response.content).join(', ')})`]
    }
    schemaPointer = '#/' + pointer('paths', path!, verb, 'responses', String(status), 'content', media, 'schema')
  }
  if ((status === 429 || status === 503) && headers['retry-after'] === undefined) problems.push(`${where}: no Retry-After`)
  if (status >= 400 && !contentType?.startsWith('application/problem+json')) problems.push(`${where}: error is ${contentType}, not application/problem+json`)
  if (method === 'HEAD' || body === undefined) return problems
  let parsed: unknown = body
  // JSON and problem+json bodies are parsed; NDJSON and CSV are documented as text.
  if (/^application\/([\w.-]+\+)?json$/.test(contentType?.split(';')[0]?.trim() ?? '')) {
    try { parsed = JSON.parse(body) } catch { return [...problems, `${where}: body is not JSON`] }
  }
  if (!validators.has(schemaPointer)) validators.set(schemaPointer, ajv.getSchema(`openapi${schemaPointer}`))
  const validate = validators.get(schemaPointer)
  if (!validate) return [...problems, `${where}: no schema at ${schemaPointer}`]
  if (!validate(parsed)) {
    problems.push(`${where}: body does not match ${schemaPointer}: ${ajv.errorsText(validate.errors, { separator: '; ' }).slice(0, 1000)}`)
  }
  if (status >= 400 && (parsed as { status?: number }).status !== status) problems.push(`${where}: problem status ${(parsed as { status?: number }).status} ≠ ${status}`)
  return problems
}
