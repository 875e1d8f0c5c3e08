// Wire shapes of the public offer reads: the search parameters, a result item, facets, and one offer in full.
import { z } from 'zod'
import { Postcode } from '../locations/schemas.js'
import { PageQuery, pageOf } from '../http/page.js'
import { ContentLang, TextFallbacks } from '../text/schemas.js'
import { AcceptingNew, CostType, Mode, ReferralType, WaitingTime } from './schemas.js'

const Id = z.string().max(36)
const Slug = z.string().max(100)
const CodeValue = z.string().max(80)
const Name = z.string().max(200)
const Text = z.string().max(4000)
const Note = z.string().max(1000)
const Timestamp = z.string().max(40)
const Month = z.number().min(-240).max(240).nullable()
const Latitude = z.number().min(-90).max(90)
const Longitude = z.number().min(-180).max(180)
const Contact = z.string().max(254)

const codeList = (what: string, example: string) => z.string().max(500).regex(/^[A-Za-z0-9_-]+(,[A-Za-z0-9_-]+)*$/, 'codes separated by commas').optional()
  .meta({ description: `${what}: one code or a comma-separated list (any of them), e.g. \`${example}\`. A code that does not exist is a 404 naming the parameter.`, example })
const flag = (description: string) => z.enum(['true', 'false']).optional().meta({ description })

export const SORTS = ['relevance', 'distance', 'name', 'updated'] as const
export const DEFAULT_RADIUS_KM = 25
/** The longest free text a search takes (src/search/text.ts refuses longer). */
export const MAX_TEXT_LENGTH = 200
/** Words of `q` read as a question; the rest is listed as ignored. */
export const MAX_READ_WORDS = 30

export const OfferSearchQuery = PageQuery.extend({
  q: z.string().max(MAX_TEXT_LENGTH).optional().meta({
    description: `The one search box, read as a question (at most ${MAX_TEXT_LENGTH} characters; the first ${MAX_READ_WORDS} words are read): places ` +
      '(municipalities in nl/fr/en, their parts, postcodes, eerstelijnszones, provinces, gewesten), phases and ages ("zwanger", "3 maanden"), ' +
      'needs (taxonomy labels and synonyms, everyday words: "somber", "huilt", "drugs") become filters as the explicit parameters would, which win; ' +
      'typos are corrected, Dutch compounds split, stop words dropped, and the other words rank the result (at least one must match unless a need was read). ' +
      'The answer says how it was read (`interpretation`); when the strict reading finds nothing, it is relaxed step by step and says so. ' +
      'With `read_q=false`, plain text search: every word must match, as a prefix, at most 10 words.',
    example: 'postpartum depressie Gent'
  }),
  read_q: z.enum(['true', 'false']).optional().meta({ description: '`false`: `q` is literal text (every word must match), not read as a question; default `true`' }),
  region: codeList('Region codes of any level (BE-VLG, BE-VAN, elz-…, a 5-digit NIS code; old NIS codes resolve): offers serving any part of them, and remote-only offers', '44021'),
  postcode: Postcode.optional().meta({ description: 'A Belgian postcode: its municipality and eerstelijnszone, as `region`; also the centre for `distance_km` when `near` is absent. With `radius_km`, a radius around it instead.' }),
  near: z.string().max(50).regex(/^-?(90(\.0+)?|[1-8]?\d(\.\d+)?),-?(180(\.0+)?|(1[0-7]\d|[1-9]?\d)(\.\d+)?)$/, 'latitude,longitude in degrees').optional()
    .meta({ description: 'lat,lng: only offers with a location within `radius_km` of this point', example: '51.054,3.717' }),
  radius_km: z.coerce.number().min(0.1).max(300).optional().meta({ description: `Radius around \`near\` (or \`postcode\`) in km; default ${DEFAULT_RADIUS_KM} with \`near\`; without either it is left out` }),
  phase: codeList('Phase codes: offers whose month range overlaps any of them', 'zwangerschap,kraamperiode'),
  age_months: z.coerce.number().int().min(-24).max(240).optional().meta({ description: 'The child\'s age in months, negative during pregnancy' }),
  care_type: codeList('Care-type codes, each with its descendants', 'ggz'),
  role: codeList('Support-figure role codes', 'vroedvrouw'),
  target_group: codeList('Target-group codes', 'vaders_meeouders'),
  language: codeList('Service-language codes', 'fr'),
  mode: codeList('Delivery modes', 'home,online'),
  cost: codeList('Cost types', 'free'),
  referral: codeList('Referral types', 'none'),
  crisis: flag('`true`: only offers with 24/7 crisis help or an urgent intake (`false` or absent: no filter)'),
  baby_welcome: flag('`true`: only offers where the baby is welcome (`false` or absent: no filter)'),
  accepting_new: flag('`true`: only offers that take new families (`yes`, or onto a waiting list; not known counts as no). `false` or absent: no filter'),
  access: z.string().max(200).regex(/^[a-z_]+(,[a-z_]+)*$/, 'access codes separated by commas').optional().meta({
    description: 'Access needs, all of which must hold: `wheelchair` and `pram` (a location says so), `interpreter`, `no_residence_papers`, `anonymous` (the offer says so). Not known counts as no.',
    example: 'wheelchair,interpreter'
  }),
  open_now: flag('`true`: only offers open now (Europe/Brussels time; public holidays and dated exceptions applied; offers whose hours are not known are left out)'),
  open_at: z.iso.datetime({ offset: true }).max(40).optional().meta({
    description: 'Only offers open at this moment (ISO 8601 with an offset or Z); wins over `open_now`. The items\' `open_now` and `next_open` then speak of this moment.',
    example: '2026-12-24T10:00:00+01:00'
  }),
  organisation: codeList('Organisation ids (or slugs)', 'papa-in-zicht'),
  sort: z.enum(SORTS).optional().meta({ description: 'relevance (default; with `q` by text, with a region or postcode the most local first), distance (default with `near`; without `near` or `postcode` it sorts as relevance), name, updated (newest first)' }),
  facets: flag('`true` adds counts per phase, care type, province, language, mode, cost, role, referral and crisis help for the current filter'),
  lang: ContentLang.optional()
})
export type OfferSearchQuery = z.infer<typeof OfferSearchQuery>

export const LocationSummary = z.object({
  name: Name, postcode: z.string().max(4),
  municipality: Name.meta({ description: 'The municipality\'s name in the content language' }),
  latitude: Latitude.nullable(), longitude: Longitude.nullable(),
  approximate_position: z.boolean().meta({ description: 'The position is the postcode\'s centre, not the address: show the place, not a pin' })
}).meta({ id: 'LocationSummary' })

export const CodeLabel = z.object({ code: CodeValue, label: Name }).meta({ id: 'CodeLabel' })

const Day = z.string().max(10)

/** What a family needs to take the first step; list items and the detail carry the same. */
const firstStepFields = {
  contact: z.object({ name: Name.nullable(), phone: Contact.nullable(), email: Contact.nullable(), website: Contact.nullable() }).nullable().meta({
    description: 'The contact to use first: the first-step contact when one is named, else the offer\'s own, else the organisation\'s (then `name` is the organisation\'s); null when nothing is known'
  }),
  first_step: Note.nullable().meta({ description: 'What to do first ("Bel voor een intakegesprek"); null: not known', example: 'Bel voor een intakegesprek' }),
  open_now: z.boolean().nullable().meta({ description: 'Open now (Europe/Brussels), or at `open_at` when the search asked; null when its hours are not known (never "closed")' }),
  next_open: Timestamp.nullable().meta({ description: 'When it next opens (ISO 8601 with the Brussels offset) when not open now; null when open, not known, or not within 14 days', example: '2026-12-28T09:00:00+01:00' }),
  accepting_new: z.object({
    code: AcceptingNew, label: Name,
    wait_weeks: z.int().min(0).max(520).nullable().meta({ description: 'Indicative wait in weeks; null: not known' }),
    confirmed_at: Day.nullable().meta({ description: 'The date (YYYY-MM-DD) this was last confirmed' })
  }).nullable().meta({ description: 'Whether new families are taken; null: not known' }),
  temporarily_closed: z.boolean().meta({ description: 'Closed until further notice: still listed (so a family learns it), never open' }),
  alert: z.object({ text: Note, until: Day.nullable().meta({ description: 'The last day it is shown; null: until removed' }) }).nullable()
    .meta({ description: 'A temporary notice to show with the offer; gone after its `until` day' })
}

/** A search result: what a result list shows (the full offer is at /v1/offers/{id}); kept lean, a page holds up to 100. */
export const OfferSummary = z.object({
  id: Id,
  slug: Slug,
  name: Name.meta({ description: 'In the content language, or nl when it has no translation' }),
  description: Text,
  is_reference: z.boolean().meta({ description: 'A national reference entry (helpline, campaign)' }),
  organisation: z.object({ id: Id, name: Name }),
  care_type: CodeLabel,
  from_month: Month.meta({ description: 'Start of the offer\'s phase range in months relative to birth; null = open (from the wish for a child)' }),
  to_month: Month.meta({ description: 'End of the range; null = open' }),
  languages: z.array(CodeLabel).max(50),
  modes: z.array(CodeLabel.extend({ code: Mode })).max(20),
  remote_only: z.boolean().meta({ description: 'Only online, by phone or chat: found in every region search' }),
  cost_type: CodeLabel.extend({ code: CostType }).nullable().meta({ description: 'null = not known (never "free")' }),
  referral_type: CodeLabel.extend({ code: ReferralType }).nullable().meta({ description: 'null = not known' }),
  waiting_time: CodeLabel.extend({ code: WaitingTime }).nullable().meta({ description: 'Indicative wait before a first appointment; null when not known' }),
  crisis_24_7: z.boolean().nullable().meta({ description: 'null = not known (never "no")' }),
  urgent_intake: z.boolean().nullable().meta({ description: 'null = not known' }),
  baby_welcome: z.boolean().nullable().meta({ description: 'null = not known' }),
  locations: z.array(LocationSummary).max(100),
  last_verified: Timestamp.nullable().meta({ description: 'When a curator last checked the entry; null if never' }),
  ...firstStepFields,
  text_fallbacks: TextFallbacks,
  distance_km: z.number().min(0).max(50000).nullable().optional()
    .meta({ description: 'With `near` or `postcode`: km to the nearest location; null when the offer has no located place' }),
  highlights: z.object({
    name: z.string().max(4000),
    description: z.string().max(4000).meta({ description: 'A snippet of the description around its first match' })
  }).optional().meta({
    description: 'With `q`, when a word of the question (or of a need read from it) occurs in the name or description: those texts ' +
      'HTML-escaped, with the words in `<mark>` tags and nothing else added',
    example: { name: 'Gespreksgroep Na de Storm (postnatale <mark>depressie</mark>)', description: 'Maandelijkse gespreksgroep voor ouders met een postnatale <mark>depressie</mark>…' }
  })
}).meta({ id: 'OfferSummary' })

const FacetValue = z.object({ code: CodeValue, label: Name, count: z.int().min(0).max(Number.MAX_SAFE_INTEGER) })
export const Facets = z.object({
  phase: z.array(FacetValue).max(20),
  care_type: z.array(FacetValue.extend({ parent_code: CodeValue.nullable() })).max(200),
  province: z.array(FacetValue).max(20),
  language: z.array(FacetValue).max(200),
  mode: z.array(FacetValue).max(20),
  cost: z.array(FacetValue).max(20),
  role: z.array(FacetValue).max(200).meta({ description: 'Per support figure (`role`); an offer counts for each of its roles' }),
  referral: z.array(FacetValue).max(20).meta({ description: 'Per referral type (`referral`); offers whose referral is not known are not counted' }),
  crisis: z.array(FacetValue).max(1).meta({ description: 'Code `true`: the offers `crisis=true` keeps (24/7 crisis help or an urgent intake)' })
}).meta({
  id: 'Facets',
  description: 'Counts for the current filter. A dimension\'s own filter does not narrow its own counts (selecting more values of it ORs them); ' +
    'all other filters do. Values with no offers are left out unless selected. Remote-only offers count in every province.'
})

const PART_KINDS = ['place', 'phase', 'age', 'care_type', 'role', 'target_group', 'text'] as const
export const Interpretation = z.object({
  query: z.string().max(MAX_TEXT_LENGTH).meta({ description: '`q` as read: trimmed, control characters as spaces; the parts\' offsets point into it' }),
  literal: z.boolean().meta({ description: 'true with `read_q=false`: the words are plain text' }),
  parts: z.array(z.object({
    text: z.string().max(MAX_TEXT_LENGTH).meta({ description: 'The words as typed: `query.slice(start, end)`' }),
    start: z.int().min(0).max(MAX_TEXT_LENGTH),
    end: z.int().min(0).max(MAX_TEXT_LENGTH).meta({ description: 'UTF-16 offsets into `query`; removing a chip is removing this slice from `q`' }),
    kind: z.enum(PART_KINDS),
    code: CodeValue.nullable().meta({ description: 'null for text' }),
    label: Name.meta({ description: 'In the answer\'s language' }),
    param: z.enum(['region', 'postcode', 'phase', 'age_months', 'care_type', 'role', 'target_group', 'q']).meta({ description: 'The explicit parameter it stands for' }),
    value: z.string().max(500).meta({ description: 'That parameter\'s value' }),
    detail: Name.optional().meta({ description: 'Places: what kind of place and where ("gemeente, Oost-Vlaanderen", "deel van Gent")' }),
    corrected_from: Name.nullable().meta({ description: 'The word as typed, when it was read with a typo correction' }),
    applied: z.boolean().meta({ description: 'false when an explicit parameter of the same kind overrides it' })
  })).max(100).meta({ description: 'In order of appearance in `query`' }),
  ignored: z.array(Name).max(200).meta({ description: 'Stop words and words not read' }),
  relaxed: z.array(z.object({
    kind: z.enum(['widened_place', 'dropped_concept', 'national_lines']),
    from: z.string().max(500).nullable(),
    to: z.string().max(500).nullable(),
    label: Name
  })).max(20).meta({ description: 'Empty when the strict reading answered; else each step taken, in order, until something was found' })
}).meta({
  id: 'Interpretation',
  description: 'How `q` was read: each part a removable chip',
  example: {
    query: 'postpartum depresie Gent',
    literal: false,
    parts: [
      { text: 'postpartum depresie', start: 0, end: 19, kind: 'target_group', code: 'psychische_kwetsbaarheid', label: 'Postnatale depressie', param: 'target_group', value: 'psychische_kwetsbaarheid', corrected_from: 'depresie', applied: true },
      { text: 'Gent', start: 20, end: 24, kind: 'place', code: '44021', label: 'Gent', param: 'region', value: '44021', detail: 'gemeente, Oost-Vlaanderen', corrected_from: null, applied: true }
    ],
    ignored: [],
    relaxed: []
  }
})
export const Suggestion = z.object({ word: Name, suggestion: Name }).meta({ id: 'Suggestion', example: { word: 'vroedvruw', suggestion: 'vroedvrouw' } })

export const OfferList = pageOf(OfferSummary).extend({
  facets: Facets.optional(),
  interpretation: Interpretation.optional().meta({ description: 'With `q`: how it was read' }),
  suggestions: z.array(Suggestion).max(MAX_READ_WORDS).optional().meta({ description: 'With `q`: "did you mean" for words the directory does not know' })
}).meta({ id: 'OfferList' })

const Located = z.object({ code: CodeValue, level: z.string().max(20), name: Name })

export const OfferDetail = z.object({
  id: Id,
  slug: Slug,
  name: Name,
  description: Text,
  is_reference: z.boolean(),
  organisation: z.object({
    id: Id, slug: Slug, kind: z.string().max(40).nullable(), name: Name, website: Contact.nullable(), email: Contact.nullable(), phone: Contact.nullable()
  }),
  care_type: CodeLabel.extend({ category: CodeLabel.nullable() }),
  from_month: Month,
  to_month: Month,
  phases: z.array(CodeLabel).max(20),
  roles: z.array(CodeLabel).max(50),
  target_groups: z.array(CodeLabel).max(50),
  languages: z.array(CodeLabel).max(50),
  modes: z.array(CodeLabel).max(20),
  remote_only: z.boolean(),
  service_area: z.array(Located).max(600),
  locations: z.array(LocationSummary.extend({
    id: Id,
    municipality_code: CodeValue,
    street: Name.nullable(),
    wheelchair_accessible: z.boolean().nullable(),
    pram_accessible: z.boolean().nullable(),
    public_transport_note: Note.nullable(),
    approximate_position: z.boolean().meta({ description: 'The position is the postcode\'s centre, not the address: show the place, not a pin' })
  })).max(100),
  cost: z.object({
    type: CostType.nullable().meta({ description: 'null = not known' }), label: Name.nullable(), note: Note.nullable(),
    price_min_eur: z.number().min(0).max(100000).nullable(), price_max_eur: z.number().min(0).max(100000).nullable(),
    third_party_payment: z.boolean().nullable(), first_session_free: z.boolean().nullable()
  }),
  referral: z.object({ type: ReferralType.nullable(), label: Name.nullable(), by: z.array(CodeLabel).max(50), note: Note.nullable() }),
  crisis: z.object({ available_24_7: z.boolean().nullable(), urgent_intake: z.boolean().nullable(), note: Note.nullable() }),
  baby_welcome: z.boolean().nullable(),
  waiting_time: CodeLabel.extend({ code: WaitingTime }).nullable(),
  accessibility: z.object({
    interpreter_on_request: z.boolean().nullable(), plain_language: z.boolean().nullable(),
    anonymous_possible: z.boolean().nullable(), no_residence_papers_ok: z.boolean().nullable()
  }).meta({ description: 'null = not known' }),
  contacts: z.array(z.object({ name: Name.nullable(), title: Name.nullable(), email: Contact.nullable(), phone: Contact.nullable() })).max(20),
  opening_hours: z.array(z.object({
    weekday: z.int().min(1).max(7), opens: z.string().max(5), closes: z.string().max(5), location_id: Id.nullable(), note: Note.nullable()
  })).max(50),
  hours_exceptions: z.array(z.object({
    from: Day, to: Day, closed: z.boolean(), opens: z.string().max(5).nullable(), closes: z.string().max(5).nullable(), note: Note.nullable()
  })).max(100).meta({ description: 'Dated exceptions to the weekly hours (local dates, inclusive): closed, or these hours every day of the period' }),
  always_open: z.boolean().meta({ description: 'Open around the clock (a 24/7 line)' }),
  open_on_holidays: z.boolean().meta({ description: 'Keeps its usual hours on public holidays; otherwise closed on Belgian public holidays' }),
  first_step_contact_index: z.int().min(0).max(19).nullable().meta({ description: 'The position in `contacts` of the first-step contact; null when none is named' }),
  ...firstStepFields,
  website: Contact.nullable(),
  email: Contact.nullable(),
  phone: Contact.nullable(),
  sources: z.array(z.string().max(500)).max(30).meta({ description: 'Public web pages the facts come from' }),
  source_note: Note.nullable().meta({ description: 'What was inferred, approximated or may be outdated (in English)' }),
  updated_at: Timestamp,
  last_verified: Timestamp.nullable().meta({ description: 'When a curator last confirmed the entry; null: not yet verified, show it as such' }),
  text_fallbacks: TextFallbacks
}).meta({ id: 'OfferDetail', description: 'null in a fact means "not known", never "no"' })

export const IdOrSlugParams = z.object({ id: z.string().min(1).max(100).meta({ description: 'A UUID or a slug' }) })
export const LangQuery = z.object({ lang: ContentLang.optional() })
