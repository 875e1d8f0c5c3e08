// Queries over the region reference: regions, their ancestors and children, aliases and postcodes.
import { and, asc, eq, inArray, like, or, sql } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import { postcodes, region_aliases, region_ancestors, regions } from '../db/schema.js'

export type Region = typeof regions.$inferSelect
export type RegionAliasRow = typeof region_aliases.$inferSelect

export function getRegion (db: Db, code: string): Region | undefined {
  return db.select().from(regions).where(eq(regions.code, code)).get()
}

/** A current code, or an old NIS code of a merged municipality resolved to the current one. */
export function resolveRegionCode (db: Db, code: string): string | undefined {
  if (getRegion(db, code)) return code
  return db.select({ code: region_aliases.region_code }).from(region_aliases).where(eq(region_aliases.alias, code)).get()?.code
}

export function listAliases (db: Db, code: string) {
  return db.select().from(region_aliases).where(eq(region_aliases.region_code, code)).orderBy(asc(region_aliases.alias)).all()
}

/** Ancestors from the country down, each with whether the region lies only partly in it. */
export function listAncestors (db: Db, code: string) {
  return db.select({ region: regions, partial: region_ancestors.partial }).from(region_ancestors)
    .innerJoin(regions, eq(regions.code, region_ancestors.ancestor_code))
    .where(eq(region_ancestors.region_code, code)).all()
    .sort((a, b) => levelRank(a.region.level) - levelRank(b.region.level))
}

/** The regions directly below: descendants with no other descendant in between (partial members included). */
export function listChildren (db: Db, code: string) {
  return db.select({ region: regions, partial: region_ancestors.partial }).from(region_ancestors)
    .innerJoin(regions, eq(regions.code, region_ancestors.region_code))
    .where(and(
      eq(region_ancestors.ancestor_code, code),
      sql`NOT EXISTS (SELECT 1 FROM region_ancestors mid JOIN region_ancestors up ON up.region_code = mid.ancestor_code
        WHERE mid.region_code = ${region_ancestors.region_code} AND up.ancestor_code = ${code})`
    ))
    .orderBy(asc(regions.name_nl)).all()
}

export type RegionFilter = { level?: string | undefined, within?: string | undefined, q?: string | undefined }

export function searchRegions (db: Db, f: RegionFilter, limit: number, offset: number): { total: number, rows: Region[] } {
  const conditions = [
    f.level ? eq(regions.level, f.level as Region['level']) : undefined,
    f.within ? inArray(regions.code, db.select({ c: region_ancestors.region_code }).from(region_ancestors).where(eq(region_ancestors.ancestor_code, f.within))) : undefined,
    f.q ? textMatch(db, f.q) : undefined
  ]
  const where = and(...conditions)
  const total = db.select({ n: sql<number>`count(*)` }).from(regions).where(where).get()!.n
  const rows = db.select().from(regions).where(where)
    .orderBy(sql`CASE ${regions.level} ${sql.raw(LEVELS.map((l, i) => `WHEN '${l}' THEN ${i}`).join(' '))} END`, asc(regions.name_nl))
    .limit(limit).offset(offset).all()
  return { total, rows }
}

/** Autocomplete: a prefix of the nl or fr name, of a postcode, or of an old municipality name. */
function textMatch (db: Db, q: string) {
  const prefix = `${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
  const likeEsc = (column: any) => sql`${column} LIKE ${prefix} ESCAPE '\\'`
  return or(
    likeEsc(regions.name_nl), likeEsc(regions.name_fr), likeEsc(regions.code),
    inArray(regions.code, db.select({ c: postcodes.municipality_code }).from(postcodes).where(or(like(postcodes.postcode, prefix), likeEsc(postcodes.place_name)))),
    inArray(regions.code, db.select({ c: region_aliases.region_code }).from(region_aliases).where(or(likeEsc(region_aliases.name_nl), likeEsc(region_aliases.name_fr))))
  )
}

export function listPostcodeRows (db: Db, postcode: string) {
  return db.select().from(postcodes).where(eq(postcodes.postcode, postcode)).orderBy(asc(postcodes.place_name)).all()
}

export function listMunicipalityPostcodes (db: Db, municipality: string) {
  return db.select().from(postcodes).where(eq(postcodes.municipality_code, municipality))
    .orderBy(asc(postcodes.postcode), asc(postcodes.place_name)).all()
}

export function getRegions (db: Db, codes: string[]): Map<string, Region> {
  if (codes.length === 0) return new Map()
  return new Map(db.select().from(regions).where(inArray(regions.code, codes)).all().map((r) => [r.code, r]))
}

export const LEVELS = ['country', 'gewest', 'province', 'eerstelijnszone', 'municipality'] as const
export const levelRank = (level: string) => (LEVELS as readonly string[]).indexOf(level)
