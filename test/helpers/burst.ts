// Writes through the real curation API of a running service, one at a time or as concurrent bursts, remembering which it acknowledged.
import { randomUUID } from 'node:crypto'
import { openDb } from '../../src/db/client.js'
import { offerEntity } from '../../src/entries/offer.js'
import { loadOfferRecords } from '../../src/offers/store.js'
import { adminKey } from './server.js'

export type Write = { headers: Record<string, string>, body: () => string }

/** The route every fault test writes through. */
export const WRITE_PATH = '/v1/admin/offers'

/**
 * `POST /v1/admin/offers` with an admin key issued in the database file (before the service starts on it) and, each
 * time, a fresh slug on the sample offer with the largest service area plus contacts and opening hours: one create
 * writes some 55 rows across 12 tables (offer, links, contacts, hours, search row, revision, audit) in one transaction.
 */
export function offerWrite (file: string): Write & { content: Record<string, unknown> } {
  const key = adminKey(file)
  const db = openDb(file)
  try {
    const template = loadOfferRecords(db).sort((a, b) => b.service_area.length - a.service_area.length)[0]!
    const content = {
      ...offerEntity.content(template),
      contacts: [{ name: 'Intake', email: 'intake@example.org' }, { name: 'Onthaal', phone: '+32 3 123 45 67' }],
      opening_hours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '09:00', closes: '17:00' }))
    }
    return {
      content,
      headers: { 'x-api-key': key, 'content-type': 'application/json' },
      body: () => JSON.stringify({ ...content, slug: `copy-${randomUUID()}` })
    }
  } finally {
    db.$client.close()
  }
}

/** One write; its answer. */
export function post (base: string, write: Write): Promise<Response> {
  return fetch(`${base}${WRITE_PATH}`, { method: 'POST', headers: write.headers, body: write.body() })
}

export type Burst = {
  /** Ids the service answered 201 for, in order of acknowledgement. */
  acknowledged: string[]
  /** Answers other than 201 (by status; 0 = the connection failed). */
  failures: Record<number, number>
  /** Stops the writers; resolves when all have stopped. */
  stop: () => Promise<void>
}

/** `writers` loops, each writing until stopped (or until the server goes away). */
export function burst (base: string, write: Write, writers = 8): Burst {
  const acknowledged: string[] = []
  const failures: Record<number, number> = {}
  let running = true
  const loop = async () => {
    while (running) {
      try {
        const res = await post(base, write)
        if (res.status === 201) acknowledged.push(((await res.json()) as { id: string }).id)
        else {
          failures[res.status] = (failures[res.status] ?? 0) + 1
          await res.arrayBuffer()
        }
      } catch {
        failures[0] = (failures[0] ?? 0) + 1
        return
      }
    }
  }
  const loops = Array.from({ length: writers }, loop)
  return { acknowledged, failures, stop: async () => { running = false; await Promise.all(loops) } }
}
