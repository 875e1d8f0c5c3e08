// Files that test processes build once and share through node_modules/.cache, each named by a hash of what it is made
// from, so a stored file is never stale: a changed source gives a new name.
import { createHash } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../../', import.meta.url))
export const CACHE_DIR = `${ROOT}node_modules/.cache/`

const hashes = new Map<string, string>()

/** A short hash of these files and folders of the project (folders with everything under them). */
export function contentHash (paths: string[]): string {
  const key = paths.join('\0')
  let known = hashes.get(key)
  if (known === undefined) {
    const hash = createHash('sha256')
    const add = (path: string) => {
      if (statSync(`${ROOT}${path}`).isFile()) {
        hash.update(`${path}\0`).update(readFileSync(`${ROOT}${path}`))
        return
      }
      for (const name of readdirSync(`${ROOT}${path}`).sort()) add(`${path}/${name}`)
    }
    for (const path of paths) add(path)
    hashes.set(key, known = hash.digest('hex').slice(0, 16))
  }
  return known
}

/** Written aside and renamed: a process running beside this one reads the whole file or none. */
export function writeShared (file: string, content: string | Buffer): void {
  mkdirSync(CACHE_DIR, { recursive: true })
  writeFileSync(`${file}.${process.pid}`, content)
  renameSync(`${file}.${process.pid}`, file)
}
