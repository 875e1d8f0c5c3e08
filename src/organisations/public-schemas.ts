// Wire shapes of the public organisation reads: providers (an independent professional is an organisation of one).
import { z } from 'zod'
import { PageQuery, pageOf } from '../http/page.js'
import { OfferSummary } from '../offers/public-schemas.js'
import { ContentLang, TextFallbacks } from '../text/schemas.js'
import { OrganisationKind } from './schemas.js'

const Contact = z.string().max(254).nullable()

export const OrganisationQuery = PageQuery.extend({
  q: z.string().trim().min(1).max(100).optional().meta({ description: 'Part of the name in any language; accents and case do not matter' }),
  kind: OrganisationKind.optional(),
  lang: ContentLang.optional()
})

export const OrganisationSummary = z.object({
  id: z.string().max(36),
  slug: z.string().max(100),
  kind: OrganisationKind.nullable().meta({ description: 'null = not known yet' }),
  name: z.string().max(200).meta({ description: 'In the content language, or nl when it has no translation' }),
  description: z.string().max(4000).nullable(),
  kbo_number: z.string().max(10).nullable().meta({ description: 'KBO/BCE enterprise number' }),
  sociale_kaart_id: z.string().max(40).nullable().meta({ description: 'Identifier in De Sociale Kaart' }),
  website: Contact,
  email: Contact,
  phone: Contact,
  sources: z.array(z.string().max(500)).max(30).meta({ description: 'Public web pages the facts come from' }),
  source_note: z.string().max(2000).nullable(),
  offer_count: z.int().min(0).max(Number.MAX_SAFE_INTEGER).meta({ description: 'Published offers of this organisation' }),
  updated_at: z.string().max(40),
  last_verified: z.string().max(40).nullable().meta({ description: 'When a curator last confirmed the entry; null: not yet verified' }),
  text_fallbacks: TextFallbacks
}).meta({ id: 'OrganisationSummary' })

export const OrganisationList = pageOf(OrganisationSummary).meta({ id: 'OrganisationList' })

export const OrganisationDetail = OrganisationSummary.extend({
  offers: z.array(OfferSummary).max(100).meta({ description: 'Its published offers by name, the first 100 (search with `organisation=` for all)' })
}).meta({ id: 'OrganisationDetail' })
