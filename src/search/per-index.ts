// Things made once per search index (scratch arrays, derived tables), or per index or reference and language, and dropped with it.
import type { ContentLang } from '../text/schemas.js'
import type { SearchIndex } from './index.js'

/** A getter that makes its value on the first call for an index and returns the same value after. */
export function perIndex<T> (make: (index: SearchIndex) => T): (index: SearchIndex) => T {
  const made = new WeakMap<SearchIndex, T>()
  return (index) => {
    let value = made.get(index)
    if (value === undefined) made.set(index, value = make(index))
    return value
  }
}

/** A getter that makes its value on the first call for an object (an index, a reference) and a language, and returns the same value after. */
export function perLanguage<K extends object, T> (make: (key: K, lang: ContentLang) => T): (key: K, lang: ContentLang) => T {
  const made = new WeakMap<K, Map<ContentLang, T>>()
  return (key, lang) => {
    let byLang = made.get(key)
    if (byLang === undefined) made.set(key, byLang = new Map())
    let value = byLang.get(lang)
    if (value === undefined) byLang.set(lang, value = make(key, lang))
    return value
  }
}
