// Wall-clock time in Europe/Brussels, via Intl (the tz database), so daylight-saving changes come out right.
const ZONE = 'Europe/Brussels'
const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 }
const FORMAT = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE, hourCycle: 'h23', weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit'
})

/** A moment as a clock on a wall in Brussels shows it. */
export type LocalMoment = {
  /** The local date, YYYY-MM-DD. */
  date: string
  /** ISO weekday, 1 = Monday. */
  weekday: number
  /** Minutes since local midnight. */
  minutes: number
}

type Wall = { date: string, weekday: number, minutes: number, seconds: number }

/**
 * The last second read: a page reads the clock twice (now, and the moment asked for), and so do the next requests of
 * that second. Each read was an Intl formatToParts, about 2 % of a one-box search's server CPU (CPU profile under wrk).
 */
let lastWall: { second: number, wall: Wall } = { second: NaN, wall: { date: '', weekday: 0, minutes: 0, seconds: 0 } }

function wall (instant: Date): Wall {
  const second = Math.floor(instant.getTime() / 1000)
  if (second !== lastWall.second) lastWall = { second, wall: formatWall(instant) }
  return lastWall.wall
}

function formatWall (instant: Date): Wall {
  const p: Record<string, string> = {}
  for (const part of FORMAT.formatToParts(instant)) p[part.type] = part.value
  return {
    date: `${p.year}-${p.month}-${p.day}`, weekday: WEEKDAYS[p.weekday!]!,
    minutes: Number(p.hour) * 60 + Number(p.minute), seconds: Number(p.second)
  }
}

export function localMoment (instant: Date): LocalMoment {
  const { date, weekday, minutes } = wall(instant)
  return { date, weekday, minutes }
}

/** Brussels' offset from UTC at this instant, in minutes (60 in winter, 120 in summer). */
export function offsetMinutes (instant: Date): number {
  const w = wall(instant)
  const asUtc = Date.parse(`${w.date}T00:00:00Z`) + w.minutes * 60_000 + w.seconds * 1000
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000)
}

/**
 * The instant a Brussels wall clock shows `minutes` after midnight of `date`, as ISO 8601 with its offset
 * ("2026-03-30T09:00:00+02:00"). A time the clock skips (02:30 on the last Sunday of March) is read with the offset before the change.
 */
export function brusselsInstant (date: string, minutes: number): string {
  const naive = Date.parse(`${date}T00:00:00Z`) + minutes * 60_000
  // The offset at the naive instant, then at the corrected one: both agree except within an hour of a change.
  const first = offsetMinutes(new Date(naive - 60 * 60_000))
  const offset = offsetMinutes(new Date(naive - first * 60_000))
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0')
  const mm = String(minutes % 60).padStart(2, '0')
  // Brussels is always ahead of UTC, by whole hours.
  return `${date}T${hh}:${mm}:00+${String(offset / 60).padStart(2, '0')}:00`
}

/** The local date `days` after `date` (calendar arithmetic, no time zone involved). */
export const addDays = (date: string, days: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
