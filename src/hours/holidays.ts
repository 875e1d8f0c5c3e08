// Belgian public holidays (the ten legal ones), read once from seed/reference/public-holidays.json.
import { readFileSync } from 'node:fs'
import type { LocalizedText } from '../db/schema.js'

type Holiday = { date: string, code: string, name: LocalizedText }

const HOLIDAYS: readonly Holiday[] = JSON.parse(readFileSync(new URL('../../seed/reference/public-holidays.json', import.meta.url), 'utf8'))
const BY_DATE = new Map(HOLIDAYS.map((h) => [h.date, h]))

export const isPublicHoliday = (date: string): boolean => BY_DATE.has(date)
