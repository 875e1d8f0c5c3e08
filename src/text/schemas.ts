// Multilingual text and the content-language codes shared by every resource.
import { z } from 'zod'

export const CONTENT_LANGS = ['nl', 'fr', 'en'] as const
export type ContentLang = typeof CONTENT_LANGS[number]
export const ContentLang = z.enum(CONTENT_LANGS).meta({ id: 'ContentLang', description: 'Content language of the texts in the response' })

/**
 * What no stored text may hold: control characters but tab and line breaks (NUL included), the bidi embeddings,
 * overrides and isolates that make a text read otherwise than it is stored (U+202A–202E, U+2066–2069, "Trojan
 * Source"), and a surrogate without its pair (not a character: no encoder can write it).
 */
const UNSAFE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** The first unsafe character of a text, as U+XXXX with its position; undefined when there is none. */
export function unsafeCharacter (value: string): string | undefined {
  const found = UNSAFE.exec(value)
  return found ? `U+${found[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} at position ${found.index}` : undefined
}

const safe = <T extends z.ZodString>(schema: T): T => schema.superRefine((value, ctx) => {
  const found = unsafeCharacter(value)
  if (found) ctx.addIssue({ code: 'custom', message: `control characters, bidirectional overrides and unpaired surrogates are not allowed (${found})` })
})

/** A text of up to `max` characters, trimmed, not empty, without control, bidi-override or unpaired surrogate characters. */
export const plainText = (max: number) => safe(z.string().trim().min(1).max(max))
/** A curator's note: may be empty, kept as written, but under the same character rules. */
export const noteText = (max: number) => safe(z.string().max(max))

/** nl is required; fr and en are optional translations. */
export const localizedText = (max: number) => z.strictObject({
  nl: plainText(max),
  fr: plainText(max).optional(),
  en: plainText(max).optional()
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
