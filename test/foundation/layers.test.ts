// The layers of src/, read from the imports themselves (type-only ones included): none runs up, none goes round.
import { readdirSync, readFileSync } from 'node:fs'
import { join, posix, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'

const SRC = fileURLToPath(new URL('../../src/', import.meta.url))

/**
 * Bottom to top. A file may import its own layer and the layers below it, never one above. Within a layer the folders
 * still import one way only (no circle of folders), so every folder has a place: `farm-studio look` draws the same.
 */
const LAYERS: Array<{ name: string, parts: string[] }> = [
  { name: 'foundation: configuration, text, the database, the fields every entry shares, HTTP plumbing, opening hours on Brussels time', parts: ['config.ts', 'text/', 'db/', 'core/', 'http/', 'hours/'] },
  { name: 'resources: what is stored of each kind, and its wire shapes', parts: ['organisations/', 'locations/', 'offers/', 'regions/', 'taxonomies/', 'keys/', 'health/'] },
  { name: 'services: the change feed, search, the write path, curation, HSDS, the export, the widget and reports from the field', parts: ['changes/', 'search/', 'entries/', 'curation/', 'hsds/', 'export/', 'widget/', 'reports/'] },
  { name: 'data sets: the sample and the generator', parts: ['datasets/'] },
  { name: 'the app', parts: ['app.ts'] },
  { name: 'entry points: the server and the commands', parts: ['start.ts', 'server.ts', 'cli/'] }
]

/** Calls that write entries, their history, their search text or the feed; only the write path (src/entries/) makes them. */
const WRITES = ['writeOffer', 'writeLocation', 'writeOrganisation', 'recordRevision', 'addOfferSearch', 'syncOfferSearch',
  'emitOffers', 'emitOfferRecords', 'emitOrganisation', 'emitLocation']
/** Where those functions are defined (and may call each other). */
const WRITERS = ['offers/store.ts', 'locations/store.ts', 'organisations/store.ts', 'core/journal.ts', 'offers/search-text.ts', 'changes/feed.ts']

function sources (dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sources(path)
    return entry.name.endsWith('.ts') ? [relative(SRC, path).split('\\').join('/')] : []
  })
}

/** The files of src/ that `file` imports (`import`, `import type`, `export … from`, `import()`). */
function importsOf (file: string, text: string): string[] {
  const specifiers = [...text.matchAll(/^\s*(?:import|export)\s[^;'"]*?\sfrom\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm)]
    .map((m) => m[1] ?? m[2] ?? m[3]!)
  return specifiers.filter((s) => s.startsWith('.')).map((s) => posix.normalize(posix.join(posix.dirname(file), s)).replace(/\.js$/, '.ts'))
}

const partOf = (file: string) => (file.includes('/') ? `${file.split('/')[0]}/` : file)
const layerOf = (file: string) => LAYERS.findIndex((l) => l.parts.includes(partOf(file)))

/** The circles of a graph, each as the path that closes it (depth-first search; each circle found once from its first node). */
function circles (graph: Map<string, Set<string>>): string[][] {
  const found: string[][] = []
  const state = new Map<string, 'open' | 'done'>()
  const path: string[] = []
  const visit = (node: string) => {
    state.set(node, 'open')
    path.push(node)
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') found.push([...path.slice(path.indexOf(next)), next])
      else if (!state.has(next)) visit(next)
    }
    path.pop()
    state.set(node, 'done')
  }
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node)
  return found
}

const files = sources(SRC).sort()
const texts = new Map(files.map((f) => [f, readFileSync(join(SRC, f), 'utf8')]))
const imports = new Map(files.map((f) => [f, new Set(importsOf(f, texts.get(f)!))]))

t.test('the import reader sees every form of import, type-only ones included', async (t) => {
  const text = [
    "import { a } from './a.js'", "import type { B } from '../b/b.js'", "export { c } from './c.js'",
    "import {\n  d,\n  e\n} from './d.js'", "import './e.js'", "const f = await import('../f.js')", "import { z } from 'zod'"
  ].join('\n')
  t.strictSame(importsOf('x/y.ts', text), ['x/a.ts', 'b/b.ts', 'x/c.ts', 'x/d.ts', 'x/e.ts', 'f.ts'])
  t.strictSame(circles(new Map([['a', new Set(['b'])], ['b', new Set(['c'])], ['c', new Set(['a'])], ['d', new Set(['a'])]])), [['a', 'b', 'c', 'a']])
})

t.test('every file of src/ has a layer, and every import names a file that exists', async (t) => {
  t.strictSame(files.filter((f) => layerOf(f) < 0), [], 'add the folder to LAYERS')
  t.strictSame([...imports].flatMap(([f, targets]) => [...targets].filter((target) => !texts.has(target)).map((target) => `${f} -> ${target}`)), [])
})

t.test('no import runs up the layers', async (t) => {
  const upward = [...imports].flatMap(([f, targets]) => [...targets].filter((target) => layerOf(target) > layerOf(f))
    .map((target) => `${f} (${LAYERS[layerOf(f)]!.name.split(':')[0]}) -> ${target} (${LAYERS[layerOf(target)]!.name.split(':')[0]})`))
  t.strictSame(upward, [])
})

t.test('no circle of files, and none of folders', async (t) => {
  t.strictSame(circles(imports), [], 'files')
  const folders = new Map<string, Set<string>>()
  for (const [f, targets] of imports) {
    const from = partOf(f)
    if (!folders.has(from)) folders.set(from, new Set())
    for (const target of targets) if (partOf(target) !== from) folders.get(from)!.add(partOf(target))
  }
  t.strictSame(circles(folders), [], 'folders')
})

t.test('only the write path writes entries, their history, their search text and the feed', async (t) => {
  const calls = files.filter((f) => !f.startsWith('entries/') && !WRITERS.includes(f)).flatMap((f) =>
    WRITES.filter((name) => new RegExp(`\\b${name}\\(`).test(texts.get(f)!)).map((name) => `${f} calls ${name}`))
  t.strictSame(calls, [])
  t.strictSame(WRITERS.filter((f) => !texts.has(f)), [], 'the writers are where this test looks for them')
})
