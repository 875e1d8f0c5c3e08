// tap runs the suites of test/suites/, each a process that imports test files: every test file must be in exactly one.
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'

const TEST = fileURLToPath(new URL('../', import.meta.url))

function testFiles (dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return testFiles(path)
    return entry.name.endsWith('.test.ts') ? [relative(TEST, path)] : []
  })
}

t.test('every test file runs in exactly one suite', async (t) => {
  const suites = readdirSync(join(TEST, 'suites'))
  const imported = suites.flatMap((suite) => [...readFileSync(join(TEST, 'suites', suite), 'utf8').matchAll(/^import '\.\.\/(.+)\.js'$/gm)]
    .map((m) => `${m[1]}.ts`))
  t.ok(suites.length > 1, 'there are suites')
  t.same([...imported].sort(), testFiles(TEST).sort(), 'each test file imported once, and every import a test file')
})
