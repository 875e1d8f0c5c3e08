// The shape of a care offer as curators write it, and the full record the directory keeps of it.
import { z } from 'zod'
import type { EntryMeta } from '../core/entry.js'
import { Email, Phone, Slug, sourceFields, Url, Uuid } from '../core/fields.js'
import { ACCEPTING_NEW, COST_TYPES, MODES, REFERRAL_TYPES, WAITING_TIMES } from '../db/schema.js'
import { LocalizedName, LocalizedNote, LocalizedText, noteText, plainText } from '../text/schemas.js'

export const Code = z.string().regex(/^[a-z0-9_]{1,60}$/, 'a lowercase code (a-z, 0-9, _)').max(60)
export const RegionCode = z.string().regex(/^(BE(-[A-Z]{3})?|elz-[a-z0-9-]{1,60}|\d{5})$/, 'a region code: BE, BE-VLG, elz-…, or a 5-digit NIS code').max(64)
  .meta({ id: 'RegionCode' })
export const Month = z.number().min(-120).max(240)
export const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM').max(5)

export const Mode = z.enum(MODES).meta({ id: 'Mode' })
export const CostType = z.enum(COST_TYPES).meta({ id: 'CostType' })
export const ReferralType = z.enum(REFERRAL_TYPES).meta({ id: 'ReferralType' })
export const WaitingTime = z.enum(WAITING_TIMES).meta({ id: 'WaitingTime' })
export const AcceptingNew = z.enum(ACCEPTING_NEW).meta({ id: 'AcceptingNew', description: 'Whether new families are taken: yes, no, or onto a waiting list' })
/** A calendar date, YYYY-MM-DD (a real one: 2026-02-30 is refused). */
export const LocalDate = z.iso.date().max(10)

const codeList = (max: number) => z.array(Code).max(max)

export const ContactInput = z.strictObject({
  name: plainText(200).optional(),
  title: LocalizedName.optional(),
  email: Email.optional(),
  phone: Phone.optional()
})

export const OpeningHoursInput = z.strictObject({
  weekday: z.int().min(1).max(7),
  opens: Time,
  closes: Time,
  location_id: Uuid.optional(),
  note: LocalizedNote.optional()
}).refine((h) => h.opens < h.closes, { message: 'opens must be before closes', path: ['closes'] })

/** A dated exception to the weekly hours: closed, or other hours every day of the period (local dates, inclusive). */
export const HoursExceptionInput = z.strictObject({
  from: LocalDate,
  to: LocalDate,
  closed: z.boolean(),
  opens: Time.optional(),
  closes: Time.optional(),
  note: LocalizedNote.optional()
}).superRefine((e, ctx) => {
  if (e.from > e.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must not be before from' })
  if (e.closed && (e.opens !== undefined || e.closes !== undefined)) {
    ctx.addIssue({ code: 'custom', path: ['opens'], message: 'a closed period has no hours: leave out opens and closes' })
  } else if (!e.closed && !(e.opens !== undefined && e.closes !== undefined && e.opens < e.closes)) {
    ctx.addIssue({ code: 'custom', path: ['closes'], message: 'other hours need opens and closes, opens before closes' })
  }
})

/** What a curator sends to create an offer (and, every field optional, to change one). */
export const OfferFields = z.strictObject({
  slug: Slug,
  organisation_id: Uuid,
  is_reference: z.boolean().default(false),
  name: LocalizedName,
  description: LocalizedText,
  care_type: Code,
  from_month: Month.nullable().default(null),
  to_month: Month.nullable().default(null),
  roles: codeList(30).default([]),
  target_groups: codeList(30).default([]),
  languages: codeList(30).default([]),
  modes: z.array(Mode).max(MODES.length).default([]),
  service_area: z.array(RegionCode).max(600).default([]),
  location_ids: z.array(Uuid).max(100).default([]),
  // null: not known (a starter entry whose sources do not say); never read as "free" or "no".
  cost_type: CostType.nullable(),
  cost_note: LocalizedNote.nullable().default(null),
  price_min_eur: z.number().min(0).max(100000).nullable().default(null),
  price_max_eur: z.number().min(0).max(100000).nullable().default(null),
  referral_type: ReferralType.nullable().default('none'),
  referral_by: codeList(30).default([]),
  referral_note: LocalizedNote.nullable().default(null),
  crisis_24_7: z.boolean().nullable().default(false),
  urgent_intake: z.boolean().nullable().default(false),
  crisis_note: LocalizedNote.nullable().default(null),
  baby_welcome: z.boolean().nullable().default(false),
  waiting_time: WaitingTime.nullable().default(null),
  interpreter_on_request: z.boolean().nullable().default(null),
  plain_language: z.boolean().nullable().default(null),
  anonymous_possible: z.boolean().nullable().default(null),
  no_residence_papers_ok: z.boolean().nullable().default(null),
  third_party_payment: z.boolean().nullable().default(null),
  first_session_free: z.boolean().nullable().default(null),
  website: Url.nullable().default(null),
  email: Email.nullable().default(null),
  phone: Phone.nullable().default(null),
  contacts: z.array(ContactInput).max(20).default([]),
  opening_hours: z.array(OpeningHoursInput).max(50).default([]),
  hours_exceptions: z.array(HoursExceptionInput).max(100).default([]),
  always_open: z.boolean().default(false).meta({ description: 'Open around the clock (a 24/7 line): no hours needed, holidays do not close it' }),
  open_on_holidays: z.boolean().default(false).meta({ description: 'Keeps its usual hours on public holidays (helplines)' }),
  temporarily_closed: z.boolean().default(false).meta({ description: 'Closed until further notice: still listed, shown as closed' }),
  alert: LocalizedNote.nullable().default(null).meta({ description: 'A temporary notice shown with the offer (moved, closed for works, …)' }),
  alert_until: LocalDate.nullable().default(null).meta({ description: 'The last day the alert is shown; null: until it is removed' }),
  first_step: LocalizedNote.nullable().default(null).meta({ description: 'What a family does first: "bel voor een intakegesprek"; null: not known' }),
  first_step_contact_index: z.int().min(0).max(19).nullable().default(null).meta({ description: 'The contact (position in `contacts`) the first step goes through; null: the offer\'s own phone, e-mail or website' }),
  accepting_new: AcceptingNew.nullable().default(null).meta({ description: 'null: not known' }),
  accepting_new_wait_weeks: z.int().min(0).max(520).nullable().default(null).meta({ description: 'Indicative wait in weeks; null: not known' }),
  accepting_new_confirmed_at: LocalDate.nullable().default(null).meta({ description: 'When accepting_new was last confirmed' }),
  ...sourceFields,
  internal_note: noteText(4000).nullable().default(null)
})

const checkRanges = <T extends { from_month?: number | null, to_month?: number | null, price_min_eur?: number | null, price_max_eur?: number | null, first_step_contact_index?: number | null, contacts: unknown[] }>(o: T, ctx: z.RefinementCtx) => {
  if (o.first_step_contact_index != null && o.first_step_contact_index >= o.contacts.length) {
    ctx.addIssue({ code: 'custom', path: ['first_step_contact_index'], message: 'must be the position of one of the offer\'s contacts (0 is the first)' })
  }
  if (o.from_month != null && o.to_month != null && o.from_month > o.to_month) {
    ctx.addIssue({ code: 'custom', path: ['to_month'], message: 'to_month must not be before from_month' })
  }
  if (o.price_min_eur != null && o.price_max_eur != null && o.price_min_eur > o.price_max_eur) {
    ctx.addIssue({ code: 'custom', path: ['price_max_eur'], message: 'price_max_eur must not be below price_min_eur' })
  }
}

export const OfferInput = OfferFields.superRefine(checkRanges).meta({ id: 'OfferInput' })
export type OfferInput = z.output<typeof OfferInput>

/** Everything the directory stores about an offer, text in every language; the source of every public view. */
export type OfferRecord = Omit<OfferInput, 'contacts' | 'opening_hours' | 'hours_exceptions'> & EntryMeta & {
  id: string
  contacts: Array<z.output<typeof ContactInput> & { id: string }>
  opening_hours: Array<z.output<typeof OpeningHoursInput>>
  hours_exceptions: Array<z.output<typeof HoursExceptionInput>>
}
