// Reads the taxonomies in their display order and shapes them for one content language.
import { and, asc, count, eq } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import { care_types, languages, offer_roles, offers, organisations, phases, roles, target_groups } from '../db/schema.js'
import { type ContentLang, pickText } from '../text/schemas.js'

type Text = { nl: string, fr?: string | undefined, en?: string | undefined }
const labels = (t: Text) => ({ nl: t.nl, fr: t.fr ?? t.nl, en: t.en ?? t.nl })
const text = (t: Text | null, lang: ContentLang) => (t ? pickText(t, lang) : null)

export const listPhases = (db: Db, lang: ContentLang) =>
  db.select().from(phases).orderBy(asc(phases.sort_order)).all().map(({ sort_order: _s, ...p }) => ({
    ...p, label: pickText(p.label, lang), labels: labels(p.label), description: text(p.description, lang)
  }))

export const listCareTypes = (db: Db, lang: ContentLang) =>
  db.select().from(care_types).orderBy(asc(care_types.sort_order)).all().map(({ sort_order: _s, ...c }) => ({
    ...c, label: pickText(c.label, lang), labels: labels(c.label), description: text(c.description, lang)
  }))

type RoleRow = typeof roles.$inferSelect
const shapeRole = ({ sort_order: _s, synonyms: _syn, ...r }: RoleRow, lang: ContentLang) => ({
  ...r, label: pickText(r.label, lang), labels: labels(r.label), description: text(r.description, lang), setting: text(r.setting, lang)
})

export const listRoles = (db: Db, lang: ContentLang) =>
  db.select().from(roles).orderBy(asc(roles.sort_order)).all().map((r) => shapeRole(r, lang))

export function getRole (db: Db, code: string, lang: ContentLang) {
  const role = db.select().from(roles).where(eq(roles.code, code)).get()
  if (!role) return undefined
  const offerCount = db.select({ n: count() }).from(offer_roles)
    .innerJoin(offers, eq(offers.id, offer_roles.offer_id))
    .innerJoin(organisations, eq(organisations.id, offers.organisation_id))
    .where(and(eq(offer_roles.role_code, code), eq(offers.status, 'published'), eq(organisations.status, 'published'))).get()!.n
  return { ...shapeRole(role, lang), offer_count: offerCount }
}

export const listTargetGroups = (db: Db, lang: ContentLang) =>
  db.select().from(target_groups).orderBy(asc(target_groups.sort_order)).all()
    .map((t) => ({ code: t.code, label: pickText(t.label, lang), labels: labels(t.label) }))

export const listLanguages = (db: Db, lang: ContentLang) =>
  db.select().from(languages).orderBy(asc(languages.sort_order)).all()
    .map((l) => ({ code: l.code, label: pickText(l.label, lang), labels: labels(l.label) }))
