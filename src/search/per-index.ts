// Things made once per search index (scratch arrays, derived tables) and dropped with it.
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
