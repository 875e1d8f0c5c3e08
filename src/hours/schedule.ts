// When an offer is open: weekly hours, dated exceptions and public holidays, evaluated on Brussels wall-clock time.
// Pure functions: the caller passes the moment (src/hours/brussels-time.ts) and the holidays.
import { addDays, brusselsInstant, type LocalMoment, weekdayOf } from './brussels-time.js'

export type Hours = { weekday: number, opens: string, closes: string }
/** A dated exception: closed over a period, or other hours over it, the same every day of the period. */
export type Exception = { from: string, to: string, closed: boolean, hours?: Array<{ opens: string, closes: string }> | undefined }

export type Schedule = {
  hours: readonly Hours[]
  exceptions: readonly Exception[]
  /** Open around the clock (a 24/7 helpline): no hours needed, holidays do not close it. */
  always_open: boolean
  /** Open on public holidays too, with its usual hours (helplines keep their own hours). */
  open_on_holidays: boolean
  /** Closed until further notice, whatever the hours say. */
  temporarily_closed: boolean
}

/** How far ahead `nextOpen` looks. */
export const HORIZON_DAYS = 14

const toMinutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5))

/** Whether anything is known of when the offer is open: without hours or a 24/7 flag, open_now is "not known" (null). */
export function hasHours (s: Schedule): boolean {
  return s.always_open || s.temporarily_closed || s.hours.length > 0
}

/** The opening intervals of one local date, in minutes since midnight, earliest first. */
export function intervalsOn (s: Schedule, date: string, isHoliday: (date: string) => boolean): Array<[number, number]> {
  if (s.temporarily_closed) return []
  const weekday = weekdayOf(date)
  const exception = s.exceptions.find((e) => e.from <= date && date <= e.to)
  let hours: ReadonlyArray<{ opens: string, closes: string }>
  if (exception) {
    if (exception.closed) return []
    // Other hours, the same every day of the period: the input schema requires them on an exception that is not closed.
    hours = exception.hours!
  } else if (s.always_open) {
    return [[0, 24 * 60]]
  } else if (isHoliday(date) && !s.open_on_holidays) {
    return []
  } else {
    hours = s.hours.filter((h) => h.weekday === weekday)
  }
  return hours.map((h): [number, number] => [toMinutes(h.opens), toMinutes(h.closes)]).sort((a, b) => a[0] - b[0])
}

/** Open at this moment; null when nothing is known of its hours. */
export function openAt (s: Schedule, moment: LocalMoment, isHoliday: (date: string) => boolean): boolean | null {
  if (!hasHours(s)) return null
  return intervalsOn(s, moment.date, isHoliday).some(([from, to]) => from <= moment.minutes && moment.minutes < to)
}

/**
 * When it next opens after this moment (ISO 8601 with the Brussels offset), looking HORIZON_DAYS ahead; null when it is
 * open now, when nothing is known, or when it does not open in that time.
 */
export function nextOpen (s: Schedule, moment: LocalMoment, isHoliday: (date: string) => boolean): string | null {
  if (openAt(s, moment, isHoliday) !== false) return null
  for (let day = 0; day <= HORIZON_DAYS; day++) {
    const date = addDays(moment.date, day)
    const start = intervalsOn(s, date, isHoliday).find(([from]) => day > 0 || from > moment.minutes)
    if (start) return brusselsInstant(date, start[0])
  }
  return null
}
