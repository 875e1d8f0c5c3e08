// Turns the query string of GET /v1/offers into a resolved search: codes checked against the reference,
// postcodes and old NIS codes resolved, defaults chosen. Unknown codes give a 400 that names the parameter.
import { FieldErrors } from '../http/errors.js'
import type { OfferQuery, SortKey } from '../search/engine.js'
import type { SearchIndex } from '../search/index.js'
import { parseText, TextError } from '../search/text.js'
import type { ContentLang } from '../text/schemas.js'
import { DEFAULT_RADIUS_KM, type OfferSearchQuery } from './public-schemas.js'

const MAX_LIST = 50

export function resolveOfferQuery (index: SearchIndex, q: OfferSearchQuery, lang: ContentLang): OfferQuery {
  const { ref } = index
  const errors: Array<{ in: string, path: string, message: string }> = []
  const fail = (parameter: string, message: string) => { errors.push({ in: 'querystring', path: `/${parameter}`, message }) }
  /** A comma list of codes, each checked (and possibly rewritten) by `known`; undefined when the parameter is absent. */
  const codes = (parameter: keyof OfferSearchQuery, what: string, known: (code: string) => string | undefined) => {
    const raw = q[parameter] as string | undefined
    if (raw === undefined) return undefined
    const list = [...new Set(raw.split(',').map((c) => c.trim()).filter((c) => c.length > 0))]
    if (list.length === 0 || list.length > MAX_LIST) fail(parameter, `between 1 and ${MAX_LIST} codes`)
    const out: string[] = []
    for (const code of list) {
      const resolved = known(code)
      if (resolved === undefined) fail(parameter, `unknown ${what} '${code.slice(0, 60)}'`)
      else out.push(resolved)
    }
    return [...new Set(out)]
  }
  const member = (set: { has: (code: string) => boolean }) => (code: string) => (set.has(code) ? code : undefined)
  const among = (list: ReadonlyArray<string | { code: string }>) => member(new Set(list.map((v) => (typeof v === 'string' ? v : v.code))))

  let text
  if (q.q !== undefined) {
    try {
      text = parseText(q.q)
    } catch (err) {
      fail('q', (err as TextError).message)
    }
  }

  const near = q.near?.split(',').map(Number) as [number, number] | undefined
  if (near !== undefined && (Math.abs(near[0]) > 90 || Math.abs(near[1]) > 180)) fail('near', 'latitude within ±90 and longitude within ±180')
  const postcode = q.postcode === undefined ? undefined : ref.postcodes.get(q.postcode)
  if (q.postcode !== undefined && postcode === undefined) fail('postcode', `unknown postcode '${q.postcode}'`)
  if (q.radius_km !== undefined && q.near === undefined && q.postcode === undefined) fail('radius_km', 'needs near or postcode')
  const centre = near !== undefined ? { latitude: near[0], longitude: near[1] } : postcode && { latitude: postcode.latitude, longitude: postcode.longitude }
  // A postcode alone is a place to serve; with a radius it is only the centre of the radius.
  const radiusKm = near !== undefined ? q.radius_km ?? DEFAULT_RADIUS_KM : q.radius_km
  const sort: SortKey = q.sort ?? (text?.terms.length ? 'relevance' : near !== undefined ? 'distance' : 'relevance')
  if (sort === 'distance' && centre === undefined) fail('sort', 'distance needs near or postcode')

  const query: OfferQuery = {
    text: text?.terms.length ? text : undefined,
    regions: codes('region', 'region', (c) => ref.regionCode(c)),
    postcodes: q.postcode !== undefined && radiusKm === undefined ? [q.postcode] : undefined,
    centre,
    radiusKm,
    phases: codes('phase', 'phase', member(ref.phases)),
    months: q.age_months === undefined ? undefined : [{ from: q.age_months, to: q.age_months }],
    careTypes: codes('care_type', 'care type', member(ref.careTypeByCode)),
    roles: codes('role', 'role', member(ref.roles)),
    targetGroups: codes('target_group', 'target group', member(ref.targetGroups)),
    languages: codes('language', 'language', member(ref.languageIndex)),
    modes: codes('mode', 'mode', among(ref.modes)),
    costs: codes('cost', 'cost type', among(ref.costs)),
    referrals: codes('referral', 'referral type', among(ref.referrals)),
    crisis: q.crisis === 'true',
    babyWelcome: q.baby_welcome === 'true',
    organisationIds: codes('organisation', 'organisation', (c) => (index.organisationById.get(c) ?? index.organisationBySlug.get(c))?.id),
    sort,
    lang,
    offset: (q.page - 1) * q.per_page,
    limit: q.per_page,
    facets: q.facets === 'true'
  }
  if (errors.length > 0) throw new FieldErrors(errors, `Invalid search: ${errors.map((e) => `${e.path.slice(1)} ${e.message}`).join('; ')}`)
  return query
}
