// What the widget reads from the API, and how a failed call is told apart (down, busy, a bad setting, gone).
export type CodeLabel = { code: string, label: string }
export type FacetValue = CodeLabel & { count: number, parent_code?: string | null }

export type Part = {
  text: string, start: number, end: number, kind: string, code: string | null, label: string,
  param: string, value: string, corrected_from?: string | null, detail?: string | null,
  /** false when an explicit filter of the same kind (a preset, a chosen filter) wins over it */
  applied?: boolean
}
export type Interpretation = { query: string, literal: boolean, parts: Part[], ignored: string[], relaxed: Array<{ kind: string, label: string }> }

/** The contact to use first (the first step's, else the offer's, else the organisation's). */
export type Contact = { name: string | null, phone: string | null, email: string | null, website: string | null }

/** Where an offer stands now: open, taking new families, a notice. All optional until every API answers with them; null is "not known". */
export type Availability = {
  contact?: Contact | null,
  first_step?: string | null,
  open_now?: boolean | null,
  /** ISO 8601 with offset, when not open now */
  next_open?: string | null,
  accepting_new?: { code: 'yes' | 'no' | 'waiting_list', label: string, wait_weeks: number | null, confirmed_at: string | null } | null,
  temporarily_closed?: boolean,
  alert?: { text: string, until: string | null } | null
}

export type OfferItem = Availability & {
  id: string, slug: string, name: string, description: string,
  organisation: { id: string, name: string },
  care_type: CodeLabel, from_month: number | null, to_month: number | null,
  languages: CodeLabel[], modes: CodeLabel[], remote_only: boolean,
  cost_type: CodeLabel | null, referral_type: CodeLabel | null, crisis_24_7: boolean | null, urgent_intake: boolean | null,
  locations: Array<{ name: string, postcode: string, municipality: string }>,
  distance_km?: number | null,
  highlights?: { name?: string, description?: string },
  /** The texts (by their path: "name", "organisation.name", "alert.text") given in another language than asked, with that language. */
  text_fallbacks?: Record<string, string>
}

export type OfferList = {
  total_items: number, page_number: number, total_pages: number, last_page: boolean, contents: OfferItem[],
  facets?: Record<string, FacetValue[]>,
  interpretation?: Interpretation,
  suggestions?: Array<{ word: string, suggestion: string }>
}

export type OfferDetail = Omit<OfferItem, 'organisation' | 'locations'> & {
  organisation: { id: string, name: string, website: string | null, email: string | null, phone: string | null },
  phases: CodeLabel[], roles: CodeLabel[],
  locations: Array<{ id: string, name: string, street: string | null, postcode: string, municipality: string, latitude: number | null, longitude: number | null,
    wheelchair_accessible: boolean | null, pram_accessible: boolean | null, public_transport_note: string | null }>,
  cost: { type: string | null, label: string | null, note: string | null },
  referral: { type: string | null, label: string | null, by: CodeLabel[], note: string | null },
  crisis: { available_24_7: boolean | null, urgent_intake: boolean | null, note: string | null },
  accessibility: Record<string, boolean | null>,
  contacts: Array<{ name: string | null, email: string | null, phone: string | null }>,
  opening_hours: Array<{ weekday: number, opens: string, closes: string, note: string | null }>,
  always_open?: boolean, open_on_holidays?: boolean,
  hours_exceptions?: Array<{ from: string, to: string, closed: boolean, opens: string | null, closes: string | null, note: string | null }>,
  website: string | null, email: string | null, phone: string | null,
  last_verified: string | null
}

export type Suggestion = { kind: string, code: string, label: string, detail: string | null, count: number, action: { param: string, value: string } }

/** Why a call failed: `down` (no answer, or an answer the browser may not read), `busy` (429, 503), `setting` (a parameter the API rejected), `gone` (404), `other`. */
export type Failure = { kind: 'down' | 'busy' | 'setting' | 'gone' | 'other', params: string[] }

export class ApiError extends Error {
  constructor (readonly failure: Failure) { super(failure.kind) }
}

/** GET a JSON resource without cookies or referrer: the API learns nothing about the page or the family. */
export async function getJson<T> (url: URL, signal?: AbortSignal): Promise<T> {
  let response: Response
  try {
    response = await fetch(url, { credentials: 'omit', referrerPolicy: 'no-referrer', signal })
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err
    throw new ApiError({ kind: 'down', params: [] })
  }
  if (response.ok) return await response.json() as T
  const problem = await response.json().catch(() => ({})) as { errors?: Array<{ path?: string }> }
  // The parameters a 400 or 404 names ("/region") are the widget's settings that do not exist.
  const params = (problem.errors ?? []).map((e) => (e.path ?? '').replace(/^\//, '')).filter((p) => p !== '')
  const kind = response.status === 429 || response.status === 503
    ? 'busy'
    : params.length > 0 ? 'setting' : response.status === 404 ? 'gone' : response.status >= 500 ? 'down' : 'other'
  throw new ApiError({ kind, params })
}
