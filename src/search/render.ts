// Offers as the public API shows them in one language: a summary per result (kept as JSON text per index, so a
// result page is spliced from ready strings) and the full detail of one offer.
import type { z } from 'zod'
import { type LocalMoment, localMoment } from '../hours/brussels-time.js'
import { acceptingNew, currentAlert, firstContact, type FirstStepFacts, openState } from '../offers/first-step.js'
import type { OfferDetail, OfferSummary } from '../offers/public-schemas.js'
import { loadPublicOffers, type PublicOfferRecord } from '../offers/public-record.js'
import { getOrganisationRecord } from '../organisations/store.js'
import { CRISIS_LABEL, REFERRAL_LABELS, WAITING_LABELS } from '../taxonomies/code-lists.js'
import { type ContentLang, pickText, textPicker } from '../text/schemas.js'
import { hasBit } from './bitset.js'
import type { SearchResult } from './engine.js'
import { FACET_DIMENSIONS, type FacetCounts, type FacetDimension } from './facets.js'
import {
  CACHE_LIMITS, FLAG_BABY_WELCOME, FLAG_BABY_WELCOME_KNOWN, FLAG_CRISIS_24_7, FLAG_CRISIS_24_7_KNOWN, FLAG_REFERENCE, FLAG_URGENT_INTAKE,
  FLAG_URGENT_INTAKE_KNOWN, type LocationEntry, type SearchIndex, UNKNOWN_CODE
} from './index.js'
import type { Coded, SearchReference } from './reference.js'
import { perLanguage } from './per-index.js'

type Localized = { nl: string, fr?: string | undefined, en?: string | undefined }
type Summary = z.infer<typeof OfferSummary>

/** Rendered summaries per index and language, up to CACHE_LIMITS.renderedSummaries. */
const rendered = new WeakMap<SearchIndex, { byLang: Map<ContentLang, Array<Buffer | undefined>>, count: number }>()

const regionName = (index: SearchIndex, code: string, lang: ContentLang) => index.ref.regions.get(code)!.label[lang]
const finite = (months: number) => (Number.isFinite(months) ? months : null)

function locationSummary (index: SearchIndex, l: LocationEntry, lang: ContentLang) {
  return {
    name: l.name, postcode: l.postcode, municipality: regionName(index, l.municipality_code, lang), latitude: l.latitude, longitude: l.longitude,
    approximate_position: l.approximate_position
  }
}

type StaticSummary = Omit<Summary, 'open_now' | 'next_open'>

/** An offer's summary as an object, at a moment (organisation pages embed these). */
export function offerSummary (index: SearchIndex, i: number, lang: ContentLang, at = new Date()): Summary {
  const moment = localMoment(at)
  return { ...summaryOf(index, i, lang, moment.date), ...openState(index.schedules[i]!, moment) }
}

/** What a summary says that does not change with the clock, but for an alert that ends (after `today`, it is left out). */
function summaryOf (index: SearchIndex, i: number, lang: ContentLang, today: string, texts = offerTexts(index, i)): StaticSummary {
  const { ref } = index
  const organisation = index.organisations[index.organisationOf[i]!]!
  const careType = ref.careTypes[index.careType[i]!]!
  const flags = index.flags[i]!
  const labelled = (c: Coded) => ({ code: c.code, label: c.label[lang] })
  const languages: Array<{ code: string, label: string }> = []
  for (let j = index.languageStart[i]!; j < index.languageStart[i + 1]!; j++) languages.push(labelled(ref.languages[index.languageCodes[j]!]!))
  const referral = index.referral[i] === UNKNOWN_CODE ? null : ref.referrals[index.referral[i]!] as NonNullable<Summary['referral_type']>['code']
  const { pick, fallbacks } = textPicker(lang)
  return {
    id: index.ids[i]!,
    slug: texts.slug,
    name: pick('name', texts.name),
    description: pick('description', texts.description),
    is_reference: (flags & FLAG_REFERENCE) !== 0,
    organisation: { id: organisation.id, name: pick('organisation.name', organisation.name) },
    care_type: labelled(careType),
    from_month: finite(index.fromMonth[i]!),
    to_month: finite(index.toMonth[i]!),
    languages,
    modes: ref.modes.filter((_, b) => (index.modeMask[i]! & (1 << b)) !== 0).map(labelled) as Summary['modes'],
    remote_only: hasBit(index.remoteOnly, i),
    cost_type: index.cost[i] === UNKNOWN_CODE ? null : labelled(ref.costs[index.cost[i]!]!) as NonNullable<Summary['cost_type']>,
    referral_type: referral === null ? null : { code: referral, label: REFERRAL_LABELS[referral][lang] },
    waiting_time: texts.waiting_time === null ? null : { code: texts.waiting_time, label: WAITING_LABELS[texts.waiting_time][lang] },
    crisis_24_7: known(flags, FLAG_CRISIS_24_7, FLAG_CRISIS_24_7_KNOWN),
    urgent_intake: known(flags, FLAG_URGENT_INTAKE, FLAG_URGENT_INTAKE_KNOWN),
    baby_welcome: known(flags, FLAG_BABY_WELCOME, FLAG_BABY_WELCOME_KNOWN),
    locations: index.locations[i]!.map((l) => locationSummary(index, l, lang)),
    last_verified: index.verifiedAt[i]!,
    contact: firstContact(texts, () => {
      const [phone, email, website] = organisationContact(index, organisation.id)
      return { name: pick('contact.name', organisation.name), phone, email, website }
    }),
    first_step: texts.first_step === null ? null : pick('first_step', texts.first_step),
    accepting_new: acceptingNew(texts, lang),
    temporarily_closed: texts.temporarily_closed,
    alert: alertIn(currentAlert(texts, today), pick),
    text_fallbacks: fallbacks
  }
}

const alertIn = (alert: ReturnType<typeof currentAlert>, pick: (path: string, text: Localized) => string) =>
  alert === null ? null : { text: pick('alert.text', alert.text), until: alert.until }

type WaitingTime = keyof typeof WAITING_LABELS
type OfferTexts = FirstStepFacts & { slug: string, name: Localized, description: Localized, waiting_time: WaitingTime | null, first_step: Localized | null, temporarily_closed: boolean }

/**
 * Name and description stay in SQLite (they are most of an offer's size); read when a summary is first rendered, with
 * the waiting time, the first step and the offer's contacts.
 */
function offerTexts (index: SearchIndex, i: number): OfferTexts {
  const q = textQueries(index.db)
  const id = index.ids[i]!
  const [slug, name, description, waiting, firstStep, contactIndex, accepting, wait, confirmed, alert, until, closed, phone, email, website] = q.offer.get(id) as
    [string, string, string, WaitingTime | null, string | null, number | null, OfferTexts['accepting_new'], number | null, string | null, string | null, string | null, number, string | null, string | null, string | null]
  const json = (text: string | null) => (text === null ? null : JSON.parse(text))
  return {
    slug, name: JSON.parse(name), description: JSON.parse(description), waiting_time: waiting, first_step: json(firstStep), first_step_contact_index: contactIndex,
    accepting_new: accepting, accepting_new_wait_weeks: wait, accepting_new_confirmed_at: confirmed, alert: json(alert), alert_until: until,
    temporarily_closed: closed === 1, phone, email, website, contacts: q.contacts.all(id) as OfferTexts['contacts']
  }
}

const organisationContact = (index: SearchIndex, id: string) =>
  textQueries(index.db).organisation.get(id) as [phone: string | null, email: string | null, website: string | null]

const statements = new WeakMap<SearchIndex['db'], ReturnType<typeof prepareTexts>>()
const textQueries = (db: SearchIndex['db']) => {
  let q = statements.get(db)
  if (q === undefined) statements.set(db, q = prepareTexts(db))
  return q
}
const prepareTexts = (db: SearchIndex['db']) => ({
  offer: db.$client.prepare(`SELECT slug, name, description, waiting_time, first_step, first_step_contact_index, accepting_new, accepting_new_wait_weeks,
    accepting_new_confirmed_at, alert, alert_until, temporarily_closed, phone, email, website FROM offers WHERE id = ?`).raw(),
  contacts: db.$client.prepare('SELECT name, phone, email FROM contacts WHERE offer_id = ? ORDER BY sort_order'),
  organisation: db.$client.prepare('SELECT phone, email, website FROM organisations WHERE id = ?').raw()
})

/** An offer's name and description in a language, kept per index and language as long as its rendered summaries are. */
export function offerNameAndDescription (index: SearchIndex, i: number, lang: ContentLang): [name: string, description: string] {
  const kept = keptTexts(index, lang)
  let texts = kept.get(i)
  if (texts === undefined) {
    if (kept.size >= CACHE_LIMITS.renderedSummaries) kept.clear()
    const t = offerTexts(index, i)
    kept.set(i, texts = [pickText(t.name, lang), pickText(t.description, lang)])
  }
  return texts
}

const keptNames = new WeakMap<SearchIndex, Map<ContentLang, Map<number, [string, string]>>>()
function keptTexts (index: SearchIndex, lang: ContentLang): Map<number, [string, string]> {
  let byLang = keptNames.get(index)
  if (byLang === undefined) keptNames.set(index, byLang = new Map())
  let kept = byLang.get(lang)
  if (kept === undefined) byLang.set(lang, kept = new Map())
  return kept
}

/** Offers whose rendered summaries show an alert with an end date, with that date: rendered again once it has passed. */
const endingAlerts = new WeakMap<SearchIndex, Map<number, string>>()

/**
 * The summaries of a page's offers as UTF-8 JSON without open_now and next_open (the page adds them), each rendered
 * once per index and language (a page is then joined from bytes, not re-encoded); rendered again when an alert it
 * shows has ended by `today`. In process at 50,000 offers, alternated: a page's 20 kept summaries take a few µs,
 * rendering them again (name and description read from SQLite, labels picked, JSON encoded) milliseconds on a loaded
 * machine. The kept lists are looked up once per page, not per offer.
 */
export function offerSummariesJson (index: SearchIndex, ordinals: number[], lang: ContentLang, today: string): Buffer[] {
  let cache = rendered.get(index)
  if (cache === undefined) rendered.set(index, cache = { byLang: new Map(), count: 0 })
  let list = cache.byLang.get(lang)
  if (list === undefined) cache.byLang.set(lang, list = new Array<Buffer | undefined>(index.size))
  let ending = endingAlerts.get(index)
  if (ending === undefined) endingAlerts.set(index, ending = new Map())
  return ordinals.map((i) => {
    const ends = ending.size === 0 ? undefined : ending.get(i)
    let json = ends !== undefined && ends < today ? undefined : list[i]
    if (json === undefined) {
      if (cache.count >= CACHE_LIMITS.renderedSummaries) {
        for (const l of cache.byLang.values()) l.fill(undefined)
        cache.count = 0
      }
      const summary = summaryOf(index, i, lang, today)
      if (summary.alert?.until != null) ending.set(i, summary.alert.until)
      else ending.delete(i)
      list[i] = json = Buffer.from(JSON.stringify(summary))
      cache.count++
    }
    return json
  })
}

/**
 * What `old` rendered, kept for `next`, the index a change was followed to: the summaries, names and descriptions of
 * the offers the change did not name, each in its new slot (`moved`: old ordinal → new one, -1 for an offer the change
 * wrote or took out). A summary depends only on its offer, its organisation and places (whose changes name the offer)
 * and the reference. Rendering every page's summaries again after each change cost more than following it. The open
 * states of those offers are carried too.
 */
export function carryRendered (old: SearchIndex, next: SearchIndex, moved: Int32Array): void {
  const carryMap = <T>(kept: Map<number, T>) => new Map([...kept].filter(([o]) => moved[o]! >= 0).map(([o, value]) => [moved[o]!, value]))
  const cache = rendered.get(old)
  if (cache !== undefined) {
    let count = 0
    const byLang = new Map([...cache.byLang].map(([lang, list]) => {
      const carried = new Array<Buffer | undefined>(next.size)
      for (let o = 0; o < list.length; o++) {
        if (list[o] !== undefined && moved[o]! >= 0) { carried[moved[o]!] = list[o]; count++ }
      }
      return [lang, carried]
    }))
    rendered.set(next, { byLang, count })
  }
  const ending = endingAlerts.get(old)
  if (ending !== undefined) endingAlerts.set(next, carryMap(ending))
  const names = keptNames.get(old)
  if (names !== undefined) keptNames.set(next, new Map([...names].map(([lang, kept]) => [lang, carryMap(kept)])))
  // An open state depends on the offer's hours and the minute only. Made again after every curation write, the states
  // were garbage for the old generation (6.6 MB in 15 s of curating at 50,000 offers, by a heap profile of the server).
  const open = keptOpenJsons.get(old)
  if (open !== undefined) keptOpenJsons.set(next, new Map([...open].map(([minute, kept]) => [minute, carryMap(kept)])))
}

/** One published offer in full, in one language. */
export function offerDetail (index: SearchIndex, i: number, lang: ContentLang, at = new Date()): z.infer<typeof OfferDetail> {
  const { ref } = index
  const [pub] = loadPublicOffers(index.db, [index.ids[i]!]) as [PublicOfferRecord]
  const organisation = getOrganisationRecord(index.db, pub.organisation_id)!
  const careType = ref.careTypeByCode.get(pub.care_type)!
  const category = careType.parent === null ? null : ref.careTypeByCode.get(careType.parent)!
  const moment = localMoment(at)
  const summary = summaryOf(index, i, lang, moment.date, { ...pub, contacts: pub.contacts })
  const { note, fallbacks } = textPicker(lang)
  Object.assign(fallbacks, summary.text_fallbacks)
  // Stored codes were checked against the reference when written.
  const coded = (codes: string[], lookUp: (code: string) => Coded | undefined) => codes.map((code) => ({ code, label: lookUp(code)!.label[lang] }))
  return {
    id: pub.id,
    slug: pub.slug,
    name: summary.name,
    description: summary.description,
    is_reference: pub.is_reference,
    organisation: {
      id: organisation.id, slug: organisation.slug, kind: organisation.kind, name: summary.organisation.name,
      website: organisation.website, email: organisation.email, phone: organisation.phone
    },
    care_type: { code: careType.code, label: careType.label[lang], category: category && { code: category.code, label: category.label[lang] } },
    from_month: pub.from_month,
    to_month: pub.to_month,
    phases: index.phasesOf(i).map((p) => ({ code: p.code, label: p.label[lang] })),
    roles: coded(pub.roles, (c) => ref.roles.get(c)),
    target_groups: coded(pub.target_groups, (c) => ref.targetGroups.get(c)),
    languages: summary.languages,
    modes: summary.modes,
    remote_only: summary.remote_only,
    service_area: pub.service_area.map((code) => ({ code, level: ref.regions.get(code)!.level, name: regionName(index, code, lang) })),
    locations: pub.locations.map((l, n) => ({
      id: l.id, municipality_code: l.municipality_code,
      ...locationSummary(index, l, lang),
      street: l.street, wheelchair_accessible: l.wheelchair_accessible, pram_accessible: l.pram_accessible,
      public_transport_note: note(`locations.${n}.public_transport_note`, l.public_transport_note)
    })),
    cost: {
      type: pub.cost_type, label: summary.cost_type?.label ?? null, note: note('cost.note', pub.cost_note),
      price_min_eur: pub.price_min_eur, price_max_eur: pub.price_max_eur,
      third_party_payment: pub.third_party_payment, first_session_free: pub.first_session_free
    },
    referral: { type: pub.referral_type, label: summary.referral_type?.label ?? null, by: coded(pub.referral_by, (c) => ref.roles.get(c)), note: note('referral.note', pub.referral_note) },
    crisis: { available_24_7: pub.crisis_24_7, urgent_intake: pub.urgent_intake, note: note('crisis.note', pub.crisis_note) },
    baby_welcome: pub.baby_welcome,
    waiting_time: summary.waiting_time,
    accessibility: {
      interpreter_on_request: pub.interpreter_on_request, plain_language: pub.plain_language,
      anonymous_possible: pub.anonymous_possible, no_residence_papers_ok: pub.no_residence_papers_ok
    },
    contacts: pub.contacts.map((c, n) => ({ name: c.name ?? null, title: note(`contacts.${n}.title`, c.title), email: c.email ?? null, phone: c.phone ?? null })),
    opening_hours: pub.opening_hours.map((h, n) => ({ weekday: h.weekday, opens: h.opens, closes: h.closes, location_id: h.location_id ?? null, note: note(`opening_hours.${n}.note`, h.note) })),
    hours_exceptions: pub.hours_exceptions.map((e, n) => ({ from: e.from, to: e.to, closed: e.closed, opens: e.opens ?? null, closes: e.closes ?? null, note: note(`hours_exceptions.${n}.note`, e.note) })),
    always_open: pub.always_open,
    open_on_holidays: pub.open_on_holidays,
    first_step_contact_index: pub.first_step_contact_index,
    contact: summary.contact,
    first_step: summary.first_step,
    ...openState(index.schedules[i]!, moment),
    accepting_new: summary.accepting_new,
    temporarily_closed: summary.temporarily_closed,
    alert: summary.alert,
    website: pub.website,
    email: pub.email,
    phone: pub.phone,
    sources: pub.sources,
    source_note: pub.source_note,
    updated_at: pub.updated_at,
    last_verified: pub.last_verified,
    text_fallbacks: fallbacks
  }
}

/** A flag that may not be known: null then, never false. */
const known = (flags: number, flag: number, knownFlag: number) => ((flags & knownFlag) === 0 ? null : (flags & flag) !== 0)

/** Digits a count takes at most (Number.MAX_SAFE_INTEGER has 16). */
const COUNT_DIGITS = 16

type FacetFragments = {
  /** Per dimension, per value code: the value's JSON before its count and after it, in UTF-8. */
  values: Record<FacetDimension, Map<string, [head: Buffer, tail: Buffer]>>
  /** Per dimension, its key and the opening of its list (closing the one before). */
  keys: Record<FacetDimension, Buffer>
  /** The most bytes the facets can take. */
  size: number
}

/**
 * Each facet value with its label in one language, as JSON around its count (care types also name their category):
 * made once per language, so an answer only splices in the counts. A page with facets took 64 µs against 137 µs with
 * the facets built as objects and stringified per answer (in process at 50,000 offers, 200 pages of postcode + phase,
 * medians of six alternated rounds).
 */
const fragmentsOf = perLanguage((ref: SearchReference, lang): FacetFragments => {
  let size = 0
  const bytes = (text: string) => {
    const piece = Buffer.from(text)
    size += piece.length
    return piece
  }
  const around = (values: Coded[], parent: (code: string) => string | null | undefined = () => undefined) => new Map(values.map((v): [string, [Buffer, Buffer]] => {
    const up = parent(v.code)
    // A comma before it, and its count.
    size += 1 + COUNT_DIGITS
    return [v.code, [bytes(`${JSON.stringify({ code: v.code, label: v.label[lang] }).slice(0, -1)},"count":`), bytes(up === undefined ? '}' : `,"parent_code":${JSON.stringify(up)}}`)]]
  }))
  const values = {
    phase: around([...ref.phases.values()]),
    care_type: around(ref.careTypes, (c) => ref.careTypeByCode.get(c)!.parent),
    province: around(ref.provinces),
    language: around(ref.languages),
    mode: around(ref.modes),
    cost: around(ref.costs),
    role: around([...ref.roles.values()]),
    referral: around(Object.entries(REFERRAL_LABELS).map(([code, label]) => ({ code, label }))),
    crisis: around([{ code: 'true', label: CRISIS_LABEL }])
  }
  const keys = Object.fromEntries(FACET_DIMENSIONS.map((d, n) => [d, bytes(`${n === 0 ? '' : '],'}"${d}":[`)])) as Record<FacetDimension, Buffer>
  return { values, keys, size }
})

const COMMA = 0x2c
const CLOSE = 0x7d
const ascii = (text: string) => Buffer.from(text, 'latin1')
const ENVELOPE = {
  totalItems: ascii('{"total_items":'),
  totalPages: ascii(',"total_pages":'),
  pageNumber: ascii(',"page_number":'),
  size: ascii(',"size":'),
  firstPage: ascii(',"first_page":'),
  lastPage: ascii(',"last_page":'),
  empty: ascii(',"empty":'),
  contents: ascii(',"contents":[')
}
const TRUE = ascii('true')
const FALSE = ascii('false')
const DISTANCE = ascii(',"distance_km":')
const HIGHLIGHTS = ascii(',"highlights":')

/**
 * Answers are written one after the other into shared slabs: a buffer of its own per answer (about 18 KB for 20
 * summaries, more than Node pools) is an allocation outside V8's heap each time. With the slabs (and params.ts reading
 * a single code without a set): about 160 → 152 µs of server CPU per filter request (CPU per request over wrk runs,
 * the plain and the tuned build alternated; docs/performance.md).
 * Each answer takes the space after the previous one, so answers never share bytes; a slab is garbage when its last
 * answer is. What keeps an answer longer (the response cache) keeps a copy, not a view that holds the whole slab.
 */
const SLAB_BYTES = 256 * 1024
let slab = { bytes: Buffer.allocUnsafeSlow(SLAB_BYTES), used: 0 }

/**
 * One JSON answer written into one buffer (its own part of a slab): ready UTF-8 pieces copied in, single characters
 * and numbers written as bytes, no strings or buffers in between. The buffer is sized from an upper bound; the answer
 * is the part written. Numbers are never turned into strings: V8 allocates those in its old generation (its
 * number-to-string cache), where they stay as garbage until a full collection, and memory would grow with every answer
 * (with the request state kept on the request: about 586 → 31 bytes promoted per filter answer; RSS no longer grows
 * about 2 MB a second under the bench's load; docs/performance.md, Memory).
 */
class JsonWriter {
  private readonly out: Buffer
  private at = 0

  constructor (capacity: number) {
    if (capacity > SLAB_BYTES / 4) this.out = Buffer.allocUnsafe(capacity)
    else {
      if (slab.used + capacity > SLAB_BYTES) slab = { bytes: Buffer.allocUnsafeSlow(SLAB_BYTES), used: 0 }
      this.out = slab.bytes.subarray(slab.used, slab.used += capacity)
    }
  }

  bytes (piece: Uint8Array): void {
    this.out.set(piece, this.at)
    this.at += piece.length
  }

  /** Takes back the last byte written (to write over it). */
  back (): void {
    this.at--
  }

  char (code: number): void {
    this.out[this.at++] = code
  }

  text (text: string): void {
    this.at += this.out.write(text, this.at)
  }

  boolean (value: boolean): void {
    this.bytes(value ? TRUE : FALSE)
  }

  /** A whole number from 0 on, in decimal. */
  count (n: number): void {
    let digits = 1
    for (let rest = n; rest >= 10; rest = Math.floor(rest / 10)) digits++
    this.at += digits
    for (let i = this.at; digits-- > 0; n = Math.floor(n / 10)) this.out[--i] = 0x30 + (n % 10)
  }

  /** A number from 0 on with at most one decimal, as JavaScript writes it (12, 0.5, 3.2). */
  tenths (value: number): void {
    const tenths = Math.round(value * 10)
    this.count(Math.floor(tenths / 10))
    if (tenths % 10 !== 0) {
      this.char(0x2e)
      this.char(0x30 + (tenths % 10))
    }
  }

  done (): Buffer {
    // The space not written goes back to the slab: a page is written from start to end in one go (resultPageJson).
    if (this.out.buffer === slab.bytes.buffer) slab.used = this.out.byteOffset + this.at
    return this.out.subarray(0, this.at)
  }
}

/** The most bytes the envelope's own fields take, a distance, and open_now with next_open (ASCII: names, counts, booleans, dates). */
const ENVELOPE_BYTES = 256
const DISTANCE_BYTES = 48
const OPEN_BYTES = 80

const OPEN_UNKNOWN = ',"open_now":null,"next_open":null}'

/**
 * `,"open_now":…,"next_open":…}`: the end of each of a page's summaries at this moment. Kept per index and minute it
 * speaks of (a moment is a date and a minute, and an index's schedules do not change), for the last few minutes asked
 * (now, and `open_at` moments beside it): working it out was 6 % of the server's CPU per one-box request, kept under
 * 3 % (CPU profiles under wrk at 50,000 offers, after a warm pass).
 */
function openJsons (index: SearchIndex, ordinals: number[], moment: LocalMoment): string[] {
  let kept = keptOpenJsons.get(index)
  if (kept === undefined) keptOpenJsons.set(index, kept = new Map())
  const minute = `${moment.date} ${moment.minutes}`
  let jsons = kept.get(minute)
  if (jsons === undefined) {
    if (kept.size >= KEPT_MINUTES) kept.clear()
    kept.set(minute, jsons = new Map())
  }
  return ordinals.map((i) => {
    let json = jsons.get(i)
    if (json === undefined) {
      const schedule = index.schedules[i]!
      if (schedule === null) {
        json = OPEN_UNKNOWN
      } else {
        const { open_now: open, next_open: next } = openState(schedule, moment)
        json = `,"open_now":${String(open)},"next_open":${next === null ? 'null' : `"${next}"`}}`
      }
      jsons.set(i, json)
    }
    return json
  })
}

const KEPT_MINUTES = 4
/** Per index and minute, each offer's open_now and next_open as JSON; carried to the index a change is followed to. */
const keptOpenJsons = new WeakMap<SearchIndex, Map<string, Map<number, string>>>()

/** What a one-box answer adds: per hit its highlights (UTF-8 JSON, or undefined), and the fields after the list (JSON members); the moment open_now speaks of (default now). */
export type PageExtras = { highlights?: Array<Uint8Array | undefined>, tail?: string, openAt: Date }

/** A result page as UTF-8 JSON: the list envelope around the ready summaries, with distances spliced in. */
export function resultPageJson (index: SearchIndex, result: SearchResult, lang: ContentLang, pageNumber: number, perPage: number, extras: PageExtras): Buffer {
  const totalPages = Math.ceil(result.total / perPage)
  const now = localMoment(new Date())
  const moment = localMoment(extras.openAt)
  // The summaries are the clock apart (but for alerts that end): open_now and next_open are written after each.
  const ordinals = result.hits.map((hit) => hit.ordinal)
  const summaries = offerSummariesJson(index, ordinals, lang, now.date)
  const open = openJsons(index, ordinals, moment)
  const fragments = result.facets === undefined ? undefined : fragmentsOf(index.ref, lang)
  let capacity = ENVELOPE_BYTES + (fragments === undefined ? 0 : fragments.size)
  for (const json of summaries) capacity += json.length + DISTANCE_BYTES + OPEN_BYTES
  for (const h of extras.highlights ?? []) capacity += h === undefined ? 0 : h.length + HIGHLIGHTS.length
  if (extras.tail !== undefined) capacity += Buffer.byteLength(extras.tail) + 1
  const out = new JsonWriter(capacity)
  out.bytes(ENVELOPE.totalItems)
  out.count(result.total)
  out.bytes(ENVELOPE.totalPages)
  out.count(totalPages)
  out.bytes(ENVELOPE.pageNumber)
  out.count(pageNumber)
  out.bytes(ENVELOPE.size)
  out.count(result.hits.length)
  out.bytes(ENVELOPE.firstPage)
  out.boolean(pageNumber === 1)
  out.bytes(ENVELOPE.lastPage)
  out.boolean(pageNumber >= totalPages)
  out.bytes(ENVELOPE.empty)
  out.boolean(result.hits.length === 0)
  out.bytes(ENVELOPE.contents)
  result.hits.forEach((hit, n) => {
    const json = summaries[n]!
    if (n > 0) out.char(COMMA)
    out.bytes(json)
    out.back()
    out.text(open[n]!)
    if (hit.distanceKm !== undefined) {
      // The summary's closing brace comes after the distance.
      out.back()
      out.bytes(DISTANCE)
      if (hit.distanceKm === null) out.text('null')
      else out.tenths(hit.distanceKm)
      out.char(CLOSE)
    }
    const highlights = extras.highlights?.[n]
    if (highlights !== undefined) {
      out.back()
      out.bytes(HIGHLIGHTS)
      out.bytes(highlights)
      out.char(CLOSE)
    }
  })
  if (result.facets === undefined) out.text(']')
  else {
    out.text('],"facets":{')
    for (const d of FACET_DIMENSIONS) {
      out.bytes(fragments!.keys[d])
      const values = fragments!.values[d]
      result.facets[d].forEach((v, n) => {
        const [head, tail] = values.get(v.code)!
        if (n > 0) out.char(COMMA)
        out.bytes(head)
        out.count(v.count)
        out.bytes(tail)
      })
    }
    out.text(']}')
  }
  if (extras.tail !== undefined) {
    out.char(COMMA)
    out.text(extras.tail)
  }
  out.char(CLOSE)
  return out.done()
}
