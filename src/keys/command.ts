// `npm run key -- --role admin [--label …] [--organisation <id or slug> …]`: issues a key from the command line.
import { parseArgs } from 'node:util'
import { FieldErrors } from '../http/errors.js'
import { KEY_ROLES } from '../db/schema.js'
import type { Db } from '../db/client.js'
import { findOrganisationId } from '../organisations/store.js'
import { issueKey, type KeyRole } from './store.js'

export const USAGE = 'usage: npm run key -- --role admin|editor|partner [--label "who holds it"] [--organisation <id or slug> ...]'

export class UsageError extends Error {}

/** Issues the key and returns what to print: the secret, once. The first admin key can only come from here. */
export function keyCommand (db: Db, args: string[], now = new Date()): string {
  let values
  try {
    ({ values } = parseArgs({
      args,
      options: { role: { type: 'string' }, label: { type: 'string' }, organisation: { type: 'string', multiple: true } }
    }))
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n${USAGE}`)
  }
  const role = values.role as KeyRole
  if (!KEY_ROLES.includes(role)) throw new UsageError(`--role must be one of ${KEY_ROLES.join(', ')}\n${USAGE}`)
  const organisationIds = (values.organisation ?? []).map((o) => {
    const id = findOrganisationId(db, o)
    if (id === undefined) throw new UsageError(`unknown organisation '${o}'`)
    return id
  })
  const label = values.label?.trim() || `${role} key of ${now.toISOString().slice(0, 10)}`
  const { record, plain } = issueKey(db, { role, label, organisation_ids: organisationIds }, { key_id: null, label: 'command line' }, now.toISOString())
  return [
    `Issued ${record.role} key "${record.label}" (id ${record.id}).`,
    'Send it in the X-Api-Key header. It is shown only now; only its hash is stored:',
    '',
    plain,
    ''
  ].join('\n')
}

/** The command as a process sees it: what to print, where, and the exit code; an operator's mistake is a message, not a stack. */
export function runKeyCommand (db: Db, args: string[]): { exitCode: number, stdout: string, stderr: string } {
  try {
    return { exitCode: 0, stdout: keyCommand(db, args), stderr: '' }
  } catch (err) {
    if (err instanceof UsageError) return { exitCode: 2, stdout: '', stderr: `${err.message}\n` }
    if (err instanceof FieldErrors) return { exitCode: 2, stdout: '', stderr: `${err.message}${err.errors.map((e) => `\n  ${e.path}: ${e.message}`).join('')}\n` }
    throw err
  }
}
