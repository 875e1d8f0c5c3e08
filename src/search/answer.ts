// Answers a question read from the one box: what it read becomes filters next to the explicit ones (which win), and
// when the strict reading finds nothing, it is relaxed step by step, each step said: the place widened (municipality →
// eerstelijnszone → province), the least certain need dropped, then the lines that serve everyone.
import type { ContentLang } from '../text/schemas.js'
import { type OfferQuery, type SearchResult, searchOffers } from './engine.js'
import type { SearchIndex } from './index.js'
import { lexiconOf, type NeedKind } from './lexicon.js'
import type { Reading } from './question.js'
import { MAX_TERMS } from './text.js'

/** Which kinds of filter a query has already (its explicit parameters): those read from the box are then not applied. */
type Explicit = { place: boolean, phase: boolean, age: boolean } & Record<NeedKind, boolean>

const explicitIn = (q: OfferQuery): Explicit => ({
  place: q.regions !== undefined || q.postcodes !== undefined || q.centre !== undefined,
  phase: q.phases !== undefined,
  age: q.months !== undefined,
  care_type: q.careTypes !== undefined,
  role: q.roles !== undefined,
  target_group: q.targetGroups !== undefined
})

export type Relaxation = { kind: 'widened_place' | 'dropped_concept' | 'national_lines', from: string | null, to: string | null, label: string }

const SAY = {
  widened: { nl: 'Verruimd naar', fr: 'Élargi à', en: 'Widened to' },
  without: { nl: (w: string) => `Zonder '${w}'`, fr: (w: string) => `Sans « ${w} »`, en: (w: string) => `Without '${w}'` },
  national: { nl: 'Hulplijnen en online hulp voor iedereen', fr: 'Lignes d\'écoute et aide en ligne pour tous', en: 'Helplines and online help for everyone' },
  level: {
    municipality: { nl: 'gemeente', fr: 'commune', en: 'municipality' },
    eerstelijnszone: { nl: 'eerstelijnszone', fr: 'zone de première ligne', en: 'primary-care zone' },
    province: { nl: 'provincie', fr: 'province', en: 'province' }
  } as Record<string, Record<ContentLang, string>>
}

type State = {
  places: Array<{ regions: string[], postcode: string | undefined }>
  phases: string[]
  ages: Reading['ages']
  needs: Reading['needs']
  /** Text filters (at least one word) only when no need was read; next to a need it only ranks. */
  text: boolean
  national: boolean
}

export function answerQuestion (index: SearchIndex, base: OfferQuery, reading: Reading, lang: ContentLang):
{ result: SearchResult, relaxed: Relaxation[] } {
  const explicit = explicitIn(base)
  for (const p of reading.parts) {
    const kind = p.kind === 'place' ? 'place' : p.kind === 'text' ? undefined : p.kind
    if (kind !== undefined && explicit[kind]) p.applied = false
  }
  const applied = <T extends { part: number }>(list: T[]) => list.filter((x) => reading.parts[x.part]!.applied)
  // One need read twice ("vroedvrouw, vroedkundige") is one filter.
  const needs = [...new Map(applied(reading.needs).map((n) => [`${n.need.kind}:${n.need.code}`, n])).values()]
  const state: State = {
    places: applied(reading.places).map((p) => ({ regions: p.regions, postcode: p.postcode })),
    phases: [...new Set(applied(reading.phases).map((p) => p.code))],
    ages: applied(reading.ages),
    needs,
    text: reading.text.terms.length > 0,
    national: false
  }
  const search = () => searchOffers(index, queryOf(base, reading, state))
  let result = search()
  const relaxed: Relaxation[] = []
  const step = (relaxation: Relaxation) => {
    relaxed.push(relaxation)
    result = search()
    return result.total > 0
  }
  if (result.total > 0) return { result, relaxed }

  const lexicon = lexiconOf(index)
  const name = (code: string) => `${SAY.level[lexicon.regionLevel.get(code)!]?.[lang] ?? ''} ${index.ref.regions.get(code)!.label[lang]}`.trim()
  for (;;) {
    const from = state.places.map((p) => p.postcode ?? p.regions.join(','))
    const wider = state.places.map((p) => ({ regions: p.postcode !== undefined ? p.regions : [...new Set(p.regions.flatMap((r) => lexicon.wider.get(r) ?? [r]))], postcode: undefined }))
    const to = wider.map((p) => p.regions.join(','))
    if (from.join(';') === to.join(';')) break
    state.places = wider
    const codes = [...new Set(wider.flatMap((p) => p.regions))]
    if (step({ kind: 'widened_place', from: from.join(','), to: codes.join(','), label: `${SAY.widened[lang]} ${codes.map(name).join(', ')}` })) return { result, relaxed }
  }
  // The least certain first: the text, then needs read with a typo correction, from everyday words, from the taxonomy;
  // the later in the question first among equals. The last thing asked for (read or explicit) is never dropped: the lines for everyone follow.
  const droppable = [...state.needs].sort((a, b) => certainty(a) - certainty(b) || b.part - a.part)
  const remaining = () => Number(state.text && state.needs.length === 0) + state.needs.length + state.places.length + state.phases.length + state.ages.length +
    Number(Object.values(explicit).some(Boolean))
  if (state.text && state.needs.length === 0 && remaining() > 1) {
    state.text = false
    if (step({ kind: 'dropped_concept', from: reading.text.terms.join(' '), to: null, label: SAY.without[lang](reading.text.parts.map((p) => reading.parts[p]!.text).join(' ')) })) return { result, relaxed }
  }
  for (const need of droppable) {
    if (remaining() <= 1) break
    state.needs = state.needs.filter((n) => n !== need)
    if (step({ kind: 'dropped_concept', from: need.need.code, to: null, label: SAY.without[lang](reading.parts[need.part]!.text) })) return { result, relaxed }
  }
  state.places = []
  state.needs = []
  state.text = false
  state.national = true
  step({ kind: 'national_lines', from: null, to: null, label: SAY.national[lang] })
  return { result, relaxed }
}

const certainty = (n: Reading['needs'][number]) => (n.corrected ? 0 : n.need.certainty)

function queryOf (base: OfferQuery, reading: Reading, state: State): OfferQuery {
  const query = { ...base }
  const regions = state.places.filter((p) => p.postcode === undefined).flatMap((p) => p.regions)
  const postcodes = state.places.flatMap((p) => (p.postcode === undefined ? [] : [p.postcode]))
  if (regions.length > 0) query.regions = [...new Set(regions)]
  if (postcodes.length > 0) query.postcodes = [...new Set(postcodes)]
  if (state.phases.length > 0) query.phases = state.phases
  if (state.ages.length > 0) query.months = state.ages.map((a) => a.months)
  if (state.needs.length > 0) query.needs = state.needs.map(({ need }) => ({ codes: need.codes, words: need.words }))
  // The needs' own words rank their offers (an offer named or labelled with them first), after the leftover words
  // matched and, with a place, the most local: every candidate has each need, so its words count as no match of their own.
  const terms = reading.text.terms
  const boost = [...new Set(state.needs.flatMap((n) => n.words))].filter((w) => !terms.includes(w)).slice(0, MAX_TERMS - terms.length)
  query.text = terms.length + boost.length === 0 ? undefined : { terms, boost, any: true, rank: !state.text || state.needs.length > 0 }
  if (state.national) query.nationalLines = true
  return query
}
