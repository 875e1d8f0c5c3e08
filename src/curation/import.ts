// Bulk import of offers from CSV or JSON: decode strictly, turn rows into the create shape, check every row, then write all or none.
import createError from '@fastify/error'
import { type CsvError, parse } from 'csv-parse'
import { eq } from 'drizzle-orm'
import { errorCodes } from 'fastify'
import { randomUUID } from 'node:crypto'
import type { Readable } from 'node:stream'
import { setImmediate as nextTurn } from 'node:timers/promises'
import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads'
import { z } from 'zod'
import type { Actor, EntryMeta } from '../core/entry.js'
import { Uuid } from '../core/fields.js'
import { type Db, type OpenOptions, refuseWhileWrittenElsewhere, writingElsewhere } from '../db/client.js'
import { offers } from '../db/schema.js'
import { BadRequest, FieldErrors } from '../http/errors.js'
import { offerIncomplete, writeOfferEntries } from '../entries/offer.js'
import { checkOfferReferences } from '../offers/references.js'
import { mergeAfterAdding } from '../offers/search-text.js'
import { OfferInput, type OfferRecord } from '../offers/schemas.js'
import { findOrganisationId } from '../organisations/store.js'
import { issueErrors, serverFieldErrors } from './workflow.js'

export const MAX_IMPORT_ROWS = 10_000
/** The report lists at most this many problems; `problem_count` has them all. */
export const MAX_REPORTED_PROBLEMS = 1000

export const TooManyRows = createError<[number]>('TOO_MANY_ROWS', `The file has %d rows; import at most ${MAX_IMPORT_ROWS} at a time`, 413)
export const UnsupportedCharset = createError<[string]>('UNSUPPORTED_CHARSET', 'The file must be UTF-8, not %s', 415)

/**
 * A long import gives its event loop a turn whenever it has run this long. On a database file it runs in its worker
 * thread (importFile), where nothing else waits for those turns; a database in memory (the tests) runs it in the server's
 * thread, whose other requests then wait at most about this long behind it, plus the garbage collector's pauses: half
 * the 50 ms a request may wait.
 */
export const SLICE_MS = 10

/** Call between small steps of a long job: yields to the event loop once the current slice has run SLICE_MS. */
function slicer (): () => Promise<void> {
  let since = performance.now()
  return async () => {
    if (performance.now() - since < SLICE_MS) return
    await nextTurn()
    since = performance.now()
  }
}

/** The CSV's records, parsed a piece at a time between turns of the event loop. */
async function csvRecords (pieces: string[]): Promise<string[][]> {
  const parser = parse({ delimiter: detectDelimiter(headerOf(pieces)), bom: true, relax_column_count: true, skip_empty_lines: true, trim: true })
  const records: string[][] = []
  const pause = slicer()
  parser.on('readable', () => { for (let record = parser.read(); record !== null; record = parser.read()) records.push(record) })
  const done = new Promise<void>((resolve, reject) => { parser.on('end', resolve); parser.on('error', reject) })
  // Awaited below; a parse error can come before that, and must not count as unhandled meanwhile.
  done.catch(() => undefined)
  // Written a piece at a time, the next only once the last is parsed and read: pieces written ahead would wait in the
  // stream's buffer, and the reading of one record would then parse all of them at once.
  for (const piece of pieces) {
    for (let at = 0; at < piece.length && !parser.destroyed; at += CSV_PIECE) {
      await new Promise((resolve) => parser.write(piece.slice(at, at + CSV_PIECE), resolve))
      await pause()
    }
  }
  parser.end()
  await done
  return records
}
const CSV_PIECE = 16 * 1024

/** The file's start, up to its first line break: the pieces are never joined whole (a copy of the file takes milliseconds). */
function headerOf (pieces: string[]): string {
  let start = ''
  for (const piece of pieces) {
    start += piece
    if (/[\r\n]/.test(piece)) break
  }
  return start
}

const RowProblem = z.object({
  row: z.int().min(0).max(MAX_IMPORT_ROWS).meta({ description: 'The row: 1 is the first line under the CSV header, or the first element of the JSON array; 0 is the CSV header itself' }),
  field: z.string().max(200).meta({ description: 'The CSV column, or a JSON pointer into the row (empty: the row as a whole)' }),
  message: z.string().max(500).meta({ description: 'What is wrong, and what to change' })
})
type RowProblem = z.infer<typeof RowProblem>

export const ImportReport = z.object({
  dry_run: z.boolean(),
  format: z.enum(['csv', 'json']),
  publish: z.boolean(),
  rows: z.int().min(0).max(MAX_IMPORT_ROWS),
  valid: z.int().min(0).max(MAX_IMPORT_ROWS),
  invalid: z.int().min(0).max(MAX_IMPORT_ROWS),
  created: z.int().min(0).max(MAX_IMPORT_ROWS).meta({ description: 'Offers written: every row, or 0' }),
  ids: z.array(Uuid).max(MAX_IMPORT_ROWS).meta({ description: 'The new offers\' ids, in row order' }),
  problem_count: z.int().min(0).max(1_000_000),
  problems: z.array(RowProblem).max(MAX_REPORTED_PROBLEMS)
}).meta({ id: 'ImportReport' })
export type ImportReport = z.infer<typeof ImportReport>
export type ImportFormat = ImportReport['format']

/** One row of the file as a create body, with the problems its cells already had and how to name a field for the report. */
type Row = { candidate: unknown, problems: RowProblem[], field: (path: string) => string }
/** The rows of a file, with the problems of its header (row 0) and the columns it lacks. */
export type ImportFile = { rows: Row[], header: RowProblem[], missing: string[] }

// ---------------------------------------------------------------- decoding

/**
 * The request's body as text, in the pieces it arrived in, each decoded as it arrives, so no copy or decode of the whole
 * file holds the event loop. UTF-8 only (a BOM is fine); anything else is refused with a hint, never read as mojibake. A body over
 * `limit` bytes is refused as Fastify refuses one (413), as soon as it is known.
 */
export function readUtf8 (payload: Readable, declaredLength: number, limit: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    if (declaredLength > limit) return reject(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE())
    const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })
    const parts: string[] = []
    let received = 0
    // The file's first bytes are held until there are two: a UTF-16 file is told by them, however the body is cut.
    let head: Buffer | undefined = Buffer.alloc(0)
    const stop = (err?: Error) => {
      payload.off('data', onData)
      payload.off('end', onEnd)
      payload.off('error', onError)
      if (err) reject(err)
    }
    const onData = (chunk: Buffer) => {
      try {
        received += chunk.length
        if (received > limit) throw new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE()
        if (head !== undefined) {
          head = Buffer.concat([head, chunk])
          if (head.length < 2) return
          if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
            throw new BadRequest('The file is UTF-16; save it as UTF-8 (in Excel: "CSV UTF-8")')
          }
          chunk = head
          head = undefined
        }
        parts.push(decodePart(decoder, chunk))
      } catch (err) {
        stop(err as Error)
      }
    }
    const onEnd = () => {
      stop()
      try {
        if (received === 0) throw new BadRequest('The file is empty')
        if (head !== undefined) parts.push(decodePart(decoder, head))
        parts.push(decodePart(decoder, undefined))
        resolve(parts)
      } catch (err) {
        reject(err as Error)
      }
    }
    // A body that breaks off is the client's problem (400), as Fastify has it.
    const onError = (err: Error) => stop(Object.assign(err, { statusCode: 400 }))
    payload.on('data', onData)
    payload.on('end', onEnd)
    payload.on('error', onError)
  })
}

/** One piece of the body as text, or with none, the end of the text. */
function decodePart (decoder: TextDecoder, chunk: Buffer | undefined): string {
  let text: string
  try {
    text = decoder.decode(chunk, { stream: chunk !== undefined })
  } catch {
    throw new BadRequest('The file is not valid UTF-8 (Latin-1 or Windows-1252, perhaps); save it as UTF-8 (in Excel: "CSV UTF-8")')
  }
  if (text.includes('\u0000')) throw new BadRequest('The file holds NUL bytes: it is not text')
  return text
}

// ---------------------------------------------------------------- CSV

const languagesOf = (field: string) => [`${field}_nl`, `${field}_fr`, `${field}_en`]

/** Every CSV column, in the order the README documents them. */
export const CSV_COLUMNS = [
  'slug', 'organisation_id', ...languagesOf('name'), ...languagesOf('description'), 'care_type', 'from_month', 'to_month',
  'roles', 'target_groups', 'languages', 'modes', 'service_area', 'location_ids',
  'cost_type', ...languagesOf('cost_note'), 'price_min_eur', 'price_max_eur', 'referral_type', 'referral_by', ...languagesOf('referral_note'),
  'crisis_24_7', 'urgent_intake', ...languagesOf('crisis_note'), 'baby_welcome', 'waiting_time', 'is_reference',
  'interpreter_on_request', 'plain_language', 'anonymous_possible', 'no_residence_papers_ok', 'third_party_payment', 'first_session_free',
  'website', 'email', 'phone', 'contact_name', 'contact_email', 'contact_phone', 'opening_hours', 'internal_note',
  ...languagesOf('first_step'), 'accepting_new', 'accepting_new_wait_weeks', 'accepting_new_confirmed_at',
  'always_open', 'open_on_holidays', 'temporarily_closed', ...languagesOf('alert'), 'alert_until'
]
const LOCALIZED = ['name', 'description', 'cost_note', 'referral_note', 'crisis_note', 'first_step', 'alert']
const LISTS = ['roles', 'target_groups', 'languages', 'modes', 'service_area', 'location_ids', 'referral_by']
const NUMBERS = ['from_month', 'to_month', 'price_min_eur', 'price_max_eur', 'accepting_new_wait_weeks']
const FLAGS = ['is_reference', 'crisis_24_7', 'urgent_intake', 'baby_welcome', 'interpreter_on_request', 'plain_language',
  'anonymous_possible', 'no_residence_papers_ok', 'third_party_payment', 'first_session_free', 'always_open', 'open_on_holidays', 'temporarily_closed']
const CONTACT = ['contact_name', 'contact_email', 'contact_phone']
const REQUIRED_COLUMNS = ['slug', 'organisation_id', 'name_nl', 'description_nl', 'care_type', 'cost_type']
/** Columns of free text, where a leading = + - @ would make a spreadsheet run the cell as a formula. */
const FREE_TEXT = new Set([...LOCALIZED.flatMap(languagesOf), 'internal_note', 'contact_name'])

const TRUE = new Set(['true', 'yes', 'ja', 'oui', '1'])
const FALSE = new Set(['false', 'no', 'nee', 'non', '0'])
const HOURS = /^([1-7])\s+(\d{2}:\d{2})\s*-\s*(\d{2}:\d{2})$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** `;` or `,`, whichever the header line uses more (Excel writes `;` in Belgian locales). */
export function detectDelimiter (text: string): ';' | ',' {
  const header = text.slice(0, text.search(/\r?\n|$/))
  const outside = header.replace(/"[^"]*"/g, '')
  return outside.split(';').length > outside.split(',').length ? ';' : ','
}

async function csvRows (db: Db, pieces: string[]): Promise<ImportFile> {
  let records: string[][]
  try {
    records = await csvRecords(pieces)
  } catch (err) {
    throw new BadRequest(`The CSV cannot be read: ${(err as CsvError).message}`)
  }
  const [head, ...body] = records
  if (!head || body.length === 0) throw new BadRequest('The CSV has no rows under its header')
  if (body.length > MAX_IMPORT_ROWS) throw new TooManyRows(body.length)
  const columns = head.map((c) => c.toLowerCase())
  // A header problem is reported with the rows' problems, and the rows are still checked: one dry run finds everything.
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c))
  const header: RowProblem[] = [
    ...columns.flatMap((c, i) => (CSV_COLUMNS.includes(c) ? [] : [{ row: 0, field: c, message: `column ${i + 1} '${c}' is not a column the import knows: rename it to one of the documented columns, or remove it` }])),
    ...columns.flatMap((c, i) => (columns.indexOf(c) < i ? [{ row: 0, field: c, message: `column ${i + 1} '${c}' appears twice: keep one of them (the first is read)` }] : [])),
    ...missing.map((c) => ({ row: 0, field: c, message: `the column '${c}' is missing: add it, with a value on every row` }))
  ]
  const read = columns.map((c, i) => CSV_COLUMNS.includes(c) && columns.indexOf(c) === i)
  const organisationIds = new Map<string, string | undefined>()
  const pause = slicer()
  const rows: Row[] = []
  for (const [index, record] of body.entries()) {
    await pause()
    const row = index + 1
    const problems: RowProblem[] = []
    if (record.length !== columns.length) {
      problems.push({ row, field: '', message: `has ${record.length} cells where the header has ${columns.length}: check for a missing or extra separator` })
    }
    const cells = new Map(columns.flatMap((c, i) => (read[i] ? [[c, record[i] ?? '']] : [])) as Array<[string, string]>)
    const candidate = csvCandidate(cells, (field, message) => problems.push({ row, field, message }))
    const organisation = cells.get('organisation_id') ?? ''
    if (organisation !== '' && !UUID.test(organisation)) {
      if (!organisationIds.has(organisation)) organisationIds.set(organisation, findOrganisationId(db, organisation))
      const id = organisationIds.get(organisation)
      if (id === undefined) problems.push({ row, field: 'organisation_id', message: `no organisation has the id or slug '${organisation}': use the id or slug of an existing organisation` })
      else candidate.organisation_id = id
    }
    rows.push({ candidate, problems, field: csvField })
  }
  return { rows, header, missing }
}

/** The create body a CSV row describes; empty cells are left out, so the create shape's defaults apply. */
function csvCandidate (cells: Map<string, string>, problem: (field: string, message: string) => void): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [column, value] of cells) {
    if (value === '') continue
    if (FREE_TEXT.has(column) && /^[=+\-@]/.test(value)) {
      problem(column, `starts with '${value[0]}': a spreadsheet could run it as a formula; remove the leading character`)
      continue
    }
    const localized = /^(.+)_(nl|fr|en)$/.exec(column)
    if (localized && LOCALIZED.includes(localized[1]!)) {
      out[localized[1]!] = { ...(out[localized[1]!] as object | undefined), [localized[2]!]: value }
    } else if (LISTS.includes(column)) {
      out[column] = value.split('|').map((v) => v.trim()).filter((v) => v !== '')
    } else if (NUMBERS.includes(column)) {
      if (/^-?\d+([.,]\d+)?$/.test(value)) out[column] = Number(value.replace(',', '.'))
      else problem(column, `'${value}' is not a number: write digits, like 12 or 2,5`)
    } else if (FLAGS.includes(column)) {
      const flag = value.toLowerCase()
      if (TRUE.has(flag) || FALSE.has(flag)) out[column] = TRUE.has(flag)
      else problem(column, `'${value}' is not yes or no: write ja, nee, yes, no, true or false`)
    } else if (CONTACT.includes(column)) {
      const contact = ((out.contacts as Array<Record<string, string>> | undefined) ?? [{}])[0]!
      contact[column.slice('contact_'.length)] = value
      out.contacts = [contact]
    } else if (column === 'opening_hours') {
      out.opening_hours = value.split('|').map((v) => v.trim()).filter((v) => v !== '').map((item) => {
        const match = HOURS.exec(item)
        if (!match) problem(column, `'${item}' is not a weekday (1 = Monday) with hours, like '1 09:00-17:00'`)
        return match ? { weekday: Number(match[1]), opens: match[2], closes: match[3] } : undefined
      }).filter((h) => h !== undefined)
    } else {
      out[column] = value
    }
  }
  return out
}

/** The CSV column a field path of the create shape comes from. */
function csvField (path: string): string {
  const [field = '', second, third] = path.split('/').slice(1)
  if (LOCALIZED.includes(field)) return `${field}_${second ?? 'nl'}`
  // A CSV row has one contact, so a contact's problem is always about one of its fields.
  if (field === 'contacts') return `contact_${third!}`
  return field
}

// ---------------------------------------------------------------- JSON

async function jsonRows (text: string): Promise<ImportFile> {
  let parsed: unknown
  try {
    parsed = await jsonArray(text) ?? JSON.parse(text)
  } catch (err) {
    throw new BadRequest(`The JSON cannot be read: ${(err as Error).message}`)
  }
  if (!Array.isArray(parsed)) throw new BadRequest('The JSON must be an array of offers in the create shape')
  if (parsed.length === 0) throw new BadRequest('The JSON array has no rows')
  if (parsed.length > MAX_IMPORT_ROWS) throw new TooManyRows(parsed.length)
  return { rows: parsed.map((candidate) => ({ candidate, problems: [], field: (path: string) => path })), header: [], missing: [] }
}

const QUOTE = 0x22
const BACKSLASH = 0x5c
const COMMA = 0x2c
const OPENING = new Set([0x5b, 0x7b])
const CLOSING = new Set([0x5d, 0x7d])

/**
 * A JSON array parsed an element at a time between turns of the event loop (JSON.parse of a file of 10,000 offers holds
 * it for tens of milliseconds). This only finds where each element of the array's top level starts and ends; each is
 * read by JSON.parse. Anything else (not an array, or a file it cannot cut cleanly) is undefined: JSON.parse of the
 * whole file then gives its value or its error.
 */
async function jsonArray (text: string): Promise<unknown[] | undefined> {
  const open = text.search(/\S/)
  if (text.charCodeAt(open) !== 0x5b) return undefined
  const elements: unknown[] = []
  const pause = slicer()
  let depth = 0
  let inString = false
  let start = open + 1
  for (let i = open; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === BACKSLASH) i++
      else if (c === QUOTE) inString = false
    } else if (c === QUOTE) {
      inString = true
    } else if (OPENING.has(c)) {
      depth++
    } else if ((c === COMMA && depth === 1) || (CLOSING.has(c) && --depth === 0)) {
      const element = text.slice(start, i)
      const last = c !== COMMA
      // Only `[]` has nothing between its brackets; anywhere else, nothing is no element, and JSON.parse says so.
      if (element.trim() !== '' || !last || elements.length > 0) {
        try {
          elements.push(JSON.parse(element))
        } catch {
          return undefined
        }
      }
      if (last) return text.slice(i + 1).trim() === '' ? elements : undefined
      start = i + 1
      await pause()
    }
  }
  return undefined
}

// ---------------------------------------------------------------- checking and writing

/** What to do with a file: how to read it, whether to write it, and as what and by whom. */
export type ImportJob = { format: ImportFormat, dryRun: boolean, publish: boolean, actor: Actor }

/**
 * Checks every row as the create endpoint would, plus duplicates within the file; writes only when asked and every row
 * is valid, once `mayWrite` lets it. Every check runs on every row, so one dry run reports all there is to change; a
 * later check does not repeat a field an earlier one already named (a cell that is not a number is not also "required").
 */
async function importOffers (db: Db, file: ImportFile, job: ImportJob, mayWrite: (rows: number) => Promise<void>): Promise<ImportReport> {
  const problems: RowProblem[] = [...file.header]
  const valid: Array<{ row: number, input: OfferInput }> = []
  const slugs = new Map<string, number>()
  const pause = slicer()
  // Checked between turns of the event loop; what changes meanwhile (a slug taken) the write's constraints still refuse (409).
  for (const [index, r] of file.rows.entries()) {
    await pause()
    const row = index + 1
    const rowProblems = [...r.problems]
    const named = new Set([...file.missing, ...r.problems.map((p) => p.field)])
    const report = (errors: FieldErrors['errors']) => {
      const fresh = errors.map((e) => ({ row, field: r.field(e.path), message: e.message })).filter((p) => !named.has(p.field))
      rowProblems.push(...fresh)
      for (const p of fresh) named.add(p.field)
    }
    report(serverFieldErrors(r.candidate))
    const parsed = OfferInput.safeParse(r.candidate)
    if (!parsed.success) report(plainIssues(parsed.error, r.candidate))
    const probe = referenceProbe(r.candidate)
    report(checkOfferReferences(db, probe).map((i) => ({ in: 'body', ...i })))
    if (probe.slug !== '') {
      const earlier = slugs.get(probe.slug)
      if (earlier !== undefined) report([{ in: 'body', path: '/slug', message: `'${probe.slug}' is also the slug of row ${earlier}: give each offer its own slug` }])
      else if (db.select({ id: offers.id }).from(offers).where(eq(offers.slug, probe.slug)).get()) {
        report([{ in: 'body', path: '/slug', message: `'${probe.slug}' is already the slug of an offer: choose another slug` }])
      }
      slugs.set(probe.slug, earlier ?? row)
    }
    if (parsed.success && job.publish && !named.has(r.field('/organisation_id'))) {
      report(offerIncomplete(db, parsed.data as unknown as OfferRecord, true).map((i) => ({ in: 'body', ...i })))
    }
    if (parsed.success && rowProblems.length === 0) valid.push({ row, input: parsed.data })
    problems.push(...rowProblems)
  }
  const invalid = file.rows.length - valid.length
  const write = !job.dryRun && problems.length === 0
  const ids = write ? await writeRows(db, valid.map((v) => v.input), job, mayWrite) : []
  return {
    dry_run: job.dryRun, format: job.format, publish: job.publish, rows: file.rows.length, valid: valid.length, invalid,
    created: ids.length, ids, problem_count: problems.length, problems: problems.slice(0, MAX_REPORTED_PROBLEMS)
  }
}

/** The row's codes and ids, as far as they have the right type, so references are checked even when other fields are wrong. */
function referenceProbe (candidate: unknown): OfferInput {
  const c = (typeof candidate === 'object' && candidate !== null && !Array.isArray(candidate) ? candidate : {}) as Record<string, unknown>
  const text = (v: unknown) => (typeof v === 'string' ? v : '')
  const list = (v: unknown) => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : [])
  const hours = Array.isArray(c.opening_hours) ? c.opening_hours.filter((h) => typeof h === 'object' && h !== null) : []
  return {
    slug: text(c.slug), organisation_id: text(c.organisation_id), care_type: text(c.care_type),
    roles: list(c.roles), referral_by: list(c.referral_by), target_groups: list(c.target_groups), languages: list(c.languages),
    service_area: list(c.service_area), location_ids: list(c.location_ids), opening_hours: hours
  } as OfferInput
}

const KINDS: Record<string, string> = { string: 'text', number: 'a number', int: 'a whole number', boolean: 'yes or no', array: 'a list', object: 'an object' }

/** zod's issues in a curator's words: what is wrong with the value and what to write instead. */
function plainIssues (error: z.ZodError, candidate: unknown): FieldErrors['errors'] {
  return error.issues.flatMap((issue) => {
    const errors = issueErrors(issue, 'body')
    if (issue.code === 'unrecognized_keys') return errors
    const e = errors[0]!
    const value = issue.path.reduce<unknown>((v, key) => (v as Record<PropertyKey, unknown> | undefined)?.[key as PropertyKey], candidate)
    // A report line stays short whatever the cell holds.
    const whole = typeof value === 'string' ? `'${value}'` : jsonStart(value, 60)
    const shown = whole.length > 60 ? `${whole.slice(0, 59)}…` : whole
    let message = issue.message
    if (issue.code === 'invalid_type') {
      /* c8 ignore next */ // why: KINDS has every type the create shape expects; the fallback keeps a new one readable
      const kind = KINDS[issue.expected] ?? issue.expected
      message = value === undefined ? 'is missing: fill it in' : `${shown} is not ${kind}`
    } else if (issue.code === 'invalid_value') {
      message = `${shown} is not one of: ${issue.values.join(', ')}`
    } else if (issue.code === 'invalid_format') {
      message = `${shown} is not ${issue.format === 'regex' ? issue.message : `a valid ${issue.format === 'email' ? 'e-mail address' : issue.format.toUpperCase()}`}`
    } else if (issue.code === 'too_big' || issue.code === 'too_small') {
      const limit = issue.code === 'too_big' ? `at most ${issue.maximum}` : `at least ${issue.minimum}`
      message = issue.origin === 'string' ? `is too ${issue.code === 'too_big' ? 'long' : 'short'}: ${limit} characters` : issue.origin === 'array' ? `${limit} items` : `must be ${limit}`
    }
    return [{ ...e, message }]
  })
}

/** The value as JSON, but only its first `max` or so characters: a value may nest deeper than the stack allows to walk whole. */
function jsonStart (value: unknown, max: number): string {
  let out = ''
  const walk = (v: unknown): void => {
    if (out.length > max) return
    if (typeof v !== 'object' || v === null) {
      out += String(JSON.stringify(v))
      return
    }
    const entries = Array.isArray(v) ? v.map((x) => ['', x] as const) : Object.entries(v).map(([k, x]) => [`${JSON.stringify(k)}:`, x] as const)
    out += Array.isArray(v) ? '[' : '{'
    entries.forEach(([key, x], i) => {
      out += `${i > 0 ? ',' : ''}${key}`
      walk(x)
    })
    out += Array.isArray(v) ? ']' : '}'
  }
  walk(value)
  return out
}

/** All rows in one transaction, through the one write path, once `mayWrite` lets them be written; their new ids, in row order. */
async function writeRows (db: Db, inputs: OfferInput[], { publish, actor }: ImportJob, mayWrite: (rows: number) => Promise<void>): Promise<string[]> {
  const rows = inputs.map((content) => ({ id: randomUUID(), content }))
  await mayWrite(rows.length)
  const at = new Date().toISOString()
  const meta: EntryMeta = { status: publish ? 'published' : 'draft', version: 1, created_at: at, updated_at: at, published_at: publish ? at : null, verified_at: null, verified_by: null }
  writeOfferEntries(db, rows.map(({ id, content }) => ({ id, content, meta, before: null })),
    { action: 'import', reason: publish ? 'published' : 'created', actor, at }, { checked: true })
  return rows.map((r) => r.id)
}

// ---------------------------------------------------------------- the importer's thread

/** The report's ids checked per step: a few milliseconds' work. */
const IDS_PIECE = 1000

/**
 * The report as JSON, checked against its schema as every answer is (http/serializer.ts), but its ids a piece at a time
 * between turns of the event loop: checking 10,000 ids in one go would hold it for tens of milliseconds.
 */
async function reportJson (report: ImportReport): Promise<string> {
  const pause = slicer()
  for (let at = 0; at < report.ids.length; at += IDS_PIECE) {
    ImportReport.shape.ids.parse(report.ids.slice(at, at + IDS_PIECE))
    await pause()
  }
  ImportReport.parse({ ...report, ids: [] })
  return JSON.stringify(report)
}

/** What the importer is handed: the file's text a piece a message, in the pieces it arrived in, then the job. */
type ImporterInput = string | ImportJob
/** An import's outcome: its report as checked JSON, and how many offers were written. */
export type ImportAnswer = { report: string, created: number }
/**
 * What the importer says: how many rows it is about to write (it then waits for 'write'), then its answer, or the
 * error's message and codes (problem.ts maps them).
 */
type ImporterMessage = { writing: number } | ImportAnswer | { error: { message: string, code?: string, statusCode?: number } }

/**
 * Reads, checks and (when asked, and every row is valid) writes the file in a worker thread with its own connection
 * to the database: the rows, their checks and the garbage they leave stay off this thread, whose event loop then only
 * waits for the answer. Only the write is guarded, for as long as it runs: this connection meanwhile writes nothing
 * (db/client.ts writingElsewhere: 503 at once). While the rows are checked, which takes seconds, other curators' writes
 * go on: the checks only read, and a slug taken meanwhile is refused by the write (409). The search index picks the
 * new offers up from the feed, as it does a change by another process. A database in memory cannot be opened by a
 * second thread: this thread serves its import the same way.
 */
export async function importFile (db: Db, pieces: string[], job: ImportJob, connection: OpenOptions): Promise<ImportAnswer> {
  // Its write would be refused anyway: said at once, not after the checks.
  if (!job.dryRun) refuseWhileWrittenElsewhere(db)
  const { port1: port, port2: importerPort } = new MessageChannel()
  const worker = db.$client.memory ? undefined : startWorker({ path: db.$client.name, connection, port: importerPort })
  if (worker === undefined) serveImport(importerPort, () => ({ db, release: () => undefined }))
  let writing!: (rows: number) => void
  const checked = new Promise<number>((resolve) => { writing = resolve })
  const done = new Promise<ImportAnswer>((resolve, reject) => {
    port.on('message', (message: ImporterMessage) => {
      if ('writing' in message) writing(message.writing)
      else if ('error' in message) reject(Object.assign(new Error(message.error.message), message.error))
      else resolve(message)
    })
    port.once('close', () => reject(new Error('The import stopped before it was done; nothing was written')))
    worker?.once('error', reject)
  })
  // Awaited below; the importer can fail before that, and that must not count as unhandled meanwhile.
  done.catch(() => undefined)
  try {
    // A piece a turn: copying the whole file to the other thread in one go holds the event loop for about 10 ms.
    for (const piece of pieces) {
      port.postMessage(piece satisfies ImporterInput)
      await nextTurn()
    }
    port.postMessage(job satisfies ImporterInput)
    const rows = await Promise.race([checked, done])
    if (typeof rows !== 'number') return rows
    const write = async () => {
      port.postMessage('write')
      return await done
    }
    // In memory the rows are written through this very connection, which writingElsewhere would refuse; nothing else
    // runs meanwhile anyway.
    if (worker === undefined) return await write()
    const answer = await writingElsewhere(db, `An import of ${rows} offers is being written; nothing else can be written until it is done: try again in a few seconds`, write)
    // The worker's connection closes before its merges are done: this one takes them on.
    mergeAfterAdding(db, answer.created)
    return answer
  } finally {
    port.close()
    await worker?.terminate()
  }
}

/** What the worker is started with: where the database is, how to open it, and the port the file comes through. */
export type WorkerStart = { path: string, connection: OpenOptions, port: MessagePort }

/** Under tsx (tests, development) the worker is the .ts source, run with tsx registered first; built, it is plain .js. */
function startWorker (start: WorkerStart): Worker {
  const options = { workerData: start, transferList: [start.port] }
  /* c8 ignore next */ // why: the built service only (dist/, plain JS, as `npm start` and the bench run it); tests run the sources
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./import-worker.js', import.meta.url), options)
  const source = new URL('./import-worker.ts', import.meta.url).href
  return new Worker(`import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}) })`, { ...options, eval: true })
}

/**
 * The importer's side (the worker thread's, or this thread's for a database in memory): takes the file and the job,
 * parses and checks the rows through its connection, asks before it writes, and answers once.
 */
export function serveImport (port: MessagePort, connect: () => { db: Db, release: () => void }): void {
  const pieces: string[] = []
  const mayWrite = async (rows: number) => {
    const allowed = new Promise((resolve) => port.once('message', resolve))
    port.postMessage({ writing: rows } satisfies ImporterMessage)
    await allowed
  }
  const receive = (input: ImporterInput) => {
    if (typeof input === 'string') {
      pieces.push(input)
    } else {
      port.off('message', receive)
      void run(input)
    }
  }
  const run = async (job: ImportJob) => {
    let answer: ImporterMessage
    try {
      const { db, release } = connect()
      try {
        const file = job.format === 'csv' ? await csvRows(db, pieces) : await jsonRows(pieces.join(''))
        const report = await importOffers(db, file, job, mayWrite)
        answer = { report: await reportJson(report), created: report.created }
      } finally {
        release()
      }
    } catch (err) {
      const { message, code, statusCode } = err as Error & { code?: string, statusCode?: number }
      answer = { error: { message, code, statusCode } }
    }
    port.postMessage(answer)
    port.close()
  }
  port.on('message', receive)
}
