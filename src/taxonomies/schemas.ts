// Wire shapes of the taxonomies: phases, care types, roles, target groups and service languages.
import { z } from 'zod'
import { PageQuery } from '../http/page.js'
import { ContentLang } from '../text/schemas.js'

const Label = z.string().max(200)
const Labels = z.object({ nl: Label, fr: Label, en: Label }).meta({ id: 'Labels', description: 'The label in every content language' })
const Description = z.string().max(2000).nullable()
const Code = z.string().max(60)

export const TaxonomyQuery = PageQuery.extend({
  per_page: z.coerce.number().int().min(1).max(100).default(100).meta({ description: 'Page size, at most 100 (default 100: most taxonomies fit one page)' }),
  lang: ContentLang.optional()
})

export const Phase = z.object({
  code: Code, kind: z.enum(['atomic', 'sub', 'aggregate']),
  from_month: z.number().min(-240).max(240).nullable().meta({ description: 'Months relative to birth (negative in pregnancy); null = open start, including the wish for a child' }),
  to_month: z.number().min(-240).max(240).nullable(),
  label: Label, labels: Labels, description: Description
}).meta({ id: 'Phase' })

export const CareType = z.object({
  code: Code, parent_code: Code.nullable().meta({ description: 'The category this type belongs to; null for a category' }),
  label: Label, labels: Labels, description: Description,
  line: z.string().max(10).nullable().meta({ description: 'Line of care: 0 informal, 1 primary, 2 specialised ambulant, 3 residential' }),
  audience: z.enum(['parents', 'professionals']),
  synonyms: z.array(z.string().max(100)).max(50)
}).meta({ id: 'CareType' })

export const RoleKind = z.enum(['informeel', 'semi_professioneel', 'professioneel']).meta({ id: 'RoleKind' })

export const Role = z.object({
  code: Code, kind: RoleKind, label: Label, labels: Labels,
  description: Description.meta({ description: 'What this support figure can mean for a young family' }),
  setting: z.string().max(200).nullable().meta({ description: 'Where this figure typically works' }),
  phases: z.array(Code).max(20).meta({ description: 'The phases in which this figure typically matters' })
}).meta({ id: 'Role' })

export const RoleDetail = Role.extend({
  offer_count: z.int().min(0).max(Number.MAX_SAFE_INTEGER).meta({ description: 'How many published offers involve this role' })
}).meta({ id: 'RoleDetail' })

export const TargetGroup = z.object({ code: Code, label: Label, labels: Labels }).meta({ id: 'TargetGroup' })
export const Language = z.object({ code: Code, label: Label, labels: Labels }).meta({ id: 'Language' })

export const CodeListItem = z.object({ code: Code, label: Label, labels: Labels }).meta({ id: 'CodeListItem' })
