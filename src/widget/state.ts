// A search as the widget holds it, written to and read from the page's URL fragment so a helper can share it.
export const FILTER_PARAMS = ['region', 'phase', 'care_type', 'role', 'target_group', 'language', 'mode', 'cost', 'referral', 'crisis'] as const
export type FilterParam = typeof FILTER_PARAMS[number]

export type SearchState = { q: string, filters: Partial<Record<FilterParam, string[]>>, offer: string | null }

/** The fragment's prefix: `#pimh:q=…&phase=…&offer=…`; the rest of the host page's URL is left alone. */
const PREFIX = '#pimh:'

export const emptyState = (): SearchState => ({ q: '', filters: {}, offer: null })

export function isFilter (param: string): param is FilterParam {
  return (FILTER_PARAMS as readonly string[]).includes(param)
}

export function fromFragment (hash: string): SearchState | null {
  if (!hash.startsWith(PREFIX)) return null
  const params = new URLSearchParams(hash.slice(PREFIX.length))
  const state = emptyState()
  state.q = params.get('q') ?? ''
  state.offer = params.get('offer')
  for (const param of FILTER_PARAMS) {
    const values = params.get(param)?.split(',').filter((v) => v !== '')
    if (values?.length) state.filters[param] = values
  }
  return state
}

export function toFragment (state: SearchState): string {
  const params = queryParams(state)
  if (state.offer) params.set('offer', state.offer)
  const text = params.toString()
  return text === '' ? '' : PREFIX + text
}

/** The search parameters of a state (q and the filters), as /v1/offers takes them. */
export function queryParams (state: SearchState): URLSearchParams {
  const params = new URLSearchParams()
  if (state.q.trim() !== '') params.set('q', state.q.trim())
  for (const param of FILTER_PARAMS) {
    const values = state.filters[param]
    if (values?.length) params.set(param, values.join(','))
  }
  return params
}

/** A state's search, without the open offer: two states with the same key show the same results. */
export const searchKey = (state: SearchState) => queryParams(state).toString()

/** q without the part a removed chip stands for (`query.slice(start, end)`), spaces tidied. */
export function withoutPart (query: string, start: number, end: number): string {
  return `${query.slice(0, start)} ${query.slice(end)}`.replace(/\s+/g, ' ').trim()
}

/** The box's text once a suggestion for what was being typed is chosen: the typed start of the label goes, else the last word. */
export function withoutTyped (text: string, label: string): string {
  const words = text.trimEnd().split(/\s+/)
  const lower = label.toLowerCase()
  for (let from = 0; from < words.length; from++) {
    if (lower.startsWith(words.slice(from).join(' ').toLowerCase())) return words.slice(0, from).join(' ')
  }
  return words.slice(0, -1).join(' ')
}

/** Text with the API's `<mark>` highlights (HTML-escaped text plus <mark> tags) as alternating plain and marked runs. */
export function markedRuns (highlighted: string): Array<{ text: string, marked: boolean }> {
  const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': '\'', '&#x27;': '\'' }
  return highlighted.split(/(<mark>.*?<\/mark>)/s).filter((run) => run !== '').map((run) => {
    const marked = run.startsWith('<mark>')
    const text = (marked ? run.slice(6, -7) : run).replace(/&(amp|lt|gt|quot|#39|#x27);/g, (e) => entities[e] ?? e)
    return { text, marked }
  })
}
