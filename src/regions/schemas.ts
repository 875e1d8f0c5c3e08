// Wire shapes of the region reference: regions, their hierarchy, and postcodes.
import { z } from 'zod'
import { PageQuery } from '../http/page.js'
import { Postcode } from '../locations/schemas.js'
import { ContentLang } from '../text/schemas.js'
import { LEVELS } from './queries.js'

export const RegionLevel = z.enum(LEVELS).meta({ id: 'RegionLevel' })
const Name = z.string().max(200)
const Lat = z.number().min(-90).max(90)
const Lng = z.number().min(-180).max(180)
const CodeParam = z.string().min(1).max(80)

export const RegionRef = z.object({
  code: z.string().max(80), level: RegionLevel, name: Name,
  partial: z.boolean().meta({ description: 'True when the region lies only partly in the other (Antwerpen in each of its four zones)' })
}).meta({ id: 'RegionRef' })

export const Region = z.object({
  code: z.string().max(80).meta({ description: 'BE, BE-VLG/BE-BRU/BE-WAL, a province as ISO 3166-2, elz-… for an eerstelijnszone, a 5-digit NIS code for a municipality' }),
  level: RegionLevel,
  name: Name.meta({ description: 'The name in the content language (nl or fr; en where there is one)' }),
  name_nl: Name, name_fr: Name, name_en: Name.nullable(),
  parent_code: z.string().max(80).nullable(),
  nis_code: z.string().max(5).nullable(),
  latitude: Lat.nullable(), longitude: Lng.nullable(),
  confidence: z.enum(['high', 'medium', 'low']).nullable().meta({ description: 'For eerstelijnszones: how sure the source is of the membership' })
}).meta({ id: 'Region' })

const RegionAlias = z.object({
  code: z.string().max(80), name_nl: Name, name_fr: Name,
  kind: z.enum(['merged', 'recoded', 'renamed']).meta({ description: 'merged: a municipality merged into this one; recoded: a new NIS code; renamed: a zone whose code changed' }),
  changed_on: z.string().max(10)
}).meta({ id: 'RegionAlias' })

export const RegionDetail = Region.extend({
  ancestors: z.array(RegionRef).max(10),
  children: z.array(RegionRef).max(1000),
  aliases: z.array(RegionAlias).max(100).meta({ description: 'Old codes that now resolve to this region: NIS codes of merged municipalities, codes of renamed zones' }),
  resolved_from: RegionAlias.nullable().meta({
    description: 'The old code that was asked for, when it was one (this region replaces it); null when the current code was asked for. ' +
      'Store `code` instead of the old one.'
  }),
  postcodes: z.array(z.object({ postcode: Postcode, place_name: Name, eerstelijnszone_code: z.string().max(80).nullable() })).max(200)
}).meta({ id: 'RegionDetail' })

export const RegionQuery = PageQuery.extend({
  level: RegionLevel.optional(),
  within: CodeParam.optional().meta({ description: 'Only regions inside this one (any ancestor\'s code; old NIS codes resolve)' }),
  q: z.string().trim().min(1).max(100).optional().meta({ description: 'Autocomplete: start of a nl/fr name, a postcode or an old municipality name' }),
  lang: ContentLang.optional()
})

export const RegionList = z.object({
  total_items: z.int().min(0).max(100000), total_pages: z.int().min(0).max(100000), page_number: z.int().min(1).max(100000),
  size: z.int().min(0).max(100), first_page: z.boolean(), last_page: z.boolean(), empty: z.boolean(),
  contents: z.array(Region).max(100),
  attribution: z.array(z.string().max(500)).max(10).meta({ description: 'Sources of the region data, to show with it' })
})

const Place = z.object({ name: Name, latitude: Lat, longitude: Lng })
const Named = z.object({ code: z.string().max(80), name: Name })

export const PostcodeResolution = z.object({
  postcode: Postcode,
  places: z.array(Place).max(100),
  municipality: Named,
  eerstelijnszone: Named.nullable(),
  province: Named.nullable().meta({ description: 'Null in Brussels, which has no province' }),
  gewest: Named,
  latitude: Lat.meta({ description: 'Centre of the postcode: the mean of its places' }),
  longitude: Lng
}).meta({ id: 'PostcodeResolution' })

export const RegionParams = z.object({ code: CodeParam })
export const PostcodeParams = z.object({ postcode: Postcode })
