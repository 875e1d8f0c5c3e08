// What a family needs to take the first step with an offer: the contact to use, whether new families are taken, a
// current alert, and whether it is open at a moment. Pure: the caller reads the facts and picks the texts.
import type { LocalizedText } from '../db/schema.js'
import { isPublicHoliday } from '../hours/holidays.js'
import { type LocalMoment } from '../hours/brussels-time.js'
import { nextOpen, openAt, type Schedule } from '../hours/schedule.js'
import { ACCEPTING_NEW_LABELS } from '../taxonomies/code-lists.js'
import type { ContentLang } from '../text/schemas.js'

type Reachable = { phone?: string | null | undefined, email?: string | null | undefined, website?: string | null | undefined }
export type FirstStepFacts = Reachable & {
  first_step_contact_index: number | null
  contacts: Array<{ name?: string | null | undefined, phone?: string | null | undefined, email?: string | null | undefined }>
  accepting_new: keyof typeof ACCEPTING_NEW_LABELS | null
  accepting_new_wait_weeks: number | null
  accepting_new_confirmed_at: string | null
  alert: LocalizedText | null
  alert_until: string | null
}
export type Contact = { name: string | null, phone: string | null, email: string | null, website: string | null }

const contactOf = (name: string | null, c: Reachable): Contact =>
  ({ name, phone: c.phone ?? null, email: c.email ?? null, website: c.website ?? null })
const reachable = (c: Reachable) => c.phone != null || c.email != null || c.website != null

/**
 * The contact to use first: the first-step contact when one is named, else the offer's own (its first contact with a
 * phone or e-mail, or its phone, e-mail and website), else the organisation's; null when nothing is known.
 */
export function firstContact (offer: FirstStepFacts, organisation: () => Reachable & { name: string }): Contact | null {
  const named = offer.first_step_contact_index === null ? undefined : offer.contacts[offer.first_step_contact_index]
  if (named !== undefined) return contactOf(named.name ?? null, { phone: named.phone, email: named.email, website: offer.website })
  const own = offer.contacts.find((c) => c.phone != null || c.email != null)
  if (own !== undefined) return contactOf(own.name ?? null, { phone: own.phone, email: own.email, website: offer.website })
  if (reachable(offer)) return contactOf(null, offer)
  const org = organisation()
  return reachable(org) ? contactOf(org.name, org) : null
}

export function acceptingNew (offer: FirstStepFacts, lang: ContentLang) {
  return offer.accepting_new === null
    ? null
    : { code: offer.accepting_new, label: ACCEPTING_NEW_LABELS[offer.accepting_new][lang], wait_weeks: offer.accepting_new_wait_weeks, confirmed_at: offer.accepting_new_confirmed_at }
}

/** The alert while it is current: through its `until` day (a Brussels date), or until removed when it has none. */
export function currentAlert (offer: FirstStepFacts, today: string): { text: LocalizedText, until: string | null } | null {
  return offer.alert === null || (offer.alert_until !== null && offer.alert_until < today) ? null : { text: offer.alert, until: offer.alert_until }
}

/** open_now and next_open at a moment; both null when nothing is known of the hours. */
export function openState (schedule: Schedule | null, moment: LocalMoment): { open_now: boolean | null, next_open: string | null } {
  if (schedule === null) return { open_now: null, next_open: null }
  const open = openAt(schedule, moment, isPublicHoliday)
  return { open_now: open, next_open: open === false ? nextOpen(schedule, moment, isPublicHoliday) : null }
}
