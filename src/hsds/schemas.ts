// Wire shapes of the HSDS 3.0 facade: the subset of HSDS objects this directory fills, and the facade's parameters.
import { z } from 'zod'
import { ContentLang } from '../text/schemas.js'

const Id = z.uuid().max(36)
const Str = (max = 500) => z.string().max(max)
const Text = Str(4000)
const Url = z.url().max(500)
const Lat = z.number().min(-90).max(90)
const Lng = z.number().min(-180).max(180)
const list = <T extends z.ZodType>(item: T, max = 100) => z.array(item).max(max)

export const HsdsRoot = z.object({
  version: Str(20).meta({ description: 'HSDS version the facade follows' }),
  profile: Url.meta({ description: 'The profile this API follows' }),
  openapi_url: Url.meta({ description: 'The OpenAPI document describing this API' })
}).meta({ id: 'HsdsRoot' })

export const HsdsTaxonomy = z.object({
  id: Id, name: Str(200), description: Text, uri: Url.optional(), version: Str(20).optional()
}).meta({ id: 'HsdsTaxonomy' })

export const HsdsTaxonomyTerm = z.object({
  id: Id, code: Str(80), name: Str(200), description: Text, parent_id: Id.optional(), taxonomy: Str(40), taxonomy_id: Id, language: ContentLang
}).meta({ id: 'HsdsTaxonomyTerm' })

export const HsdsAttribute = z.object({
  id: Id, link_id: Id, link_type: Str(40), link_entity: Str(40), taxonomy_term_id: Id, value: Str(80), taxonomy_term: HsdsTaxonomyTerm
}).meta({ id: 'HsdsAttribute' })

export const HsdsSourceAttribute = z.object({
  id: Id, link_id: Id, link_type: z.enum(['source', 'source_note']), link_entity: z.enum(['service', 'organization']), value: Str(2000)
}).meta({
  id: 'HsdsSourceAttribute',
  description: 'Where the record\'s facts come from: `source` a public web page, `source_note` what was inferred or approximated (in English). No taxonomy term.'
})

const Phone = z.object({ id: Id, number: Str(40), service_id: Id.optional(), organization_id: Id.optional(), contact_id: Id.optional() })

const Address = z.object({
  id: Id, location_id: Id, address_1: Str(200), city: Str(200), state_province: Str(200), postal_code: Str(10),
  country: z.string().length(2), address_type: z.enum(['physical', 'postal', 'virtual'])
})

export const HsdsLocation = z.object({
  id: Id, location_type: z.enum(['physical', 'postal', 'virtual']), organization_id: Id.optional(), name: Str(200).optional(),
  transportation: Text.optional(), latitude: Lat.optional(), longitude: Lng.optional(),
  external_identifier: Str(20).optional().meta({ description: 'NIS code of the municipality' }), external_identifier_type: Str(20).optional(),
  addresses: list(Address, 5), accessibility: list(z.object({ id: Id, location_id: Id, description: Text }), 10)
}).meta({ id: 'HsdsLocation' })

export const HsdsServiceSummary = z.object({
  id: Id, organization_id: Id, name: Str(200), description: Text, url: Url.optional(), email: z.email().max(254).optional(),
  status: z.enum(['active', 'inactive', 'defunct', 'temporarily closed']),
  interpretation_services: Str().optional(), application_process: Text.optional(), fees_description: Text.optional(),
  wait_time: Str(20).optional(), alert: Text.optional(),
  minimum_age: z.number().min(-10).max(20).optional().meta({ description: 'Years; negative during pregnancy' }),
  maximum_age: z.number().min(-10).max(20).optional().meta({ description: 'Years; negative during pregnancy' }),
  assured_date: z.iso.date().max(10).optional().meta({ description: 'When the entry was last verified' }),
  last_modified: z.iso.datetime().max(40)
}).meta({ id: 'HsdsServiceSummary' })

export const HsdsOrganizationSummary = z.object({
  id: Id, name: Str(200), description: Text, email: z.email().max(254).optional(), website: Url.optional()
}).meta({ id: 'HsdsOrganizationSummary' })

export const HsdsServiceAtLocation = z.object({
  id: Id, service_id: Id, location_id: Id, description: Str(200), location: HsdsLocation, service: HsdsServiceSummary.optional()
}).meta({ id: 'HsdsServiceAtLocation' })

export const HsdsService = HsdsServiceSummary.extend({
  phones: list(Phone, 10),
  schedules: list(z.object({
    id: Id, service_id: Id, location_id: Id.optional(), freq: z.literal('WEEKLY'), wkst: z.literal('MO'),
    valid_from: z.iso.date().max(10).optional(), valid_to: z.iso.date().max(10).optional(),
    byday: z.string().max(20).regex(/^(MO|TU|WE|TH|FR|SA|SU)(,(MO|TU|WE|TH|FR|SA|SU))*$/).meta({ description: 'One day for weekly hours; every day for a dated exception' }),
    opens_at: Str(5).optional(), closes_at: Str(5).optional(), description: Text.optional(),
    notes: z.enum(['closed', 'other hours']).optional().meta({ description: 'A dated exception (valid_from to valid_to): closed, or these other hours every day' })
  }), 150),
  service_areas: list(z.object({ id: Id, service_id: Id, name: Str(200), extent_type: Str(20), extent: Str(80) }), 600),
  service_at_locations: list(HsdsServiceAtLocation.omit({ service: true })),
  languages: list(z.object({ id: Id, service_id: Id, code: Str(10), name: Str(100) }), 30),
  organization: HsdsOrganizationSummary.optional(),
  cost_options: list(z.object({
    id: Id, service_id: Id, option: Str(40), currency: z.literal('EUR').optional(), amount: z.number().min(0).max(100000).optional(), amount_description: Text.optional()
  }), 5),
  contacts: list(z.object({ id: Id, service_id: Id, name: Str(200).optional(), title: Str(200).optional(), email: z.email().max(254).optional(), phones: list(Phone, 5) }), 20),
  attributes: list(z.union([HsdsAttribute, HsdsSourceAttribute]), 1000)
}).meta({ id: 'HsdsService' })

export const HsdsOrganization = HsdsOrganizationSummary.extend({
  phones: list(Phone, 10),
  locations: list(HsdsLocation, 100),
  organization_identifiers: list(z.object({ id: Id, organization_id: Id, identifier_scheme: Str(40), identifier_type: Str(40), identifier: Str(40) }), 5),
  contacts: list(z.object({ id: Id }), 0),
  attributes: list(HsdsSourceAttribute, 31),
  services: list(z.union([HsdsService, HsdsServiceSummary]), 1000).optional()
}).meta({ id: 'HsdsOrganization' })

const flag = z.enum(['true', 'false']).transform((v) => v === 'true')

export const HsdsListQuery = z.object({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  per_page: z.coerce.number().int().min(1).max(100).default(20),
  search: z.string().max(200).optional().meta({ description: 'Full text, as `q` of /v1/offers' }),
  format: z.enum(['json', 'ndjson']).default('json').meta({ description: '`ndjson`: every matching record, one per line, unpaged' }),
  lang: ContentLang.optional()
})

export const HsdsServiceQuery = HsdsListQuery.extend({
  taxonomy_term_id: Id.optional(),
  taxonomy_id: Id.optional(),
  organization_id: Id.optional(),
  modified_after: z.iso.datetime({ offset: true }).max(40).optional().meta({ description: 'Only records modified on or after this date-time (RFC 3339)' }),
  minimal: flag.optional().meta({ description: '`true`: only `id` and `last_modified` per service' }),
  full: flag.optional().meta({ description: '`true`: list items fully nested, as /services/{id}' }),
  minimum_age: z.coerce.number().min(-1).max(18).optional().meta({ description: 'Services for someone of at least this age, in years (negative during pregnancy; Open Referral UK)' }),
  maximum_age: z.coerce.number().min(-1).max(18).optional().meta({ description: 'Services for someone of at most this age, in years: the service\'s age range overlaps [minimum_age, maximum_age]; an empty range finds nothing (Open Referral UK)' })
})

export const HsdsServiceAtLocationQuery = HsdsServiceQuery.omit({ minimal: true }).extend({
  postcode: z.string().regex(/^[1-9]\d{3}$/).max(4).optional().meta({ description: 'A Belgian postcode: services whose area covers it (Open Referral UK)' }),
  proximity: z.coerce.number().int().min(1).max(300000).optional().meta({ description: 'Metres from the postcode\'s centre (with `postcode`; without one it means nothing and is left out)' })
})

export const HsdsTaxonomyTermQuery = HsdsListQuery.extend({
  taxonomy_id: Id.optional(),
  parent_id: Id.optional(),
  top_only: flag.optional()
})

export const HsdsOrganizationQuery = HsdsListQuery.extend({
  full: flag.optional(),
  full_service: flag.optional()
})

export const HsdsIdParams = z.object({ id: Id })

export const MinimalService = z.object({ id: Id, last_modified: z.iso.datetime().max(40) })
