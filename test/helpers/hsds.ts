// Validators for the HSDS 3.0 JSON Schemas (copied, unchanged, in test/fixtures/hsds-3.0; CC BY-SA 4.0, Open Referral).
import Ajv2020 from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { readdirSync, readFileSync } from 'node:fs'

const dir = new URL('../fixtures/hsds-3.0/', import.meta.url)
const read = (name: string) => JSON.parse(readFileSync(new URL(name, dir), 'utf8')) as Record<string, unknown>

// The schemas carry Frictionless Data keywords (constraints, datapackage_metadata …) that are not JSON Schema.
const ajv = new Ajv2020.default({ strict: false, allErrors: true })
addFormats.default(ajv)
for (const file of readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'openapi.json')) ajv.addSchema(read(file), file)

const compiled = (name: string) => ajv.compile(read(`compiled/${name}.json`))

export const hsdsValidators = {
  service: compiled('service'),
  service_list: compiled('service_list'),
  organization: compiled('organization'),
  organization_list: compiled('organization_list'),
  service_at_location: compiled('service_at_location'),
  service_at_location_list: compiled('service_at_location_list'),
  taxonomy: ajv.getSchema('taxonomy.json')!,
  taxonomy_term: ajv.getSchema('taxonomy_term.json')!
}

/** The validation errors of one object, [] when it is valid. */
export function hsdsErrors (kind: keyof typeof hsdsValidators, value: unknown): unknown[] {
  const validate = hsdsValidators[kind]
  return validate(value) ? [] : (validate.errors ?? [])
}
