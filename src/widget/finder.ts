// <pimh-finder>: the embeddable search of the directory (runs in the browser; bundled by src/widget/bundle.ts).
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit'
import { live } from 'lit/directives/live.js'
import { repeat } from 'lit/directives/repeat.js'
import { ApiError, type Availability, type CodeLabel, type Contact, type FacetValue, getJson, type Interpretation, type OfferDetail, type OfferItem, type OfferList, type Suggestion } from './api.js'
import { emptyState, type FilterParam, fromFragment, isFilter, markedRuns, queryParams, type SearchState, searchKey, toFragment, withoutPart, withoutTyped } from './state.js'
import { styles } from './styles.js'
import { type Lang, monthsInWords, pickLang, TEXTS, type Texts } from './texts.js'

/** Facets shown as filter chips, in this order; each sets the parameter of its name. */
const FACETS = ['phase', 'care_type', 'role', 'language', 'mode', 'cost', 'referral', 'crisis'] as const satisfies readonly FilterParam[]
/** The attributes that preset a filter, by the parameter they set. */
const PRESETS: Partial<Record<FilterParam, string>> = { region: 'region', phase: 'phase', care_type: 'care-type', language: 'language' }
/** Opening times are told in the directory's time zone, wherever the page is read. */
const TIME_ZONE = 'Europe/Brussels'
const DEFAULT_PAGE_SIZE = 10
const SUGGEST_DELAY_MS = 150

type Failure = { message: string, retry: (() => void) | null }

export class PimhFinder extends LitElement {
  static override styles = styles
  static override properties = {
    lang: { type: String },
    region: { type: String },
    phase: { type: String },
    careType: { type: String, attribute: 'care-type' },
    language: { type: String },
    pageSize: { type: String, attribute: 'page-size' },
    api: { type: String },
    state: { state: true },
    list: { state: true },
    detail: { state: true },
    failure: { state: true },
    notices: { state: true },
    options: { state: true },
    active: { state: true },
    busy: { state: true }
  }

  declare region: string | null
  declare phase: string | null
  declare careType: string | null
  declare language: string | null
  declare pageSize: string | null
  declare api: string | null
  declare state: SearchState
  declare list: { answer: OfferList, items: OfferItem[] } | null
  declare detail: OfferDetail | null
  declare failure: Failure | null
  declare notices: string[]
  declare options: Suggestion[]
  declare active: number
  declare busy: boolean

  /** The box's text as typed (the state's q changes only when a search is made). */
  private typed = ''
  private labels = new Map<string, string>()
  private suggestOff = false
  private searchAbort: AbortController | null = null
  private suggestAbort: AbortController | null = null
  private suggestTimer: ReturnType<typeof setTimeout> | undefined
  private opener: string | null = null
  private readonly onPopState = () => this.fromUrl()

  constructor () {
    super()
    this.region = this.phase = this.careType = this.language = this.pageSize = this.api = null
    this.state = emptyState()
    this.list = this.detail = this.failure = null
    this.notices = []
    this.options = []
    this.active = -1
    this.busy = false
  }

  private get uiLang (): Lang {
    return pickLang(this.getAttribute('lang'), this.parentElement?.closest('[lang]')?.getAttribute('lang'), navigator.language) ?? 'nl'
  }

  private get t (): Texts { return TEXTS[this.uiLang] }

  private get perPage (): number {
    const size = Number(this.pageSize ?? DEFAULT_PAGE_SIZE)
    return Number.isInteger(size) && size >= 1 && size <= 100 ? size : DEFAULT_PAGE_SIZE
  }

  /** The API's root: the `api` attribute, or where this script was loaded from (/widget/v1/… on the API). */
  private url (path: string, params: URLSearchParams): URL {
    const url = new URL(path, this.api ?? new URL('../../', import.meta.url))
    params.set('lang', this.uiLang)
    url.search = params.toString()
    return url
  }

  override connectedCallback (): void {
    super.connectedCallback()
    // Fires on back/forward and on a followed #pimh: link alike.
    window.addEventListener('popstate', this.onPopState)
  }

  override disconnectedCallback (): void {
    super.disconnectedCallback()
    window.removeEventListener('popstate', this.onPopState)
  }

  protected override firstUpdated (): void {
    const notices: string[] = []
    const lang = this.getAttribute('lang')
    if (lang !== null && pickLang(lang) === undefined) notices.push(this.t.errorAttribute('lang', lang))
    if (this.pageSize !== null && this.perPage !== Number(this.pageSize)) notices.push(this.t.errorAttribute('page-size', this.pageSize))
    this.notices = notices
    this.fromUrl()
  }

  protected override updated (changed: PropertyValues<this>): void {
    // A changed language or preset after the first search (a host page switching language): search again.
    if (this.hasUpdated && this.list !== null && (changed.has('lang' as keyof PimhFinder) || changed.has('region') || changed.has('phase') || changed.has('careType') || changed.has('language'))) {
      this.search(this.presetState())
    }
  }

  private presetState (): SearchState {
    const state = emptyState()
    for (const [param, attribute] of Object.entries(PRESETS) as Array<[FilterParam, string]>) {
      const values = this.getAttribute(attribute)?.split(',').map((v) => v.trim()).filter((v) => v !== '')
      if (values?.length) state.filters[param] = values
    }
    return state
  }

  /** The search in the URL fragment (a shared link), or the presets; an open offer in it is opened too. */
  private fromUrl (): void {
    const state = fromFragment(location.hash) ?? this.presetState()
    if (searchKey(state) !== searchKey(this.state) || this.list === null) {
      if (searchKey(state) !== '' || this.list !== null) void this.search({ ...state, offer: null }, false)
      else this.state = state
    }
    if (state.offer !== (this.detail?.slug ?? null)) {
      if (state.offer) void this.openDetail(state.offer, null, false)
      else this.closeDetail()
    }
  }

  private writeUrl (push: boolean): void {
    const fragment = toFragment(this.state)
    if (fragment === location.hash || (fragment === '' && !location.hash.startsWith('#pimh:'))) return
    const url = location.pathname + location.search + fragment
    if (push) history.pushState(null, '', url)
    else history.replaceState(null, '', url)
  }

  // ---- searching

  private async search (state: SearchState, push = true, append = false): Promise<void> {
    this.searchAbort?.abort()
    const abort = this.searchAbort = new AbortController()
    this.state = state
    this.typed = state.q
    this.failure = null
    this.busy = true
    this.closeOptions()
    const page = append && this.list ? this.list.answer.page_number + 1 : 1
    const params = queryParams(state)
    params.set('page', String(page))
    params.set('per_page', String(this.perPage))
    params.set('facets', 'true')
    try {
      const body = await getJson<OfferList>(this.url('v1/offers', params), abort.signal)
      for (const facet of FACETS) for (const value of body.facets?.[facet] ?? []) this.labels.set(`${facet}:${value.code}`, value.label)
      const items = append && this.list ? [...this.list.items, ...body.contents] : body.contents
      this.list = { answer: body, items }
      this.busy = false
      this.writeUrl(push)
      if (append) this.focusLater(`#open-${body.contents[0]?.id}`)
    } catch (err) {
      if (abort.signal.aborted) return
      this.busy = false
      this.fail(err, () => { void this.search(state, push, append) }, (params) => {
        // A setting the API does not know: say so, and search without it.
        const next = { ...state, filters: { ...state.filters } }
        for (const param of params) {
          this.notices = [...this.notices, this.t.errorAttribute(PRESETS[param as FilterParam] ?? param, String(state.filters[param as FilterParam] ?? ''))]
          if (isFilter(param)) delete next.filters[param]
        }
        void this.search(next, push)
      })
    }
  }

  private fail (err: unknown, retry: () => void, badSettings: (params: string[]) => void): void {
    const failure = err instanceof ApiError ? err.failure : { kind: 'other' as const, params: [] }
    if (failure.kind === 'setting' && failure.params.some((p) => isFilter(p))) return badSettings(failure.params)
    const message = { down: this.t.errorDown, busy: this.t.errorBusy, gone: this.t.errorNotFound, setting: this.t.errorOther, other: this.t.errorOther }[failure.kind]
    this.failure = { message, retry: failure.kind === 'gone' ? null : retry }
  }

  private submit (event: Event): void {
    event.preventDefault()
    void this.search({ ...this.state, q: this.typed, offer: null })
  }

  private toggle (param: FilterParam, value: string): void {
    const values = this.state.filters[param] ?? []
    const next = values.includes(value) ? values.filter((v) => v !== value) : [...values, value]
    void this.search({ ...this.state, filters: { ...this.state.filters, [param]: next }, offer: null })
  }

  private removePart (interpretation: Interpretation, start: number, end: number): void {
    void this.search({ ...this.state, q: withoutPart(interpretation.query, start, end), offer: null })
    this.focusLater('input')
  }

  private replaceWord (word: string, suggestion: string): void {
    const q = this.state.q.replace(new RegExp(`(^|\\s)${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=\\s|$)`, 'i'), `$1${suggestion}`)
    void this.search({ ...this.state, q, offer: null })
    this.focusLater('input')
  }

  // ---- autocomplete (WAI-ARIA combobox with a listbox)

  private input (event: InputEvent): void {
    this.typed = (event.target as HTMLInputElement).value
    clearTimeout(this.suggestTimer)
    if (this.suggestOff || this.typed.trim().length < 2) return this.closeOptions()
    this.suggestTimer = setTimeout(() => { void this.suggest(this.typed) }, SUGGEST_DELAY_MS)
  }

  private async suggest (text: string): Promise<void> {
    this.suggestAbort?.abort()
    const abort = this.suggestAbort = new AbortController()
    try {
      const body = await getJson<{ contents: Suggestion[] }>(this.url('v1/suggest', new URLSearchParams({ q: text.trim(), limit: '8' })), abort.signal)
      if (text !== this.typed) return
      this.options = body.contents
      this.active = -1
    } catch {
      // No autocomplete from an API without /v1/suggest (or one that cannot answer now): the box still searches.
      if (!abort.signal.aborted) { this.suggestOff = true; this.closeOptions() }
    }
  }

  private closeOptions (): void {
    clearTimeout(this.suggestTimer)
    this.options = []
    this.active = -1
  }

  private keydown (event: KeyboardEvent): void {
    const count = this.options.length
    if (event.key === 'ArrowDown' && count > 0) {
      event.preventDefault()
      this.active = (this.active + 1) % count
    } else if (event.key === 'ArrowUp' && count > 0) {
      event.preventDefault()
      this.active = this.active <= 0 ? count - 1 : this.active - 1
    } else if (event.key === 'Enter' && this.active >= 0) {
      event.preventDefault()
      this.choose(this.options[this.active]!)
    } else if (event.key === 'Escape' && count > 0) {
      event.preventDefault()
      this.closeOptions()
    }
  }

  private choose (option: Suggestion): void {
    const { param, value } = option.action
    if (!isFilter(param)) return void this.search({ ...this.state, q: value, offer: null })
    this.labels.set(`${param}:${value}`, option.label)
    const values = this.state.filters[param] ?? []
    const filters = { ...this.state.filters, [param]: values.includes(value) ? values : [...values, value] }
    void this.search({ ...this.state, q: withoutTyped(this.typed, option.label), filters, offer: null })
  }

  // ---- the detail of one offer

  private async openDetail (slug: string, opener: string | null, push = true): Promise<void> {
    this.opener = opener
    this.failure = null
    this.busy = true
    try {
      this.detail = await getJson<OfferDetail>(this.url(`v1/offers/${encodeURIComponent(slug)}`, new URLSearchParams()))
      this.state = { ...this.state, offer: slug }
      this.writeUrl(push)
      this.focusLater('#detail-title')
    } catch (err) {
      this.fail(err, () => { void this.openDetail(slug, opener, push) }, () => undefined)
    }
    this.busy = false
  }

  private closeDetail (): void {
    if (this.detail === null) return
    this.detail = null
    this.state = { ...this.state, offer: null }
    this.writeUrl(false)
    this.focusLater(this.opener ?? 'input')
  }

  private focusLater (selector: string): void {
    void this.updateComplete.then(() => (this.renderRoot.querySelector(selector) as HTMLElement | null)?.focus())
  }

  // ---- rendering

  override render (): TemplateResult {
    const t = this.t
    return html`<div lang=${this.uiLang} @focusin=${this.keepInView}>
      ${this.renderHelp(t)}
      ${this.notices.map((notice) => html`<div class="alert" role="alert"><p>${notice}</p></div>`)}
      ${this.detail ? this.renderDetail(t, this.detail) : this.renderSearch(t)}
      ${this.failure
        ? html`<div class="alert" role="alert"><p>${this.failure.message}</p>
            ${this.failure.retry ? html`<p><button class="quiet" @click=${this.failure.retry}>${t.retry}</button></p>` : nothing}</div>`
        : nothing}
    </div>`
  }

  /** A focused element scrolled under the sticky help strip is moved into sight (WCAG 2.4.11, focus not obscured). */
  private keepInView (event: FocusEvent): void {
    const strip = this.renderRoot.querySelector('.help')!
    const target = event.composedPath()[0] as HTMLElement
    if (getComputedStyle(strip).position !== 'sticky' || strip.contains(target)) return
    const hidden = strip.getBoundingClientRect().bottom - target.getBoundingClientRect().top
    if (hidden > 0) window.scrollBy(0, -hidden - 8)
  }

  private renderHelp (t: Texts): TemplateResult {
    return html`<aside class="help" aria-labelledby="help-title">
      <p id="help-title"><strong>${t.helpNow}</strong></p>
      <ul>${t.helpLines.map(([number, long, short]) => html`<li><a href="tel:${number.replace(/\s/g, '')}">${number}</a>
        <span class="long">${long}</span><span class="short">${short}</span></li>`)}</ul>
    </aside>`
  }

  private renderSearch (t: Texts): TemplateResult {
    const list = this.list
    const open = this.options.length > 0
    return html`
      <form role="search" @submit=${this.submit}>
        <label class="search" for="q">${t.searchLabel}</label>
        <div class="box">
          <div class="combo">
            <input id="q" type="search" role="combobox" autocomplete="off" enterkeyhint="search" aria-autocomplete="list"
              aria-expanded=${open ? 'true' : 'false'} aria-controls="q-options" aria-describedby="q-hint"
              aria-activedescendant=${this.active >= 0 ? `q-option-${this.active}` : nothing}
              .value=${live(this.typed)} @input=${this.input} @keydown=${this.keydown} @blur=${() => setTimeout(() => this.closeOptions(), 200)}>
            <ul id="q-options" role="listbox" aria-label=${t.suggestions} ?hidden=${!open}>
              ${this.options.map((option, i) => html`<li id="q-option-${i}" role="option" aria-selected=${i === this.active ? 'true' : 'false'}
                @mousedown=${(e: Event) => e.preventDefault()} @click=${() => this.choose(option)}>
                ${option.label}${option.detail ? html` <span class="detail">– ${option.detail}</span>` : nothing}</li>`)}
            </ul>
          </div>
          <button class="primary" type="submit">${t.searchButton}</button>
        </div>
        <p class="hint" id="q-hint">${t.searchHint}</p>
      </form>
      ${list ? this.renderReading(t, list.answer) : nothing}
      ${this.renderChosen(t)}
      ${list?.answer.facets ? this.renderFacets(t, list.answer.facets) : nothing}
      <p class="status" role="status">${this.busy ? t.searching : list ? (list.answer.total_items === 0 ? t.none : t.results(list.answer.total_items)) : ''}</p>
      ${list ? this.renderResults(t, list) : nothing}`
  }

  /** How the box was read: removable chips, what was relaxed, "did you mean". */
  private renderReading (t: Texts, answer: OfferList): TemplateResult | typeof nothing {
    const interpretation = answer.interpretation
    const parts = interpretation?.parts.filter((part) => part.kind !== 'text') ?? []
    return html`
      ${interpretation && parts.length > 0
        ? html`<p class="chips-label" id="read-as">${t.readAs}</p>
          <ul class="chips" aria-labelledby="read-as">${parts.map((part) => {
            const label = part.applied === false ? `${part.label} (${t.notApplied})` : part.label
            return html`<li><button class="chip" @click=${() => this.removePart(interpretation, part.start, part.end)} aria-label="${t.remove}: ${label}">
              ${label}<span class="x" aria-hidden="true">×</span></button></li>`
          })}</ul>`
        : nothing}
      ${interpretation?.relaxed.map((relaxed) => html`<p class="note">${relaxed.label}</p>`) ?? nothing}
      ${answer.suggestions?.length
        ? html`<p class="note">${t.didYouMean}: ${answer.suggestions.map((s, i) => html`${i > 0 ? ', ' : ''}<button class="link" @click=${() => this.replaceWord(s.word, s.suggestion)}>${s.suggestion}</button>`)}?</p>`
        : nothing}`
  }

  /** The filters chosen by hand, a preset or a suggestion, each removable. */
  private renderChosen (t: Texts): TemplateResult | typeof nothing {
    const chosen = Object.entries(this.state.filters).flatMap(([param, values]) => (values ?? []).map((value) => ({ param: param as FilterParam, value })))
    if (chosen.length === 0) return nothing
    const label = ({ param, value }: { param: string, value: string }) =>
      param === 'crisis' ? t.crisisOnly : param === 'referral' && value === 'none' ? t.noReferral : this.labels.get(`${param}:${value}`) ?? value
    return html`<p class="chips-label" id="chosen">${t.activeFilters}</p>
      <ul class="chips" aria-labelledby="chosen">${chosen.map((c) => html`<li>
        <button class="chip" aria-label="${t.remove}: ${label(c)}" @click=${() => { this.toggle(c.param, c.value); this.focusLater('input') }}>
          ${label(c)}<span class="x" aria-hidden="true">×</span></button></li>`)}</ul>`
  }

  private renderFacets (t: Texts, facets: Partial<Record<string, FacetValue[]>>): TemplateResult {
    // Without counts from the API (an older one), referral and crisis are still offered, as the one value that matters.
    const uncounted: Partial<Record<FilterParam, Array<Omit<FacetValue, 'count'> & { count?: number }>>> = {
      referral: [{ code: 'none', label: t.noReferral }], crisis: [{ code: 'true', label: t.crisisOnly }]
    }
    return html`<details class="filters"><summary>${t.filters}</summary>
      ${FACETS.map((facet) => {
        const values = (facets[facet] ?? uncounted[facet] ?? []).filter((v) =>
          // Care types: the top categories, and any sub-type already chosen; crisis: only "yes" filters.
          facet === 'care_type' ? !v.parent_code || this.state.filters.care_type?.includes(v.code) : facet !== 'crisis' || v.code === 'true')
        return values.length === 0
          ? nothing
          : html`<fieldset><legend>${t[`facet_${facet}`]}</legend>
            ${repeat(values, (v) => v.code, (v) => {
              const pressed = this.state.filters[facet]?.includes(v.code) === true
              const label = facet === 'crisis' ? t.crisisOnly : v.label
              return html`<button class="toggle" aria-pressed=${pressed ? 'true' : 'false'} @click=${() => this.toggle(facet, v.code)}>${v.count === undefined ? label : `${label} (${v.count})`}</button>`
            })}</fieldset>`
      })}
    </details>`
  }

  private renderResults (t: Texts, list: NonNullable<PimhFinder['list']>): TemplateResult {
    const { answer, items } = list
    return html`<ol class="results">${repeat(items, (item) => item.id, (item) => html`<li>${this.renderItem(t, item)}</li>`)}</ol>
      ${items.length < answer.total_items
        ? html`<p class="more"><button class="quiet" @click=${() => { void this.search(this.state, false, true) }}>${t.more(items.length, answer.total_items)}</button></p>`
        : nothing}`
  }

  /** A text of an offer, marked with its language when the API gave it in another (`text_fallbacks` names it by its path). */
  private text (value: TemplateResult | string, offer: { text_fallbacks?: Record<string, string> }, path: string): TemplateResult {
    const lang = offer.text_fallbacks?.[path]
    return lang && lang !== this.uiLang ? html`<span lang=${lang}>${value}</span>` : html`${value}`
  }

  private renderItem (t: Texts, item: OfferItem): TemplateResult {
    const km = typeof item.distance_km === 'number' ? new Intl.NumberFormat(this.uiLang, { maximumFractionDigits: 1 }).format(item.distance_km) : null
    const place = item.remote_only ? t.online : [...new Set(item.locations.map((l) => l.municipality))].join(', ')
    return html`<article aria-labelledby="title-${item.id}">
      <h3 id="title-${item.id}">${this.text(item.highlights?.name ? marked(item.highlights.name) : item.name, item, 'name')}</h3>
      <p class="org">${this.text(item.organisation.name, item, 'organisation.name')}${place ? html` · ${place}` : nothing}${km ? html` · ${t.distance(km)}` : nothing}</p>
      ${this.renderAvailability(t, item)}
      <dl>
        <dt>${t.forPhases}</dt><dd>${monthsInWords(t, item.from_month, item.to_month)}</dd>
        <dt>${t.languages}</dt><dd>${this.languageNames(item.languages)}</dd>
        ${item.cost_type ? html`<dt>${t.cost}</dt><dd>${item.cost_type.label}</dd>` : nothing}
        ${item.contact && hasMeans(item.contact) ? html`<dt>${t.contact}</dt><dd>${this.contactLinks(t, item.contact)}</dd>` : nothing}
      </dl>
      <p class="desc">${this.text(item.highlights?.description ? marked(item.highlights.description) : item.description, item, 'description')}</p>
      <button class="quiet" id="open-${item.id}" @click=${() => { void this.openDetail(item.slug, `#open-${item.id}`) }}>${t.details} <span class="sr">${item.name}</span></button>
    </article>`
  }

  /** Where an offer stands now (a notice, closed for a while, open, taking new families) and the first step; only what is known. */
  private renderAvailability (t: Texts, offer: Availability & { text_fallbacks?: Record<string, string> }): TemplateResult {
    const accepting = offer.accepting_new
    const facts = [
      offer.temporarily_closed ? html`<li class="closed">${t.temporarilyClosed}</li>` : nothing,
      offer.open_now === true ? html`<li class="open">${t.openNow}</li>` : nothing,
      offer.open_now === false && offer.next_open ? html`<li>${t.opensAt(this.when(offer.next_open))}</li>` : nothing,
      // "Closed now" says nothing more beside "temporarily closed".
      offer.open_now === false && !offer.next_open && !offer.temporarily_closed ? html`<li>${t.closedNow}</li>` : nothing,
      accepting ? html`<li>${accepting.label}${accepting.wait_weeks !== null ? ` (${t.waitWeeks(accepting.wait_weeks)})` : ''}</li>` : nothing
    ].filter((fact) => fact !== nothing)
    return html`
      ${offer.alert
        ? html`<p class="notice"><strong>${t.notice}:</strong> ${this.text(offer.alert.text, offer, 'alert.text')}${offer.alert.until ? ` (${t.until(this.day(offer.alert.until, 'long'))})` : ''}</p>`
        : nothing}
      ${facts.length > 0 ? html`<ul class="facts" aria-label=${t.now}>${facts}</ul>` : nothing}
      ${offer.first_step ? html`<p class="first-step"><strong>${t.firstStep}:</strong> ${this.text(offer.first_step, offer, 'first_step')}</p>` : nothing}`
  }

  /** A coming moment as a weekday and time ("di 09:00"), with the date when it is more than six days away. */
  private when (iso: string): string {
    const at = new Date(iso)
    const soon = at.getTime() - Date.now() < 6 * 24 * 3600_000
    return new Intl.DateTimeFormat(this.uiLang, { weekday: 'short', ...(soon ? {} : { day: 'numeric', month: 'short' }), hour: 'numeric', minute: '2-digit', timeZone: TIME_ZONE }).format(at)
  }

  /** A calendar day (YYYY-MM-DD, or the date part of a date-time) in words. */
  private day (ymd: string, style: 'long' | 'medium'): string {
    return new Intl.DateTimeFormat(this.uiLang, { dateStyle: style, timeZone: 'UTC' }).format(new Date(`${ymd.slice(0, 10)}T12:00:00Z`))
  }

  private languageNames (languages: CodeLabel[]): string {
    return languages.map((l) => l.label).join(', ')
  }

  private contactLinks (t: Texts, c: Partial<Contact>): TemplateResult {
    return html`${c.name ? html`<span class="contact-name">${c.name}</span>` : nothing}<ul class="contacts">
      ${c.phone ? html`<li><a href="tel:${c.phone.replace(/[^+\d]/g, '')}">${t.call} ${c.phone}</a></li>` : nothing}
      ${c.email ? html`<li><a href="mailto:${c.email}">${t.mail} ${c.email}</a></li>` : nothing}
      ${c.website && /^https?:\/\//.test(c.website) ? html`<li><a href=${c.website}>${t.website}<span class="sr"> ${c.website}</span></a></li>` : nothing}
    </ul>`
  }

  private renderDetail (t: Texts, offer: OfferDetail): TemplateResult {
    const date = offer.last_verified ? new Intl.DateTimeFormat(this.uiLang, { dateStyle: 'long', timeZone: TIME_ZONE }).format(new Date(offer.last_verified)) : null
    const known = (value: boolean | null | undefined, text: string) => value === null || value === undefined ? nothing : html`<li>${text}: ${value ? t.yes : t.no}</li>`
    const access = [
      ...offer.locations.flatMap((l, n) => [known(l.wheelchair_accessible, t.wheelchair), known(l.pram_accessible, t.pram),
        l.public_transport_note ? html`<li>${this.text(l.public_transport_note, offer, `locations.${n}.public_transport_note`)}</li>` : nothing]),
      known(offer.accessibility.interpreter_on_request, t.interpreter), known(offer.accessibility.plain_language, t.plainLanguage),
      known(offer.accessibility.anonymous_possible, t.anonymous), known(offer.accessibility.no_residence_papers_ok, t.noPapers)
    ].filter((item) => item !== nothing)
    // The first contact, then the offer's own, its people and the organisation's, each way of reaching them once.
    const seen = new Set<string>()
    const contacts = ([offer.contact, { phone: offer.phone, email: offer.email, website: offer.website }, ...offer.contacts, offer.organisation] as Array<Partial<Contact> | null | undefined>).filter((c): c is Partial<Contact> => {
      if (!c || !hasMeans(c)) return false
      const key = [c.phone, c.email, c.website].join('|')
      return !seen.has(key) && Boolean(seen.add(key))
    })
    const exceptions = offer.hours_exceptions ?? []
    return html`<section class="detail" aria-labelledby="detail-title" @keydown=${(e: KeyboardEvent) => { if (e.key === 'Escape') this.closeDetail() }}>
      <button class="quiet back" @click=${() => this.closeDetail()}><span aria-hidden="true">← </span>${t.back}</button>
      <h2 id="detail-title" tabindex="-1">${this.text(offer.name, offer, 'name')}</h2>
      <p class="org">${this.text(offer.organisation.name, offer, 'organisation.name')} · ${offer.care_type.label}</p>
      ${this.renderAvailability(t, offer)}
      <p>${this.text(offer.description, offer, 'description')}</p>
      <dl>
        <dt>${t.forPhases}</dt><dd>${offer.phases.map((p) => p.label).join(', ') || monthsInWords(t, offer.from_month, offer.to_month)}</dd>
        <dt>${t.languages}</dt><dd>${this.languageNames(offer.languages)}</dd>
        ${offer.cost.label ? html`<dt>${t.cost}</dt><dd>${offer.cost.label}${offer.cost.note ? html` – ${this.text(offer.cost.note, offer, 'cost.note')}` : nothing}</dd>` : nothing}
      </dl>
      ${offer.crisis.available_24_7 || offer.crisis.urgent_intake
        ? html`<section><h3>${t.crisis}</h3><ul>${offer.crisis.available_24_7 ? html`<li>${t.crisis247}</li>` : nothing}
            ${offer.crisis.urgent_intake ? html`<li>${t.urgentIntake}</li>` : nothing}
            ${offer.crisis.note ? html`<li>${this.text(offer.crisis.note, offer, 'crisis.note')}</li>` : nothing}</ul></section>`
        : nothing}
      <section><h3>${t.contact}</h3>${contacts.length > 0 ? contacts.slice(0, 3).map((c) => this.contactLinks(t, c)) : html`<p>${t.unknown}</p>`}</section>
      <section><h3>${t.address}</h3>
        ${offer.remote_only || offer.locations.length === 0 ? html`<p>${t.online}</p>` : nothing}
        ${offer.locations.map((l) => html`<p>${l.name}<br>${l.street ? html`${l.street}<br>` : nothing}${l.postcode} ${l.municipality}
          ${l.latitude !== null && l.longitude !== null
            ? html`<br><a href="https://www.openstreetmap.org/?mlat=${l.latitude}&mlon=${l.longitude}#map=17/${l.latitude}/${l.longitude}">${t.map}<span class="sr">: ${l.name}</span></a>`
            : nothing}</p>`)}
      </section>
      <section><h3>${t.hours}</h3>
        ${offer.always_open
          ? html`<p>${t.alwaysOpen}</p>`
          : offer.opening_hours.length === 0
          ? html`<p>${t.noHours}</p>`
          : html`${offer.open_on_holidays === false ? html`<p>${t.closedOnHolidays}</p>` : nothing}<table><tbody>${offer.opening_hours.map((h, n) => html`<tr><th scope="row">${t.weekdays[h.weekday - 1]}</th>
              <td>${h.opens}–${h.closes}${h.note ? html` (${this.text(h.note, offer, `opening_hours.${n}.note`)})` : nothing}</td></tr>`)}</tbody></table>`}
        ${exceptions.length > 0
          ? html`<h4>${t.exceptions}</h4><ul>${exceptions.map((x, n) => html`<li>${x.from === x.to ? this.day(x.from, 'medium') : t.range(this.day(x.from, 'medium'), this.day(x.to, 'medium'))}:
              ${x.closed || !x.opens || !x.closes ? t.closed : `${x.opens}–${x.closes}`}${x.note ? html` (${this.text(x.note, offer, `hours_exceptions.${n}.note`)})` : nothing}</li>`)}</ul>`
          : nothing}
      </section>
      <section><h3>${t.accessibility}</h3>${access.length > 0 ? html`<ul>${access}</ul>` : html`<p>${t.unknown}</p>`}</section>
      <section><h3>${t.referral}</h3>
        <p>${offer.referral.label ?? t.unknown}${offer.referral.by.length > 0 ? html`. ${t.referralBy}: ${offer.referral.by.map((b) => b.label).join(', ')}` : nothing}</p>
        ${offer.referral.note ? html`<p>${this.text(offer.referral.note, offer, 'referral.note')}</p>` : nothing}
      </section>
      <p class="verified">${date ? `${t.verified}: ${date}` : t.notVerified}</p>
    </section>`
  }
}

/** Whether a contact gives a way to reach it. */
const hasMeans = (c: Partial<Contact>) => Boolean(c.phone || c.email || c.website)

function marked (highlighted: string): TemplateResult {
  return html`${markedRuns(highlighted).map((run) => run.marked ? html`<mark>${run.text}</mark>` : run.text)}`
}

if (!customElements.get('pimh-finder')) customElements.define('pimh-finder', PimhFinder)

declare global {
  interface HTMLElementTagNameMap { 'pimh-finder': PimhFinder }
}
