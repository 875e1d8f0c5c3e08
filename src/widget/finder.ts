// <pimh-finder>: the embeddable search of the directory (runs in the browser; bundled by src/widget/bundle.ts).
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit'
import { live } from 'lit/directives/live.js'
import { repeat } from 'lit/directives/repeat.js'
import { ApiError, type Answer, type CodeLabel, type FacetValue, getJson, type Interpretation, type OfferDetail, type OfferItem, type OfferList, type Suggestion } from './api.js'
import { emptyState, type FilterParam, fromFragment, isFilter, markedRuns, queryParams, type SearchState, searchKey, toFragment, withoutPart, withoutTyped } from './state.js'
import { styles } from './styles.js'
import { type Lang, monthsInWords, pickLang, TEXTS, type Texts } from './texts.js'

/** Facets shown as filter chips, in this order, and the parameter each one sets. */
const FACETS: Array<[facet: string, param: FilterParam]> = [['phase', 'phase'], ['care_type', 'care_type'], ['language', 'language'], ['mode', 'mode'], ['cost', 'cost']]
/** The attributes that preset a filter, by the parameter they set. */
const PRESETS: Partial<Record<FilterParam, string>> = { region: 'region', phase: 'phase', care_type: 'care-type' }
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
  declare pageSize: string | null
  declare api: string | null
  declare state: SearchState
  declare list: { answer: OfferList, items: OfferItem[], lang: string | null } | null
  declare detail: Answer<OfferDetail> | null
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
    this.region = this.phase = this.careType = this.pageSize = this.api = null
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
    if (this.hasUpdated && this.list !== null && (changed.has('lang' as keyof PimhFinder) || changed.has('region') || changed.has('phase') || changed.has('careType'))) {
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
    if (state.offer !== (this.detail?.body.slug ?? null)) {
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
      const { body, lang } = await getJson<OfferList>(this.url('v1/offers', params), abort.signal)
      for (const [facet] of FACETS) for (const value of body.facets?.[facet] ?? []) this.labels.set(`${facet}:${value.code}`, value.label)
      const items = append && this.list ? [...this.list.items, ...body.contents] : body.contents
      this.list = { answer: body, items, lang }
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
      const { body } = await getJson<{ contents: Suggestion[] }>(this.url('v1/suggest', new URLSearchParams({ q: text.trim(), limit: '8' })), abort.signal)
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

  private renderFacets (t: Texts, facets: Record<string, FacetValue[]>): TemplateResult {
    const toggle = (param: FilterParam, value: string, label: string) => {
      const pressed = this.state.filters[param]?.includes(value) === true
      return html`<button class="toggle" aria-pressed=${pressed ? 'true' : 'false'} @click=${() => this.toggle(param, value)}>${label}</button>`
    }
    return html`<details class="filters"><summary>${t.filters}</summary>
      ${FACETS.map(([facet, param]) => {
        // Care types: the top categories, and any sub-type already chosen.
        const values = (facets[facet] ?? []).filter((v) => facet !== 'care_type' || !v.parent_code || this.state.filters.care_type?.includes(v.code))
        return values.length === 0
          ? nothing
          : html`<fieldset><legend>${t[`facet_${facet}` as keyof Texts] as string}</legend>
            ${repeat(values, (v) => v.code, (v) => toggle(param, v.code, `${v.label} (${v.count})`))}</fieldset>`
      })}
      <fieldset><legend>${t.access}</legend>${toggle('crisis', 'true', t.crisisOnly)} ${toggle('referral', 'none', t.noReferral)}</fieldset>
    </details>`
  }

  private renderResults (t: Texts, list: NonNullable<PimhFinder['list']>): TemplateResult {
    const { answer, items } = list
    return html`<ol class="results">${repeat(items, (item) => item.id, (item) => html`<li>${this.renderItem(t, item, list.lang)}</li>`)}</ol>
      ${items.length < answer.total_items
        ? html`<p class="more"><button class="quiet" @click=${() => { void this.search(this.state, false, true) }}>${t.more(items.length, answer.total_items)}</button></p>`
        : nothing}`
  }

  /** A text from the API, marked with its language where it is not the widget's. */
  private text (value: TemplateResult | string, lang: string | null): TemplateResult {
    return lang && lang !== this.uiLang ? html`<span lang=${lang}>${value}</span>` : html`${value}`
  }

  private renderItem (t: Texts, item: OfferItem, lang: string | null): TemplateResult {
    const km = typeof item.distance_km === 'number' ? new Intl.NumberFormat(this.uiLang, { maximumFractionDigits: 1 }).format(item.distance_km) : null
    const place = item.remote_only ? t.online : [...new Set(item.locations.map((l) => l.municipality))].join(', ')
    return html`<article aria-labelledby="title-${item.id}">
      <h3 id="title-${item.id}">${this.text(item.highlights?.name ? marked(item.highlights.name) : item.name, lang)}</h3>
      <p class="org">${item.organisation.name}${place ? html` · ${place}` : nothing}${km ? html` · ${t.distance(km)}` : nothing}</p>
      <dl>
        <dt>${t.forPhases}</dt><dd>${monthsInWords(t, item.from_month, item.to_month)}</dd>
        <dt>${t.languages}</dt><dd>${this.languageNames(item.languages)}</dd>
        ${item.cost_type ? html`<dt>${t.cost}</dt><dd>${item.cost_type.label}</dd>` : nothing}
        ${item.phone || item.email || item.website ? html`<dt>${t.contact}</dt><dd>${this.contactLinks(t, item)}</dd>` : nothing}
      </dl>
      <p class="desc">${this.text(item.highlights?.description ? marked(item.highlights.description) : item.description, lang)}</p>
      ${item.first_step ? html`<p>${this.text(item.first_step, lang)}</p>` : nothing}
      <button class="quiet" id="open-${item.id}" @click=${() => { void this.openDetail(item.slug, `#open-${item.id}`) }}>${t.details} <span class="sr">${item.name}</span></button>
    </article>`
  }

  private languageNames (languages: CodeLabel[]): string {
    return languages.map((l) => l.label).join(', ')
  }

  private contactLinks (t: Texts, c: { phone?: string | null, email?: string | null, website?: string | null }): TemplateResult {
    return html`<ul class="contacts">
      ${c.phone ? html`<li><a href="tel:${c.phone.replace(/[^+\d]/g, '')}">${t.call} ${c.phone}</a></li>` : nothing}
      ${c.email ? html`<li><a href="mailto:${c.email}">${t.mail} ${c.email}</a></li>` : nothing}
      ${c.website && /^https?:\/\//.test(c.website) ? html`<li><a href=${c.website}>${t.website}<span class="sr"> ${c.website}</span></a></li>` : nothing}
    </ul>`
  }

  private renderDetail (t: Texts, { body: offer, lang }: Answer<OfferDetail>): TemplateResult {
    const date = offer.last_verified ? new Intl.DateTimeFormat(this.uiLang, { dateStyle: 'long' }).format(new Date(offer.last_verified)) : null
    const known = (value: boolean | null | undefined, text: string) => value === null || value === undefined ? nothing : html`<li>${text}: ${value ? t.yes : t.no}</li>`
    const access = [
      ...offer.locations.flatMap((l) => [known(l.wheelchair_accessible, t.wheelchair), known(l.pram_accessible, t.pram),
        l.public_transport_note ? html`<li>${this.text(l.public_transport_note, lang)}</li>` : nothing]),
      known(offer.accessibility.interpreter_on_request, t.interpreter), known(offer.accessibility.plain_language, t.plainLanguage),
      known(offer.accessibility.anonymous_possible, t.anonymous), known(offer.accessibility.no_residence_papers_ok, t.noPapers)
    ].filter((item) => item !== nothing)
    const contacts = [offer, ...offer.contacts, offer.organisation].filter((c) => c.phone || c.email || ('website' in c && c.website))
    return html`<section class="detail" aria-labelledby="detail-title" @keydown=${(e: KeyboardEvent) => { if (e.key === 'Escape') this.closeDetail() }}>
      <button class="quiet back" @click=${() => this.closeDetail()}><span aria-hidden="true">← </span>${t.back}</button>
      <h2 id="detail-title" tabindex="-1">${this.text(offer.name, lang)}</h2>
      <p class="org">${offer.organisation.name} · ${this.text(offer.care_type.label, lang)}</p>
      <p>${this.text(offer.description, lang)}</p>
      <dl>
        <dt>${t.forPhases}</dt><dd>${this.text(offer.phases.map((p) => p.label).join(', ') || monthsInWords(t, offer.from_month, offer.to_month), lang)}</dd>
        <dt>${t.languages}</dt><dd>${this.languageNames(offer.languages)}</dd>
        ${offer.cost.label ? html`<dt>${t.cost}</dt><dd>${offer.cost.label}${offer.cost.note ? html` – ${this.text(offer.cost.note, lang)}` : nothing}</dd>` : nothing}
      </dl>
      ${offer.crisis.available_24_7 || offer.crisis.urgent_intake
        ? html`<section><h3>${t.crisis}</h3><ul>${offer.crisis.available_24_7 ? html`<li>${t.crisis247}</li>` : nothing}
            ${offer.crisis.urgent_intake ? html`<li>${t.urgentIntake}</li>` : nothing}
            ${offer.crisis.note ? html`<li>${this.text(offer.crisis.note, lang)}</li>` : nothing}</ul></section>`
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
        ${offer.opening_hours.length === 0
          ? html`<p>${t.noHours}</p>`
          : html`<table><tbody>${offer.opening_hours.map((h) => html`<tr><th scope="row">${t.weekdays[h.weekday - 1]}</th>
              <td>${h.opens}–${h.closes}${h.note ? html` (${this.text(h.note, lang)})` : nothing}</td></tr>`)}</tbody></table>`}
      </section>
      <section><h3>${t.accessibility}</h3>${access.length > 0 ? html`<ul>${access}</ul>` : html`<p>${t.unknown}</p>`}</section>
      <section><h3>${t.referral}</h3>
        <p>${t[`referral_${offer.referral.type}` as keyof Texts] as string ?? offer.referral.type}${offer.referral.by.length > 0
          ? html`. ${t.referralBy}: ${this.text(offer.referral.by.map((b) => b.label).join(', '), lang)}`
          : nothing}</p>
        ${offer.referral.note ? html`<p>${this.text(offer.referral.note, lang)}</p>` : nothing}
      </section>
      <p class="verified">${date ? `${t.verified}: ${date}` : t.notVerified}</p>
    </section>`
  }
}

function marked (highlighted: string): TemplateResult {
  return html`${markedRuns(highlighted).map((run) => run.marked ? html`<mark>${run.text}</mark>` : run.text)}`
}

if (!customElements.get('pimh-finder')) customElements.define('pimh-finder', PimhFinder)

declare global {
  interface HTMLElementTagNameMap { 'pimh-finder': PimhFinder }
}
