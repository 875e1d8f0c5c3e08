// Prepared statements for the store functions' hot paths, with rows mapped by the drizzle schema. On these machines
// building a query with drizzle's query builder costs 0.2-0.3 ms, ten times running it: too much for bulk loads.
import type Database from 'better-sqlite3'
import { getTableColumns, getTableName } from 'drizzle-orm'
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core'
import type { Db } from './client.js'

const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>()

/** A statement prepared once per connection. */
export function prepared (db: Db, sql: string): Database.Statement {
  let cache = statements.get(db.$client)
  if (cache === undefined) statements.set(db.$client, cache = new Map())
  let statement = cache.get(sql)
  if (statement === undefined) cache.set(sql, statement = db.$client.prepare(sql))
  return statement
}

type Column = { property: string, name: string, toDriver: (value: unknown) => unknown, fromDriver: ((value: unknown) => unknown) | null }
const columnLists = new WeakMap<SQLiteTable, Column[]>()
/** Column types whose values SQLite stores and returns as they are; the others (JSON, booleans) need drizzle's mapping. */
const PLAIN = new Set(['SQLiteText', 'SQLiteReal', 'SQLiteInteger'])

function columnsOf (table: SQLiteTable): Column[] {
  let columns = columnLists.get(table)
  if (columns === undefined) {
    columns = Object.entries(getTableColumns(table)).map(([property, c]: [string, SQLiteColumn]) => ({
      property, name: c.name, toDriver: (v: unknown) => c.mapToDriverValue(v), fromDriver: PLAIN.has(c.columnType) ? null : (v: unknown) => c.mapFromDriverValue(v)
    }))
    columnLists.set(table, columns)
  }
  return columns
}

/**
 * Inserts a row, or updates every given column of the row with the same key: what
 * `db.insert(table).values(row).onConflictDoUpdate({ target: key, set: row })` does, each value mapped as drizzle maps it
 * (JSON as text, booleans as integers); columns left undefined keep their default or stored value.
 */
export function upsertRow (db: Db, table: SQLiteTable, key: string, row: Record<string, unknown>): void {
  const all = columnsOf(table)
  let present = ''
  for (const c of all) present += row[c.property] === undefined ? '0' : '1'
  let forms = upserts.get(table)
  if (forms === undefined) upserts.set(table, forms = new Map())
  let form = forms.get(present)
  if (form === undefined) {
    const columns = all.filter((c) => row[c.property] !== undefined)
    const names = columns.map((c) => `"${c.name}"`)
    const sql = `INSERT INTO "${getTableName(table)}" (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')}) ` +
      `ON CONFLICT ("${key}") DO UPDATE SET ${names.filter((n) => n !== `"${key}"`).map((n) => `${n} = excluded.${n}`).join(', ')}`
    forms.set(present, form = { sql, columns })
  }
  prepared(db, form.sql).run(form.columns.map((c) => (row[c.property] === null ? null : c.toDriver(row[c.property]))))
}

/** The upsert statement of a table for each set of given columns (usually one). */
const upserts = new WeakMap<SQLiteTable, Map<string, { sql: string, columns: Column[] }>>()

/** Rows as `db.select().from(table)` gives them: every row, or those whose `column` is one of `values` (in chunks of 500). */
export function selectRows<T extends SQLiteTable> (db: Db, table: T, column?: string, values?: readonly unknown[]): Array<T['$inferSelect']> {
  const columns = columnsOf(table)
  const base = `SELECT ${columns.map((c) => `"${c.name}"`).join(', ')} FROM "${getTableName(table)}"`
  const map = (raw: unknown[]) => {
    const row: Record<string, unknown> = {}
    for (let i = 0; i < columns.length; i++) {
      const c = columns[i]!
      const value = raw[i]
      row[c.property] = value === null || c.fromDriver === null ? value : c.fromDriver(value)
    }
    return row as T['$inferSelect']
  }
  if (column === undefined || values === undefined) return (prepared(db, base).raw().all() as unknown[][]).map(map)
  const rows: Array<T['$inferSelect']> = []
  for (let i = 0; i < values.length; i += 500) {
    const part = values.slice(i, i + 500)
    const statement = prepared(db, `${base} WHERE "${column}" IN (${part.map(() => '?').join(', ')})`).raw()
    for (const raw of statement.all(...part) as unknown[][]) rows.push(map(raw))
  }
  return rows
}
