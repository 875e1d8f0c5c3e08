// Bundles an entry point of the service into one JavaScript file: `node --import tsx test/helpers/bundle.ts <entry> <out>`
// (test/helpers/server.ts runs it once per change of the sources; esbuild takes plugins only in its asynchronous API).
import { build } from 'esbuild'
import { readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { ROOT } from './cache.js'

const [entry, outfile] = process.argv.slice(2) as [string, string]
await build({
  entryPoints: [`${ROOT}${entry}`],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // A native addon, and packages that read files beside their own code (swagger-ui's pages, pino's transports).
  external: ['better-sqlite3', '@fastify/swagger-ui', 'pino'],
  // Packages written as CommonJS require Node's built-ins.
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  logLevel: 'warning',
  plugins: [{
    name: 'source-urls',
    // Each file's import.meta.url stays its source file's, so the code finds the migrations, seed and assets beside it.
    setup: (bundler) => bundler.onLoad({ filter: /\.ts$/ }, ({ path }) => ({
      loader: 'ts', contents: readFileSync(path, 'utf8').replaceAll('import.meta.url', JSON.stringify(pathToFileURL(path).href))
    }))
  }]
})
