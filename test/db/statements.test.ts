// Prepared statements mapped by the drizzle schema: the same rows and writes as drizzle's own queries.
import t from 'tap'
import { openDb } from '../../src/db/client.js'
import { loadReference } from '../../src/db/reference.js'
import { loadSample } from '../../src/datasets/sample.js'
import { locations, offers, organisations } from '../../src/db/schema.js'
import { selectRows, upsertRow } from '../../src/db/statements.js'

t.test('rows read and written as drizzle does', async (t) => {
  const db = openDb(':memory:')
  loadReference(db)
  loadSample(db)
  t.teardown(() => db.$client.close())
  for (const table of [offers, organisations, locations]) {
    t.strictSame(selectRows(db, table), db.select().from(table).all(), 'every row, JSON and booleans mapped')
  }
  const some = db.select().from(offers).limit(3).all()
  const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1)
  t.strictSame(selectRows(db, offers, 'id', some.map((o) => o.id)).sort(byId), some.sort(byId), 'rows by key')
  t.strictSame(selectRows(db, offers, 'id', []), [])

  const organisation = some[0]!.organisation_id
  const before = db.select().from(organisations).all().find((o) => o.id === organisation)!
  upsertRow(db, organisations, 'id', { ...before, phone: undefined, website: 'https://example.org/elders' })
  const after = db.select().from(organisations).all().find((o) => o.id === organisation)!
  t.strictSame(after, { ...before, website: 'https://example.org/elders' }, 'an update sets the given columns and keeps the others')
  t.ok(before.phone !== null)
  upsertRow(db, locations, 'id', { id: 'new-place', organisation_id: organisation, name: 'Nieuw', postcode: '9000', municipality_code: '44021', wheelchair_accessible: true, created_at: 'x', updated_at: 'x' })
  t.match(selectRows(db, locations, 'id', ['new-place'])[0], { name: 'Nieuw', wheelchair_accessible: true, status: 'draft', version: 1, latitude: null }, 'an insert takes the defaults')
})
