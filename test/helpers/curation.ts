// Keys and entries for curation tests: keys are issued through the real key functions, entries through the HTTP API.
import type { App } from '../../src/app.js'
import type { Db } from '../../src/db/client.js'
import { sampleId } from '../../src/datasets/sample.js'
import { issueKey, type KeyRole } from '../../src/keys/store.js'

export const TEST_ACTOR = { key_id: null, label: 'test setup' }

/** A key's plain value, as a client would hold it. */
export function keyFor (db: Db, role: KeyRole, organisationIds: string[] = [], label = `${role} key`): string {
  return issueKey(db, { role, label, organisation_ids: organisationIds }, TEST_ACTOR).plain
}

export const withKey = (key: string, headers: Record<string, string> = {}) => ({ 'x-api-key': key, ...headers })

/** Two sample organisations, each with one published offer at one published location. */
export const OWN = {
  organisation: sampleId('organisation', 'consultatiebureau-seefhoek'),
  offer: sampleId('offer', 'cb-seefhoek'),
  location: sampleId('location', `${sampleId('organisation', 'consultatiebureau-seefhoek')}:Consultatiebureau Seefhoek`)
}
export const OTHER = {
  organisation: sampleId('organisation', 'papa-in-zicht'),
  offer: sampleId('offer', 'papa-in-zicht'),
  location: sampleId('location', `${sampleId('organisation', 'papa-in-zicht')}:Papa in Zicht – buurthuis Borgerhout`)
}

/** A complete offer body (publishable once its organisation is published). */
export function offerBody (organisationId: string, over: Record<string, unknown> = {}) {
  return {
    slug: 'test-offer',
    organisation_id: organisationId,
    name: { nl: 'Testaanbod', en: 'Test offer' },
    description: { nl: 'Een aanbod om te testen.' },
    care_type: 'kg_consultatiebureau',
    from_month: 0,
    to_month: 12,
    languages: ['nl'],
    modes: ['onsite'],
    service_area: ['11002'],
    cost_type: 'free',
    ...over
  }
}

export function organisationBody (over: Record<string, unknown> = {}) {
  return { slug: 'test-organisation', kind: 'ngo', name: { nl: 'Testorganisatie' }, ...over }
}

export function locationBody (organisationId: string, over: Record<string, unknown> = {}) {
  return { organisation_id: organisationId, name: 'Testlocatie', street: 'Teststraat 1', postcode: '9000', ...over }
}

/** Sends a request with a key and returns status, parsed body and headers. */
export async function call (app: App, key: string | undefined, method: string, url: string, payload?: unknown, headers: Record<string, string> = {}) {
  const response = await app.inject({
    method: method as 'GET', url, headers: { ...(key === undefined ? {} : { 'x-api-key': key }), ...headers },
    ...(payload === undefined ? {} : { payload: payload as object })
  })
  return { status: response.statusCode, body: response.body === '' ? null : response.json(), headers: response.headers }
}
