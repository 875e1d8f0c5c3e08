// Turns the query string of GET /v1/offers into a resolved search: codes checked against the reference,
// postcodes and old NIS codes resolved, defaults chosen. A code that does not exist is a 404 naming the parameter
// (as an unknown `within` region is), so a typo never reads as "no help found"; malformed input is a 400.
import { ACCESS_CODES, COST_TYPES, MODES, REFERRAL_TYPES } from '../db/schema.js'
import { FieldErrors } from '../http/errors.js'
import { localMoment } from '../hours/brussels-time.js'
import type { OfferQuery, SortKey } from './engine.js'
import type { SearchIndex } from './index.js'
import { parseText, TextError } from './text.js'
import type { ContentLang } from '../text/schemas.js'
import { DEFAULT_RADIUS_KM, type OfferSearchQuery } from '../offers/public-schemas.js'

type FieldError = { in: string, path: string, message: string }

const member = (set: { has: (code: string) => boolean }) => (code: string) => (set.has(code) ? code : undefined)
// The fixed code lists, checked the same way as the reference's.
const isMode = member(new Set<string>(MODES))
const isCost = member(new Set<string>(COST_TYPES))
const isReferral = member(new Set<string>(REFERRAL_TYPES))
const isAccess = member(new Set<string>(ACCESS_CODES))

/** Codes that are well formed but do not exist in the directory's reference: answered with 404 and `errors[]`. */
export class UnknownCodes extends FieldErrors {
  constructor (errors: FieldError[]) {
    super(errors, `Not found: ${errors.map((e) => `${e.path.slice(1)} ${e.message}`).join('; ')}`, 404)
  }
}

/** The moment the items' open_now and next_open speak of: `open_at` when asked, else now. */
export const askedMoment = (q: OfferSearchQuery, now: Date): Date => (q.open_at === undefined ? now : new Date(q.open_at))

export function resolveOfferQuery (index: SearchIndex, q: OfferSearchQuery, lang: ContentLang, now = new Date()): OfferQuery {
  const { ref } = index
  const unknown: FieldError[] = []
  const fail = (parameter: string, message: string) => { unknown.push({ in: 'querystring', path: `/${parameter}`, message }) }
  /** A comma list of codes, each checked (and possibly rewritten) by `known`; undefined when the parameter is absent. */
  const codes = (parameter: keyof OfferSearchQuery, what: string, known: (code: string) => string | undefined) => {
    const raw = q[parameter] as string | undefined
    if (raw === undefined) return undefined
    const out: string[] = []
    // One code (the usual case) is read without making a set: with render.ts's slabs, about 160 → 152 µs of server CPU
    // per filter request (CPU per request over wrk runs; docs/performance.md).
    for (const code of raw.includes(',') ? new Set(raw.split(',')) : [raw]) {
      const resolved = known(code)
      if (resolved === undefined) fail(parameter, `unknown ${what} '${code.slice(0, 60)}'`)
      // Two codes that resolve to one (an id and a slug, an old and a current region code) are one filter value.
      else if (!out.includes(resolved)) out.push(resolved)
    }
    return out
  }

  let text
  // Read as a question (readQuestion), unless the partner asked for literal text.
  if (q.q !== undefined && q.read_q === 'false') {
    try {
      text = parseText(q.q)
    } catch (err) {
      throw new FieldErrors([{ in: 'querystring', path: '/q', message: (err as TextError).message }], `Invalid search: q ${(err as TextError).message}`)
    }
  }

  const near = q.near?.split(',').map(Number) as [number, number] | undefined
  const postcode = q.postcode === undefined ? undefined : ref.postcodes.get(q.postcode)
  if (q.postcode !== undefined && postcode === undefined) fail('postcode', `unknown postcode '${q.postcode}'`)
  const centre = near !== undefined ? { latitude: near[0], longitude: near[1] } : postcode && { latitude: postcode.latitude, longitude: postcode.longitude }
  // A postcode alone is a place to serve; with a radius it is only the centre of the radius. Without a centre, a
  // radius means nothing and is left out, and sorting by distance sorts by relevance.
  const radiusKm = near !== undefined ? q.radius_km ?? DEFAULT_RADIUS_KM : q.postcode !== undefined ? q.radius_km : undefined
  const sort: SortKey = q.sort === 'distance' && centre === undefined ? 'relevance' : q.sort ?? (text?.terms.length ? 'relevance' : near !== undefined ? 'distance' : 'relevance')

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
    modes: codes('mode', 'mode', isMode),
    costs: codes('cost', 'cost type', isCost),
    referrals: codes('referral', 'referral type', isReferral),
    crisis: q.crisis === 'true',
    babyWelcome: q.baby_welcome === 'true',
    acceptingNew: q.accepting_new === 'true',
    access: codes('access', 'access need', isAccess),
    openAt: q.open_at !== undefined || q.open_now === 'true' ? localMoment(askedMoment(q, now)) : undefined,
    organisationIds: codes('organisation', 'organisation', (c) => (index.organisationById.get(c) ?? index.organisationBySlug.get(c))?.id),
    sort,
    lang,
    offset: (q.page - 1) * q.per_page,
    limit: q.per_page,
    facets: q.facets === 'true'
  }
  if (unknown.length > 0) throw new UnknownCodes(unknown)
  return query
}

