// Builds the widget's one ES module (Lit included) from src/widget/finder.ts; `npm run widget` writes it to assets/.
import { build } from 'esbuild'
import { fileURLToPath } from 'node:url'

/** The committed bundle the API serves; test/widget/bundle.test.ts fails when it is not what the source builds. */
export const BUNDLE_FILE = new URL('./assets/finder.js', import.meta.url)

export async function bundleWidget (): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./finder.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    legalComments: 'eof',
    charset: 'utf8',
    write: false,
    logLevel: 'silent'
  })
  return result.outputFiles[0]!.text
}
