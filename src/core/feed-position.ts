// The change feed's position: it moves with every change of the public directory, so every cache of it keys on it.
import type { Db } from '../db/client.js'
import { prepared } from '../db/statements.js'

// The position as read in the current turn of the event loop, per connection.
const turnPositions = new WeakMap<Db['$client'], number>()

/**
 * The feed's position: it moves with every change of the public directory, so caches key on it. Asked on every
 * public read (ETag, rate limit, search index), and a read costs 10-15 µs on a busy server: it is read once per turn
 * of the event loop. A change through this connection moves it at once; one from another process shows from the next
 * turn on. Inside a transaction it is read each time (it may count appends that are not committed yet).
 */
export function feedPosition (db: Db): number {
  const client = db.$client
  if (client.inTransaction) return readPosition(db)
  let position = turnPositions.get(client)
  if (position === undefined) {
    turnPositions.set(client, position = readPosition(db))
    setImmediate(() => turnPositions.delete(client))
  }
  return position
}

function readPosition (db: Db): number {
  return (prepared(db, 'SELECT seq FROM change_feed ORDER BY seq DESC LIMIT 1').pluck().get() as number | undefined) ?? 0
}

/** An append through this connection: the position moves at once, not from the next turn on. */
export function positionMoved (db: Db): void {
  turnPositions.delete(db.$client)
}
