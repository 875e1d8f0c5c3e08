// Multilingual text and the content-language codes shared by every resource.
import { z } from 'zod'

export const CONTENT_LANGS = ['nl', 'fr', 'en'] as const
export type ContentLang = typeof CONTENT_LANGS[number]
export const ContentLang = z.enum(CONTENT_LANGS).meta({ id: 'ContentLang', description: 'Content language of the texts in the response' })

const text = (max: number) => z.string().trim().min(1).max(max)

/** nl is required; fr and en are optional translations. */
export const localizedText = (max: number) => z.strictObject({
  nl: text(max),
  fr: text(max).optional(),
  en: text(max).optional()
})

export const LocalizedName = localizedText(200).meta({ id: 'LocalizedName', description: 'A name in nl (required), fr and en' })
export const LocalizedText = localizedText(4000).meta({ id: 'LocalizedText', description: 'A text in nl (required), fr and en' })
export const LocalizedNote = localizedText(1000).meta({ id: 'LocalizedNote', description: 'A short note in nl (required), fr and en' })

/** The order in which a missing translation falls back (README §8 of the domain reference: requested → nl → en → fr). */
export function pickText (text: { nl: string, fr?: string | undefined, en?: string | undefined }, lang: ContentLang): string {
  return text[lang] ?? text.nl
}
