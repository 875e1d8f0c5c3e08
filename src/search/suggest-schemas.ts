// Wire shapes of GET /v1/suggest: what was typed, and the suggestions with what selecting each does.
import { z } from 'zod'
import { ContentLang } from '../text/schemas.js'

const Label = z.string().max(300)
export const SuggestQuery = z.object({
  q: z.string().min(1).max(100).meta({ description: 'What was typed so far', example: 'gen' }),
  limit: z.coerce.number().int().min(1).max(20).default(8).meta({ description: 'At most this many suggestions' }),
  lang: ContentLang.optional()
})
export const SuggestionList = z.object({
  contents: z.array(z.object({
    kind: z.enum(['place', 'phase', 'care_type', 'role', 'target_group', 'offer']),
    code: z.string().max(500).meta({ description: 'Its code (an offer: its slug)' }),
    label: Label.meta({ description: 'In the answer\'s language' }),
    detail: Label.nullable().meta({ description: 'A place: its kind and where it lies; an offer: its organisation' }),
    count: z.int().min(0).max(Number.MAX_SAFE_INTEGER).meta({ description: 'Published offers it leads to' }),
    action: z.object({
      param: z.enum(['region', 'phase', 'care_type', 'role', 'target_group', 'q']),
      value: z.string().max(500)
    }).meta({ description: 'What selecting it does: a filter (`region=44021`) or a text (`q=…`)' })
  })).max(20)
}).meta({
  id: 'SuggestionList',
  example: {
    contents: [
      { kind: 'place', code: '44021', label: 'Gent', detail: 'gemeente, Oost-Vlaanderen', count: 12, action: { param: 'region', value: '44021' } },
      { kind: 'place', code: '41018', label: 'Geraardsbergen', detail: 'gemeente, Oost-Vlaanderen', count: 9, action: { param: 'region', value: '41018' } },
      { kind: 'offer', code: 'na-de-storm', label: 'Gespreksgroep Na de Storm (postnatale depressie)', detail: 'Vzw Na de Storm', count: 1, action: { param: 'q', value: 'Gespreksgroep Na de Storm (postnatale depressie)' } }
    ]
  }
})
