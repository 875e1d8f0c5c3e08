// One search service per database: the index of the public directory, rebuilt when the change feed moves
// (every change of the public directory appends to the feed in the same transaction, also from other processes).
import { feedPosition } from '../changes/feed.js'
import type { Db } from '../db/client.js'
import { SearchIndex } from './index.js'
import { SearchReference } from './reference.js'

export class OfferSearch {
  readonly ref: SearchReference
  private index: SearchIndex | undefined

  constructor (readonly db: Db) {
    this.ref = new SearchReference(db)
  }

  /** The feed position now: it moves with every change of the public directory. */
  position (): number {
    return feedPosition(this.db)
  }

  /** The index at the current feed position. */
  current (): SearchIndex {
    const position = this.position()
    if (this.index?.position !== position) {
      // One read transaction: the index and its position come from the same snapshot.
      this.index = this.db.$client.transaction(() => new SearchIndex(this.db, this.ref, this.position()))()
    }
    return this.index
  }
}

const services = new WeakMap<Db, OfferSearch>()

/** The search service of this database, shared by every facade (the /v1 routes, HSDS). */
export function offerSearch (db: Db): OfferSearch {
  let service = services.get(db)
  if (service === undefined) services.set(db, service = new OfferSearch(db))
  return service
}
