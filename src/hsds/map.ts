// Maps the directory's public records onto HSDS 3.0 objects: service, organization, location, service_at_location.
import { localMoment } from '../hours/brussels-time.js'
import { currentAlert } from '../offers/first-step.js'
import type { PublicLocationRecord, PublicOfferRecord } from '../offers/public-record.js'
import type { PublicOrganisationRecord } from '../organisations/public-record.js'
import { type ContentLang, pickText } from '../text/schemas.js'
import { hsdsId, type Taxonomies, type TaxonomyName, termWire } from './taxonomy.js'

type Text = { nl: string, fr?: string | undefined, en?: string | undefined }
type Place = { municipality: string, province: string }

export type HsdsContext = {
  lang: ContentLang
  taxonomies: Taxonomies
  /** Municipality code → the names an HSDS address needs. */
  places: ReadonlyMap<string, Place>
  /** Service-language code → its name in the content language. */
  languageNames: ReadonlyMap<string, string>
}

const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const
const text = (value: Text | null | undefined, lang: ContentLang) => (value ? pickText(value, lang) : undefined)
/** HSDS ages are years; the directory keeps months relative to birth (negative during pregnancy). */
const years = (months: number | null) => (months === null ? undefined : Math.round(months / 12 * 100) / 100)
/** Leaves out empty fields: HSDS wants them absent, not null. */
const compact = <T extends Record<string, unknown>>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as { [K in keyof T]: Exclude<T[K], null> }

function attributes (linkId: string, linkType: string, codes: Array<[TaxonomyName, string]>, ctx: HsdsContext) {
  // Stored codes were checked against the reference when written.
  return codes.map(([taxonomy, code]) => {
    const term = ctx.taxonomies.byKey.get(`${taxonomy}:${code}`)!
    return {
      id: hsdsId('attribute', linkId, taxonomy, code), link_id: linkId, link_type: linkType, link_entity: linkType,
      taxonomy_term_id: term.id, value: code, taxonomy_term: termWire(term)
    }
  })
}

/**
 * Where a record's facts come from (starter entries: the public pages and a note on what was inferred). HSDS 3.0 has no
 * field for sources; an attribute needs only an id, so each source is an attribute without a taxonomy term:
 * `link_type` `source` (a web address) or `source_note` (the note, in English).
 */
function sourceAttributes (linkId: string, entity: 'service' | 'organization', sources: string[], note: string | null) {
  const attribute = (linkType: 'source' | 'source_note', value: string) =>
    ({ id: hsdsId('attribute', linkId, linkType, value), link_id: linkId, link_type: linkType, link_entity: entity, value })
  return [...sources.map((url) => attribute('source', url)), ...(note === null ? [] : [attribute('source_note', note)])]
}

/** Texts joined as sentences; undefined when there are none. */
const joined = (texts: Array<string | undefined>) => (texts.some((t) => t !== undefined) ? texts.filter((t) => t !== undefined).join('\n') : undefined)

/** The one-to-one fields of a service: what list items carry. */
export function serviceSummary (o: PublicOfferRecord, ctx: HsdsContext) {
  const { lang } = ctx
  return compact({
    id: o.id,
    organization_id: o.organisation_id,
    name: pickText(o.name, lang),
    description: pickText(o.description, lang),
    url: o.website,
    email: o.email,
    status: o.temporarily_closed ? 'temporarily closed' as const : 'active' as const,
    interpretation_services: o.interpreter_on_request === true ? pickText({ nl: 'Tolk op vraag', fr: 'Interprète sur demande', en: 'Interpreter on request' }, lang) : undefined,
    application_process: joined([text(o.first_step, lang), text(o.referral_note, lang) ?? (o.referral_type === null ? undefined : referralText(o.referral_type, lang))]),
    fees_description: text(o.cost_note, lang),
    wait_time: o.waiting_time,
    // The temporary notice while it is current, then the standing crisis note.
    alert: joined([text(currentAlert(o, localMoment(new Date()).date)?.text ?? null, lang), text(o.crisis_note, lang)]),
    minimum_age: years(o.from_month),
    maximum_age: years(o.to_month),
    assured_date: o.last_verified?.slice(0, 10),
    last_modified: o.updated_at
  })
}

/** A fully nested service, as `/services/{id}` returns it; `phases` are the codes its month range overlaps (from the index). */
export function fullService (o: PublicOfferRecord, organisation: PublicOrganisationRecord, phases: string[], ctx: HsdsContext) {
  const { lang } = ctx
  const codes: Array<[TaxonomyName, string]> = [
    ['care_type', o.care_type],
    ...phases.map((c): [TaxonomyName, string] => ['phase', c]),
    ...o.roles.map((c): [TaxonomyName, string] => ['role', c]),
    ...o.target_groups.map((c): [TaxonomyName, string] => ['target_group', c]),
    ...o.modes.map((c): [TaxonomyName, string] => ['mode', c]),
    ...o.service_area.map((c): [TaxonomyName, string] => ['region', c])
  ]
  return {
    ...serviceSummary(o, ctx),
    phones: o.phone ? [{ id: hsdsId('phone', o.id), service_id: o.id, number: o.phone }] : [],
    schedules: [
      ...o.opening_hours.map((h, i) => compact({
        id: hsdsId('schedule', o.id, String(i)), service_id: o.id, location_id: h.location_id, freq: 'WEEKLY' as const, wkst: 'MO' as const,
        byday: WEEKDAYS[h.weekday - 1]!, opens_at: h.opens, closes_at: h.closes, description: text(h.note, lang)
      })),
      // A dated exception is a schedule valid over its period: every day with other hours, or none (notes: closed).
      ...o.hours_exceptions.map((e) => compact({
        id: hsdsId('schedule', o.id, `${e.from}/${e.to}`), service_id: o.id, valid_from: e.from, valid_to: e.to, freq: 'WEEKLY' as const,
        wkst: 'MO' as const, byday: WEEKDAYS.join(','), opens_at: e.opens, closes_at: e.closes, description: text(e.note, lang),
        notes: e.closed ? 'closed' as const : 'other hours' as const
      }))
    ],
    service_areas: o.service_area.map((code) => compact({
      id: hsdsId('service_area', o.id, code), service_id: o.id, name: ctx.taxonomies.byKey.get(`region:${code}`)!.name,
      extent_type: 'region_code', extent: code
    })),
    service_at_locations: o.locations.map((l) => serviceAtLocation(o, l, ctx, false)),
    languages: o.languages.map((code) => ({
      id: hsdsId('language', o.id, code), service_id: o.id, code, name: ctx.languageNames.get(code)!
    })),
    organization: organizationSummary(organisation, lang),
    cost_options: costOptions(o, lang),
    contacts: o.contacts.map((c) => compact({
      id: c.id, service_id: o.id, name: c.name, title: text(c.title, lang), email: c.email,
      phones: c.phone ? [{ id: hsdsId('phone', c.id), contact_id: c.id, number: c.phone }] : []
    })),
    attributes: [...attributes(o.id, 'service', codes, ctx), ...sourceAttributes(o.id, 'service', o.sources, o.source_note)]
  }
}

function costOptions (o: PublicOfferRecord, lang: ContentLang) {
  const description = text(o.cost_note, lang)
  // Nothing known of the cost: no cost option, rather than one that says nothing.
  if (o.cost_type === null && description === undefined && o.price_min_eur === null && o.price_max_eur === null) return []
  if (o.price_min_eur === null && o.price_max_eur === null) {
    return [compact({ id: hsdsId('cost', o.id), service_id: o.id, option: o.cost_type, amount_description: description })]
  }
  return [compact({
    id: hsdsId('cost', o.id), service_id: o.id, option: o.cost_type, currency: 'EUR',
    amount: o.price_min_eur ?? o.price_max_eur, amount_description: description
  })]
}

function referralText (type: NonNullable<PublicOfferRecord['referral_type']>, lang: ContentLang): string {
  const texts = {
    none: { nl: 'Rechtstreeks toegankelijk', fr: 'Accès direct', en: 'Directly accessible' },
    recommended: { nl: 'Verwijzing aangeraden', fr: 'Orientation recommandée', en: 'Referral recommended' },
    required: { nl: 'Verwijzing nodig', fr: 'Orientation nécessaire', en: 'Referral required' }
  }
  return pickText(texts[type], lang)
}

export function organizationSummary (o: PublicOrganisationRecord, lang: ContentLang) {
  return compact({
    id: o.id,
    name: pickText(o.name, lang),
    description: text(o.description, lang) ?? pickText(o.name, lang),
    email: o.email,
    website: o.website
  })
}

export function fullOrganization (o: PublicOrganisationRecord, locations: PublicLocationRecord[], ctx: HsdsContext) {
  const identifiers = [
    o.kbo_number ? { scheme: 'BE-BCE_KBO', type: 'KBO/BCE', value: o.kbo_number } : undefined,
    o.sociale_kaart_id ? { scheme: 'desocialekaart.be', type: 'De Sociale Kaart', value: o.sociale_kaart_id } : undefined
  ].filter((i) => i !== undefined)
  return {
    ...organizationSummary(o, ctx.lang),
    phones: o.phone ? [{ id: hsdsId('phone', o.id), organization_id: o.id, number: o.phone }] : [],
    locations: locations.map((l) => location(l, o.id, ctx)),
    organization_identifiers: identifiers.map((i) => ({
      id: hsdsId('identifier', o.id, i.scheme), organization_id: o.id, identifier_scheme: i.scheme, identifier_type: i.type, identifier: i.value
    })),
    contacts: [],
    attributes: sourceAttributes(o.id, 'organization', o.sources, o.source_note)
  }
}

export function location (l: PublicLocationRecord, organisationId: string | undefined, ctx: HsdsContext) {
  const place = ctx.places.get(l.municipality_code)!
  return compact({
    id: l.id,
    location_type: 'physical' as const,
    organization_id: organisationId,
    name: l.name,
    transportation: text(l.public_transport_note, ctx.lang),
    latitude: l.latitude,
    longitude: l.longitude,
    external_identifier: l.municipality_code,
    external_identifier_type: 'NIS',
    addresses: [compact({
      id: hsdsId('address', l.id), location_id: l.id, address_1: l.street ?? l.name, city: place.municipality,
      state_province: place.province, postal_code: l.postcode, country: 'BE', address_type: 'physical' as const
    })],
    accessibility: accessibility(l, ctx.lang)
  })
}

function accessibility (l: PublicLocationRecord, lang: ContentLang) {
  const items = [
    l.wheelchair_accessible === true ? { nl: 'Rolstoeltoegankelijk', fr: 'Accessible en fauteuil roulant', en: 'Wheelchair accessible' } : undefined,
    l.pram_accessible === true ? { nl: 'Toegankelijk met kinderwagen', fr: 'Accessible avec une poussette', en: 'Pram accessible' } : undefined
  ].filter((i) => i !== undefined)
  return items.map((item, i) => ({ id: hsdsId('accessibility', l.id, String(i)), location_id: l.id, description: pickText(item, lang) }))
}

/** One offer at one of its locations; `nested` adds the full service, as `/service_at_locations/{id}` does. */
export function serviceAtLocation (o: PublicOfferRecord, l: PublicLocationRecord, ctx: HsdsContext, nested: boolean) {
  const id = hsdsId('service_at_location', o.id, l.id)
  return {
    id, service_id: o.id, location_id: l.id, description: pickText(o.name, ctx.lang),
    location: location(l, o.organisation_id, ctx),
    ...(nested ? { service: serviceSummary(o, ctx) } : {})
  }
}
