// Checks that an offer's codes and ids point at things that exist, naming the offending field for the error report.
import { and, eq, inArray } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import { care_types, languages, locations, organisations, regions, roles, target_groups } from '../db/schema.js'
import type { OfferInput } from './schemas.js'

export type ReferenceIssue = { path: string, message: string }

export function checkOfferReferences (db: Db, input: OfferInput): ReferenceIssue[] {
  const issues: ReferenceIssue[] = []
  const known = (table: any, column: any, values: string[]) =>
    new Set(values.length === 0 ? [] : db.select({ v: column }).from(table).where(inArray(column, values)).all().map((r: any) => r.v as string))
  const expect = (field: string, values: string[], table: any, column: any, what: string) => {
    const found = known(table, column, values)
    values.forEach((v, i) => { if (!found.has(v)) issues.push({ path: `/${field}/${i}`, message: `unknown ${what} '${v}'` }) })
  }
  if (!db.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, input.organisation_id)).get()) {
    issues.push({ path: '/organisation_id', message: `unknown organisation '${input.organisation_id}'` })
  }
  if (known(care_types, care_types.code, [input.care_type]).size === 0) {
    issues.push({ path: '/care_type', message: `unknown care type '${input.care_type}'` })
  }
  expect('roles', input.roles, roles, roles.code, 'role')
  expect('referral_by', input.referral_by, roles, roles.code, 'role')
  expect('target_groups', input.target_groups, target_groups, target_groups.code, 'target group')
  expect('languages', input.languages, languages, languages.code, 'language')
  expect('service_area', input.service_area, regions, regions.code, 'region')
  const own = new Set(input.location_ids.length === 0 ? [] : db.select({ id: locations.id }).from(locations)
    .where(and(inArray(locations.id, input.location_ids), eq(locations.organisation_id, input.organisation_id))).all().map((r) => r.id))
  input.location_ids.forEach((id, i) => {
    if (!own.has(id)) issues.push({ path: `/location_ids/${i}`, message: `no location '${id}' of this organisation` })
  })
  input.opening_hours.forEach((h, i) => {
    if (h.location_id !== undefined && !input.location_ids.includes(h.location_id)) {
      issues.push({ path: `/opening_hours/${i}/location_id`, message: 'must be one of the offer\'s location_ids' })
    }
  })
  return issues
}
