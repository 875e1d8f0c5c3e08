// Read-only database: the service refuses to start, says why in one line, and exits non-zero (README, "Reliability").
import { chmodSync } from 'node:fs'
import t from 'tap'
import { runToEnd, seededDatabase, SERVER, tempDir } from '../helpers/server.js'

// Spawns processes or runs thousands of cases: more than tap's default 30 s on a busy 2-core machine.
t.setTimeout(120_000)

t.test('a database the service cannot write stops the start with a clear message', async (t) => {
  const dir = tempDir(t)
  const file = seededDatabase(dir)
  chmodSync(file, 0o444)
  chmodSync(dir, 0o755)
  // root ignores file modes: drop to nobody, as the service would run in production.
  const prefix = process.getuid?.() === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : []
  const { code, stdout, stderr } = await runToEnd(SERVER, { DATABASE_PATH: file, PORT: '0', LOG_LEVEL: 'info', SAMPLE_DATA: 'false' }, { prefix })
  t.equal(code, 1, 'exit code 1')
  t.match(stderr, new RegExp(`^Cannot start: the database ${file} is not writable \\(SQLITE_READONLY\\w*\\)\\. The service needs write access to the database file and its directory\\.\\n$`))
  t.notMatch(stderr, /\n\s+at /, 'no stack trace')
  t.notMatch(stdout, /Server listening/, 'never listened')
})
