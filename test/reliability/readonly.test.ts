// Read-only database: the service refuses to start, says why in one line, and exits non-zero (README, "Reliability").
import { chmodSync } from 'node:fs'
import t from 'tap'
import { runToEnd, seededDatabase, SERVER, tempDir } from '../helpers/server.js'

const cases = [
  { what: 'the database file is read-only', lock: (_dir: string, file: string) => chmodSync(file, 0o444), code: 'SQLITE_READONLY' },
  { what: 'its directory is read-only', lock: (dir: string) => chmodSync(dir, 0o555), code: 'SQLITE_READONLY_DIRECTORY' }
]

for (const { what, lock, code } of cases) {
  t.test(`${what}: the service refuses to start, with a one-line reason`, async (t) => {
    const dir = tempDir(t)
    const file = seededDatabase(dir)
    lock(dir, file)
    t.teardown(() => chmodSync(dir, 0o755))
    // root ignores file modes; without the capabilities that let it (CAP_DAC_*), it is held to them like any user.
    const prefix = process.getuid?.() === 0 ? ['setpriv', '--bounding-set=-dac_override,-dac_read_search'] : []
    const { code: exit, stdout, stderr } = await runToEnd(SERVER, { DATABASE_PATH: file, PORT: '0', LOG_LEVEL: 'info', DATASET: 'none' }, { prefix })
    t.equal(exit, 1, 'exit code 1')
    t.equal(stderr, `Cannot start: the database ${file} is not writable (${code}). The service needs write access to the database file and its directory.\n`)
    t.notMatch(stdout, /Server listening/, 'never listened')
  })
}
