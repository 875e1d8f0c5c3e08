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

/** Which texts of an answer fell back to nl, by their path in it ("description", "contacts.0.title"); empty when none did. */
export const TextFallbacks = z.record(z.string().max(100), ContentLang).meta({
  id: 'TextFallbacks',
  description: 'The texts of this item that are not in the answer\'s language (Content-Language), by their path in the item, with the ' +
    'language they are in (nl: the fallback), so a page can mark them with a `lang` attribute. Texts not named are in the answer\'s language.',
  example: { description: 'nl', 'organisation.name': 'nl' }
})

/** Picks texts in `lang`, noting each that falls back under its path. */
export function textPicker (lang: ContentLang) {
  const fallbacks: Record<string, ContentLang> = {}
  const pick = (path: string, text: { nl: string, fr?: string | undefined, en?: string | undefined }): string => {
    const chosen = text[lang]
    if (chosen !== undefined) return chosen
    fallbacks[path] = 'nl'
    return text.nl
  }
  const note = (path: string, text: { nl: string, fr?: string | undefined, en?: string | undefined } | null | undefined): string | null =>
    (text == null ? null : pick(path, text))
  return { pick, note, fallbacks }
}
