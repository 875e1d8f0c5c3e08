// What a one-box answer adds to a result page: how the question was read, "did you mean", and each hit's highlights.
import type { Relaxation } from './answer.js'
import type { SearchResult } from './engine.js'
import { highlighter } from './highlight.js'
import type { SearchIndex } from './index.js'
import { markedWords, type Reading } from './question.js'
import { offerNameAndDescription, type PageExtras } from './render.js'
import type { ContentLang } from '../text/schemas.js'

export function answerExtras (index: SearchIndex, result: SearchResult, reading: Reading, relaxed: Relaxation[], lang: ContentLang): Omit<PageExtras, 'openAt'> {
  const interpretation = { query: reading.query, literal: reading.literal, parts: reading.parts, ignored: reading.ignored, relaxed }
  const mark = highlighter(markedWords(reading, lang))
  const highlights = mark === undefined
    ? undefined
    : result.hits.map((hit) => mark.json(offerNameAndDescription(index, hit.ordinal, lang)))
  return { highlights, tail: `"interpretation":${JSON.stringify(interpretation)},"suggestions":${JSON.stringify(reading.suggestions)}` }
}
