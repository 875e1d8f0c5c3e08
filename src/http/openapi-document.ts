// Completes the generated OpenAPI document with what every operation shares, so no route has to repeat it.
import { RATE_LIMIT_HEADERS } from './rate-limit.js'

type Node = Record<string, unknown>
type Operation = { tags?: string[], security?: unknown[], responses?: Record<string, Node> }

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']
const INT32 = 2 ** 31
const UUID_LENGTH = 36

const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v)

const HEADERS: Record<string, Node> = {
  'Access-Control-Allow-Origin': {
    description: 'CORS: `*` on public routes; on keyed routes only a configured origin (CORS_ADMIN_ORIGINS), else absent',
    schema: { type: 'string', maxLength: 200, pattern: '^(\\*|https?://[^\\s/]+)$' }
  },
  'RateLimit-Limit': { description: 'Requests per minute allowed to this caller: its key, or its client address without a valid key (README, "Rate limits")', schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 10_000_000 } },
  'RateLimit-Remaining': { description: 'Requests left in the current minute (a 304 spends none)', schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 10_000_000 } },
  'RateLimit-Reset': { description: 'Seconds until the budget is renewed', schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 86_400 } },
  'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 86_400 } }
}
const headerRef = (name: string) => ({ $ref: `#/components/headers/${name}` })

/**
 * - every answer names its CORS header, 2xx, 3xx and 4xx answers the rate-limit headers, 429 and 503 also Retry-After;
 * - an operation without `security` says so explicitly (`security: []`: public);
 * - a prefixed scope's root route (`/hsds/`) is documented without its trailing slash (it answers both ways);
 * - integers carry an int32/int64 format that fits their bounds, UUIDs their length;
 * - the tags used are declared, with their descriptions, in the order of those descriptions (the others after, by name);
 * - components nothing refers to are left out (zod's registry yields an input twin of every named schema), schemas go by name.
 */
export function completeDocument<T extends object> (document: T, tagDescriptions: Record<string, string> = {}): T {
  const doc = document as Node & { paths?: Record<string, Record<string, Operation>>, components?: Node }
  const tags = new Set<string>()
  for (const item of Object.values(doc.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item[method]
      if (!operation) continue
      operation.security ??= []
      for (const tag of operation.tags ?? []) tags.add(tag)
      for (const [status, response] of Object.entries(operation.responses ?? {})) completeResponse(status, response)
    }
  }
  const paths = doc.paths && Object.fromEntries(Object.entries(doc.paths).map(([path, item]) => [documentedPath(path), item]))
  const components: Node = { ...doc.components, headers: { ...HEADERS, ...(doc.components?.headers as Node | undefined) } }
  addImpliedBounds(paths)
  addImpliedBounds(components)
  const order = Object.keys(tagDescriptions)
  const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length)
  const tagList = [...tags].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
    .map((name) => (tagDescriptions[name] ? { name, description: tagDescriptions[name] } : { name }))
  return prune({ ...doc, ...(paths && { paths }), components, tags: tagList }) as T
}

/** A route's url as the contract names it: `/v1/regions/:code` → `/v1/regions/{code}`, `/hsds/` → `/hsds`. */
export function documentedPath (url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, '{$1}').replace(/(.)\/$/, '$1')
}

function completeResponse (status: string, response: Node): void {
  const headers: Node = isNode(response.headers) ? response.headers : {}
  headers['Access-Control-Allow-Origin'] ??= headerRef('Access-Control-Allow-Origin')
  // The rate limit runs before everything else a route does; only overload and shutdown (503) answer before it.
  if (/^[234]\d\d$/.test(status)) for (const name of RATE_LIMIT_HEADERS) headers[name] ??= headerRef(name)
  if (status === '429' || status === '503') headers['Retry-After'] ??= headerRef('Retry-After')
  response.headers = headers
}

/** Bounds a schema's type implies but zod does not write out: an integer's int32/int64 format, a UUID's length. */
function addImpliedBounds (node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) addImpliedBounds(item)
    return
  }
  if (!isNode(node)) return
  const types = Array.isArray(node.type) ? node.type : [node.type]
  if (types.includes('integer') && node.format === undefined) {
    const fits = (bound: unknown) => typeof bound === 'number' && bound >= -INT32 && bound < INT32
    node.format = fits(node.minimum) && fits(node.maximum) ? 'int32' : 'int64'
  }
  if (types.includes('string') && node.format === 'uuid') node.maxLength ??= UUID_LENGTH
  for (const value of Object.values(node)) addImpliedBounds(value)
}

/** Drops component schemas, headers and security schemes that nothing (transitively) refers to. */
function prune (doc: Node & { components: Node }): Node {
  const used = new Set<string>()
  const pending: unknown[] = [{ ...doc, components: undefined }]
  const sections = ['schemas', 'headers', 'securitySchemes'] as const
  while (pending.length > 0) {
    const node = pending.pop()
    if (Array.isArray(node)) { pending.push(...node); continue }
    if (!isNode(node)) continue
    const ref = node.$ref
    if (typeof ref === 'string' && ref.startsWith('#/components/') && !used.has(ref)) {
      used.add(ref)
      const [, , section, name] = ref.split('/')
      pending.push((doc.components[section!] as Node | undefined)?.[name!])
    }
    if (Array.isArray(node.security)) {
      for (const requirement of node.security) for (const name of Object.keys(requirement as Node)) used.add(`#/components/securitySchemes/${name}`)
    }
    pending.push(...Object.values(node))
  }
  const components: Node = { ...doc.components }
  for (const section of sections) {
    const entries = Object.entries((components[section] as Node | undefined) ?? {}).filter(([name]) => used.has(`#/components/${section}/${name}`))
    // Schemas by name: zod's registry lists them in the order their modules loaded, which a process's other imports change.
    if (section === 'schemas') entries.sort(([a], [b]) => (a < b ? -1 : 1))
    if (entries.length > 0) components[section] = Object.fromEntries(entries)
    else delete components[section]
  }
  return { ...doc, components }
}
