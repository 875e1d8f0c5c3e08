// Streams the whole published directory as NDJSON or CSV, a page of entries at a time, so memory stays flat.
import { stringify } from 'csv-stringify/sync'
import { and, asc, eq, gt, inArray } from 'drizzle-orm'
import { Readable } from 'node:stream'
import type { Db } from '../db/client.js'
import { offers, organisations } from '../db/schema.js'
import { loadPublicOffers, type PublicOfferRecord } from '../offers/public-record.js'
import { publicOrganisationRecord } from '../organisations/public-record.js'
import { loadOrganisationRecords } from '../organisations/store.js'

const BATCH = 500

/** Ids of published organisations, then of published offers of published organisations, in id order, a batch at a time. */
function * publishedIds (db: Db, kind: 'organisation' | 'offer'): Generator<string[]> {
  let after = ''
  for (;;) {
    const ids = kind === 'organisation'
      ? db.select({ id: organisations.id }).from(organisations)
        .where(and(eq(organisations.status, 'published'), gt(organisations.id, after))).orderBy(asc(organisations.id)).limit(BATCH).all()
      : db.select({ id: offers.id }).from(offers).innerJoin(organisations, eq(organisations.id, offers.organisation_id))
        .where(and(eq(offers.status, 'published'), eq(organisations.status, 'published'), gt(offers.id, after))).orderBy(asc(offers.id)).limit(BATCH).all()
    if (ids.length === 0) return
    yield ids.map((r) => r.id)
    after = ids.at(-1)!.id
  }
}

function * publicOffers (db: Db): Generator<PublicOfferRecord[]> {
  for (const ids of publishedIds(db, 'offer')) yield loadPublicOffers(db, ids)
}

/** One JSON object per line: `{"kind","id","data"}`, organisations first, the shape of the change feed's upserts. */
export function ndjsonExport (db: Db): Readable {
  return Readable.from((function * () {
    for (const ids of publishedIds(db, 'organisation')) {
      yield loadOrganisationRecords(db, ids).map((o) => `${JSON.stringify({ kind: 'organisation', id: o.id, data: publicOrganisationRecord(o) })}\n`).join('')
    }
    for (const batch of publicOffers(db)) {
      yield batch.map((o) => `${JSON.stringify({ kind: 'offer', id: o.id, data: o })}\n`).join('')
    }
  })())
}

export const CSV_COLUMNS = [
  'id', 'slug', 'organisation_id', 'organisation_name', 'name_nl', 'name_fr', 'name_en', 'description_nl', 'description_fr', 'description_en',
  'care_type', 'from_month', 'to_month', 'roles', 'target_groups', 'languages', 'modes', 'service_area', 'cost_type', 'cost_note_nl',
  'price_min_eur', 'price_max_eur', 'referral_type', 'referral_by', 'crisis_24_7', 'urgent_intake', 'baby_welcome', 'waiting_time',
  'website', 'email', 'phone', 'postcodes', 'municipalities', 'last_verified', 'updated_at', 'sources', 'source_note',
  'first_step_nl', 'accepting_new', 'accepting_new_wait_weeks', 'accepting_new_confirmed_at', 'temporarily_closed', 'alert_nl', 'alert_until',
  'opening_hours', 'hours_exceptions'
] as const

/** A piece that is only a number (a negative month, a price) stays as it is: a spreadsheet reads it as a number. */
const NUMBER = /^-?\d+(\.\d+)?$/
/**
 * Any separator a spreadsheet may split on (`,` in most locales, `;` in Belgian ones, tab on paste) or a line
 * break, followed by spaces and a formula start: where a spreadsheet would begin a cell there.
 */
const FORMULA_AFTER_SEPARATOR = /([,;\t\r\n] *)(?=[=+\-@])/g

/**
 * A text a spreadsheet would run as a formula gets an apostrophe before the formula start (OWASP CSV injection):
 * at the cell's start (=, +, -, @, tab, CR), and after every separator a spreadsheet may split the line on, so
 * a `;` inside a `,`-separated cell cannot start one either. Plain numbers, negative months included, stay numbers.
 */
export function safeCell (value: unknown): string | number {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number') return value
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  const text = String(value)
  if (NUMBER.test(text)) return text
  const inner = text.replace(FORMULA_AFTER_SEPARATOR, (separator, _s, at: number) =>
    NUMBER.test(text.slice(at + separator.length).split(/[,;\t\r\n]/, 1)[0]!) ? separator : `${separator}'`)
  return /^[=+\-@\t\r]/.test(inner) ? `'${inner}` : inner
}

// Every text cell quoted, so no separator or line break inside a text can end the cell in a reader that honours quotes.
const QUOTED = { quoted_string: true, quoted_empty: true } as const

/** One row per published offer, lists joined with `|`, texts in every language where they vary. */
export function csvExport (db: Db): Readable {
  return Readable.from((function * () {
    yield stringify([[...CSV_COLUMNS]], QUOTED)
    for (const batch of publicOffers(db)) {
      const names = new Map(db.select({ id: organisations.id, name: organisations.name }).from(organisations)
        .where(inArray(organisations.id, [...new Set(batch.map((o) => o.organisation_id))])).all().map((o) => [o.id, o.name.nl]))
      yield stringify(batch.map((o) => [
        o.id, o.slug, o.organisation_id, names.get(o.organisation_id), o.name.nl, o.name.fr, o.name.en, o.description.nl, o.description.fr,
        o.description.en, o.care_type, o.from_month, o.to_month, o.roles.join('|'), o.target_groups.join('|'), o.languages.join('|'),
        o.modes.join('|'), o.service_area.join('|'), o.cost_type, o.cost_note?.nl, o.price_min_eur, o.price_max_eur, o.referral_type,
        o.referral_by.join('|'), o.crisis_24_7, o.urgent_intake, o.baby_welcome, o.waiting_time, o.website, o.email, o.phone,
        [...new Set(o.locations.map((l) => l.postcode))].join('|'), [...new Set(o.locations.map((l) => l.municipality_code))].join('|'),
        o.last_verified, o.updated_at, o.sources.join('|'), o.source_note,
        o.first_step?.nl, o.accepting_new, o.accepting_new_wait_weeks, o.accepting_new_confirmed_at, o.temporarily_closed, o.alert?.nl, o.alert_until,
        // As the import reads them: '1 09:00-12:00|…'; exceptions as 'from/to closed' or 'from/to 09:00-12:00'.
        o.opening_hours.map((h) => `${h.weekday} ${h.opens}-${h.closes}`).join('|'),
        o.hours_exceptions.map((e) => `${e.from}/${e.to} ${e.closed ? 'closed' : `${e.opens!}-${e.closes!}`}`).join('|')
      ].map(safeCell)), QUOTED)
    }
  })())
}
