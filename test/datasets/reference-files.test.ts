// The region reference files are checked as a whole before any of them loads; the report names file, row, field and fix.
import { appendFileSync, cpSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import t from 'tap'
import { openDb } from '../../src/db/client.js'
import { loadReference } from '../../src/db/reference.js'
import { checkDirectoryFile, checkRegionFiles, InvalidDataFile, type ReferenceCodes, type RegionFiles } from '../../src/db/data-files.js'

const count = (db: ReturnType<typeof openDb>, table: string) => (db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n

t.test('an invalid region file is reported in full and loads nothing', async (t) => {
  const dir = t.testdir()
  cpSync('seed', dir, { recursive: true })
  const regions = `${dir}/reference/regions/`
  appendFileSync(`${regions}municipalities.csv`, [
    '1100,Nergens,Nulle part,Nergens,Nulle part,11000,VAN,Antwerpen,flanders,2025-01-01,51.1,4.4,1',
    '99999,Elders,Ailleurs,Elders,Ailleurs,11000,VXX,Antwerpen,mars,2025-01-01,0,0,1'
  ].join('\r\n') + '\r\n')
  appendFileSync(`${regions}postcodes.csv`, ['ABCD,Nergens,11002,51.2,4.4,test', '2999,Elders,12345,0,0,test'].join('\r\n') + '\r\n')
  appendFileSync(`${regions}eerstelijnszones.csv`, [
    'ELZ Nieuw,Nieuw,VAN,11002,Antwerpen,partial,2000;2999,sure,,',
    'elz-nieuw,Nieuw,VAN,12345,Nergens,half,,high,,',
    'elz-nieuw,Nieuw,VLI,11001,Aartselaar,whole,,high,,'
  ].join('\r\n') + '\r\n')
  appendFileSync(`${regions}municipality_aliases.csv`, ['11001,Aartselaar,Aartselaar,11002,2025-01-01,merger,11002', '11998,Oud,Vieux,11999,2025-01-01,merger,11999'].join('\r\n') + '\r\n')
  appendFileSync(`${regions}renamed_codes.csv`, 'elz-brussel,elz-nergens,Brussel,Bruxelles,1 januari,\n')

  const db = openDb(':memory:')
  t.teardown(() => db.$client.close())
  const error = (() => { try { loadReference(db, { dir: pathToFileURL(`${dir}/`) }) } catch (err) { return err } })()
  t.ok(error instanceof InvalidDataFile, String(error))
  const findings = (error as InvalidDataFile).findings.map((f) => `${f.file.replace('seed/reference/regions/', '')} | ${f.entry} | ${f.field} | ${f.problem}`)
  t.strictSame(findings, [
    "municipalities.csv | row 567 (Nergens) | nis_code | '1100' is not a NIS code: write the 5 digits of Statbel's code",
    "municipalities.csv | row 568 (Elders) | province_code | 'VXX' is not a province code; did you mean 'VAN'?",
    "municipalities.csv | row 568 (Elders) | region | 'mars' is not a gewest of region-levels.json; did you mean 'flanders'?",
    'municipalities.csv | row 568 (Elders) | latitude/longitude | the position is not in Belgium: write decimal degrees (latitude about 49.5-51.5, longitude 2.5-6.4)',
    "postcodes.csv | row 2791 (ABCD Nergens) | postcode | 'ABCD' is not a Belgian postcode: write its 4 digits",
    "postcodes.csv | row 2792 (2999 Elders) | municipality_nis | '12345' is not a municipality in municipalities.csv; did you mean '12005'? Write the 2025 NIS code of the municipality the place lies in",
    'postcodes.csv | row 2792 (2999 Elders) | latitude/longitude | the position is not in Belgium: write decimal degrees',
    "eerstelijnszones.csv | row 310 (ELZ Nieuw / Antwerpen) | elz_code | 'ELZ Nieuw' is not a zone code: write elz- and the zone's name in lowercase words joined by hyphens",
    "eerstelijnszones.csv | row 310 (ELZ Nieuw / Antwerpen) | confidence | 'sure' must be high, medium or low",
    "eerstelijnszones.csv | row 310 (ELZ Nieuw / Antwerpen) | postcodes | postcode '2999' is not a postcode of Antwerpen in postcodes.csv",
    "eerstelijnszones.csv | row 311 (elz-nieuw / Nergens) | municipality_nis | '12345' is not a municipality in municipalities.csv; did you mean '12005'? Write the 2025 NIS code",
    "eerstelijnszones.csv | row 311 (elz-nieuw / Nergens) | scope | 'half' must be whole (the municipality lies wholly in the zone) or partial (only the postcodes listed)",
    'eerstelijnszones.csv | row 312 (elz-nieuw / Aartselaar) | province_code | Aartselaar lies in province VAN, not VLI',
    'eerstelijnszones.csv | row 312 (elz-nieuw / Aartselaar) | municipality_nis | Aartselaar is already wholly in elz-rupelaar: a municipality lies in one zone (or give each zone its postcodes, scope partial)',
    'municipality_aliases.csv | row 57 (Aartselaar) | old_nis_code | 11001 is a current municipality: an old code must be one that no longer exists',
    "municipality_aliases.csv | row 58 (Oud) | current_nis_code | '11999' is not a municipality in municipalities.csv; did you mean '11009'?",
    "renamed_codes.csv | row 3 (elz-brussel) | current_code | 'elz-nergens' is not a zone in eerstelijnszones.csv; did you mean 'elz-leuven'?",
    'renamed_codes.csv | row 3 (elz-brussel) | old_code | elz-brussel is still a zone in eerstelijnszones.csv: rename it there too',
    "renamed_codes.csv | row 3 (elz-brussel) | changed_on | '1 januari' is not a date: write it as YYYY-MM-DD"
  ])
  t.match((error as Error).message, /^19 problems in the data files; nothing of them was loaded:\n {2}seed\/reference\/regions\/municipalities.csv, row 567 \(Nergens\), nis_code: /)
  t.equal(count(db, 'regions'), 0, 'nothing was written')
  t.equal(db.$client.pragma('user_version', { simple: true }), 0)
})

t.test('rows and entries with fields missing altogether are reported, not crashed on', async (t) => {
  const empty = { municipalities: [{}], zones: [{}, { scope: 'partial' }], aliases: [], postcodes: [{}], renamed: [{}], provinces: [], gewesten: [] } as unknown as RegionFiles
  const regionFields = checkRegionFiles(empty).map((f) => `${f.entry} ${f.field}`)
  for (const field of ['nis_code', 'elz_code', 'postcode', 'changed_on']) t.ok(regionFields.some((f) => f.endsWith(` ${field}`)), `${field} reported`)
  t.ok(regionFields.every((f) => /^row \d+ /.test(f)), 'a row without a name is named by its number')
  const ref: ReferenceCodes = { careTypes: new Set(), roles: new Set(), targetGroups: new Set(), languages: new Set(), regions: new Set(), renamed: new Map(), postcodes: new Map() }
  const findings = checkDirectoryFile('x.json', { organisations: [{ slug: 7, website: 'x'.repeat(600) }], offers: [{}] }, ref)
  t.ok(findings.some((f) => f.entry === 'organisation 1' && f.field === 'slug'), 'a slug that is no text: the entry is named by its number')
  t.ok(findings.some((f) => f.entry === 'offer 1' && f.field === 'slug'))
  t.ok(findings.some((f) => f.entry === 'organisation 1' && f.field === 'website'), 'a web address over 500 characters is refused')
})
