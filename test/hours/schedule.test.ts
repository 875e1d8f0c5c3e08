// Opening hours on Brussels wall-clock time: daylight-saving changes, public holidays, dated exceptions, 24/7 lines.
import t from 'tap'
import { addDays, brusselsInstant, localMoment, offsetMinutes } from '../../src/hours/brussels-time.js'
import { isPublicHoliday, publicHoliday, publicHolidays } from '../../src/hours/holidays.js'
import { nextOpen, openAt, type Schedule } from '../../src/hours/schedule.js'

const weekdays = (opens: string, closes: string) => [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens, closes }))
const schedule = (over: Partial<Schedule> = {}): Schedule => ({
  hours: weekdays('09:00', '17:00'), exceptions: [], always_open: false, open_on_holidays: false, temporarily_closed: false, ...over
})
const at = (iso: string) => localMoment(new Date(iso))

t.test('Brussels wall-clock time across the daylight-saving changes', async (t) => {
  t.strictSame(at('2026-03-29T00:30:00Z'), { date: '2026-03-29', weekday: 7, minutes: 90 }, '01:30 CET, before the change')
  t.strictSame(at('2026-03-29T01:30:00Z'), { date: '2026-03-29', weekday: 7, minutes: 210 }, '03:30 CEST: 02:00 became 03:00')
  t.strictSame(at('2026-10-25T00:30:00Z'), { date: '2026-10-25', weekday: 7, minutes: 150 }, '02:30 CEST, the first time')
  t.strictSame(at('2026-10-25T01:30:00Z'), { date: '2026-10-25', weekday: 7, minutes: 150 }, '02:30 CET, the second time')
  t.strictSame(at('2026-12-31T23:30:00Z'), { date: '2027-01-01', weekday: 5, minutes: 30 }, 'the local date, not the UTC one')
  t.equal(offsetMinutes(new Date('2026-01-15T12:00:00Z')), 60)
  t.equal(offsetMinutes(new Date('2026-07-15T12:00:00Z')), 120)
  t.equal(brusselsInstant('2026-03-27', 540), '2026-03-27T09:00:00+01:00')
  t.equal(brusselsInstant('2026-03-30', 540), '2026-03-30T09:00:00+02:00')
  t.equal(brusselsInstant('2026-10-26', 9 * 60 + 30), '2026-10-26T09:30:00+01:00')
  t.equal(brusselsInstant('2026-03-29', 150), '2026-03-29T02:30:00+01:00', 'a skipped time keeps the offset before the change')
  t.equal(new Date(brusselsInstant('2026-07-01', 0)).toISOString(), '2026-06-30T22:00:00.000Z')
  t.equal(addDays('2026-02-28', 1), '2026-03-01')
  t.equal(addDays('2028-02-28', 1), '2028-02-29')
})

t.test('weekly hours: open, closed, and when it opens next', async (t) => {
  const s = schedule({ hours: [...weekdays('09:00', '12:00'), { weekday: 3, opens: '13:00', closes: '16:00' }] })
  t.equal(openAt(s, at('2026-12-09T08:00:00Z'), isPublicHoliday), true, 'Wednesday 09:00 local: opens at that minute')
  t.equal(openAt(s, at('2026-12-09T11:00:00Z'), isPublicHoliday), false, 'Wednesday 12:00 local: closed at that minute')
  t.equal(nextOpen(s, at('2026-12-09T11:00:00Z'), isPublicHoliday), '2026-12-09T13:00:00+01:00', 'the afternoon block')
  t.equal(nextOpen(s, at('2026-12-09T15:30:00Z'), isPublicHoliday), '2026-12-10T09:00:00+01:00', 'tomorrow morning')
  t.equal(nextOpen(s, at('2026-12-11T12:00:00Z'), isPublicHoliday), '2026-12-14T09:00:00+01:00', 'Friday afternoon: Monday')
  t.equal(nextOpen(s, at('2026-12-09T08:30:00Z'), isPublicHoliday), null, 'open now: no next opening')
  t.equal(nextOpen(s, at('2026-12-09T07:59:00Z'), isPublicHoliday), '2026-12-09T09:00:00+01:00', 'before opening today')
  t.equal(nextOpen(s, at('2026-03-27T17:00:00Z'), isPublicHoliday), '2026-03-30T09:00:00+02:00', 'over the spring change: summer time')
  t.equal(openAt(s, at('2026-03-30T07:30:00Z'), isPublicHoliday), true, 'Monday 09:30 CEST')
  t.equal(openAt(s, at('2026-03-30T08:30:00Z'), isPublicHoliday), true, 'Monday 10:30 CEST')
  t.equal(openAt(s, at('2026-03-30T10:00:00Z'), isPublicHoliday), false, 'Monday 12:00 CEST, which is 11:00 CET')
})

t.test('public holidays close an offer unless it keeps its own hours', async (t) => {
  t.equal(publicHolidays().length, 120)
  t.strictSame(publicHoliday('2026-04-06'), { date: '2026-04-06', code: 'paasmaandag', name: { nl: 'Paasmaandag', fr: 'Lundi de Pâques', en: 'Easter Monday' } })
  t.equal(isPublicHoliday('2026-05-14'), true, 'Ascension 2026')
  t.equal(isPublicHoliday('2026-05-13'), false)
  const s = schedule()
  t.equal(openAt(s, at('2026-04-06T08:00:00Z'), isPublicHoliday), false, 'Easter Monday 10:00')
  t.equal(nextOpen(s, at('2026-04-03T16:00:00Z'), isPublicHoliday), '2026-04-07T09:00:00+02:00', 'Friday evening: Tuesday, after Easter Monday')
  const line = schedule({ open_on_holidays: true })
  t.equal(openAt(line, at('2026-04-06T08:00:00Z'), isPublicHoliday), true, 'a phone line keeps its own hours')
  const always = schedule({ hours: [], always_open: true })
  t.equal(openAt(always, at('2026-12-25T03:00:00Z'), isPublicHoliday), true, '24/7 on Christmas night')
  t.equal(nextOpen(always, at('2026-12-25T03:00:00Z'), isPublicHoliday), null)
})

t.test('dated exceptions: closed for a period, other hours for a period', async (t) => {
  const s = schedule({
    exceptions: [
      { from: '2026-12-24', to: '2027-01-03', closed: true },
      { from: '2026-07-01', to: '2026-08-31', closed: false, hours: [{ weekday: 2, opens: '10:00', closes: '12:00' }] },
      { from: '2026-04-06', to: '2026-04-06', closed: false, hours: [{ opens: '10:00', closes: '11:00' }] },
      { from: '2026-06-01', to: '2026-06-01', closed: false }
    ]
  })
  t.equal(openAt(s, at('2026-12-28T10:00:00Z'), isPublicHoliday), false, 'Christmas holidays')
  t.equal(nextOpen(s, at('2026-12-23T17:00:00Z'), isPublicHoliday), '2027-01-04T09:00:00+01:00', 'back after the closure')
  t.equal(openAt(s, at('2026-07-07T08:30:00Z'), isPublicHoliday), true, 'summer: Tuesday 10:30')
  t.equal(openAt(s, at('2026-07-08T08:30:00Z'), isPublicHoliday), false, 'summer: not on Wednesday')
  t.equal(openAt(s, at('2026-04-06T08:30:00Z'), isPublicHoliday), true, 'an exception opens it on a public holiday')
  t.equal(openAt(s, at('2026-06-01T08:30:00Z'), isPublicHoliday), false, 'an exception without hours: no hours that day')
  const away = schedule({ exceptions: [{ from: '2026-12-01', to: '2027-03-01', closed: true }] })
  t.equal(nextOpen(away, at('2026-12-10T10:00:00Z'), isPublicHoliday), null, 'not within the horizon')
})

t.test('nothing known, or temporarily closed', async (t) => {
  const unknown = schedule({ hours: [] })
  t.equal(openAt(unknown, at('2026-12-09T10:00:00Z'), isPublicHoliday), null)
  t.equal(nextOpen(unknown, at('2026-12-09T10:00:00Z'), isPublicHoliday), null)
  const closed = schedule({ temporarily_closed: true })
  t.equal(openAt(closed, at('2026-12-09T10:00:00Z'), isPublicHoliday), false)
  t.equal(nextOpen(closed, at('2026-12-09T10:00:00Z'), isPublicHoliday), null)
  t.equal(openAt(schedule({ hours: [], temporarily_closed: true }), at('2026-12-09T10:00:00Z'), isPublicHoliday), false, 'closed is known even without hours')
})
