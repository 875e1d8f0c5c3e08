// The change feed's cursors: opaque to clients, so the feed may change how it counts without breaking them.
import { BadRequest } from '../http/errors.js'

export const encodeCursor = (seq: number) => Buffer.from(`v1:${seq}`).toString('base64url')

export function decodeCursor (cursor: string): number {
  const match = /^v1:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('latin1'))
  if (!match) throw new BadRequest(`'${cursor}' is not a cursor from this feed`)
  return Number(match[1])
}
