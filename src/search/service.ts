// One search service per database: the index of the public directory, following the change feed as it moves
// (every change of the public directory appends to the feed in the same transaction, also from other processes).
import type { FastifyBaseLogger } from 'fastify'
import { rmSync } from 'node:fs'
import { feedPosition } from '../core/feed-position.js'
import type { Db } from '../db/client.js'
import { type FeedMark, feedMark, followFeed } from './follow.js'
import { SearchIndex } from './index.js'
import { SearchReference } from './reference.js'
import { readSnapshot, stateDigest, writeSnapshot } from './snapshot.js'

export class OfferSearch {
  readonly ref: SearchReference
  private index: SearchIndex | undefined
  /** The feed entry the index was made at. */
  private mark: FeedMark | undefined
  /** How the index moved with the feed: changes applied, builds, and why the last build was needed. */
  followed = { applied: 0, built: 0, reason: '' }
  /** The snapshot file, the digest of the state the current index was built at, and that of the index in the file. */
  private snapshot: { file: string, built: string, saved: string | undefined } | undefined

  constructor (readonly db: Db) {
    this.ref = new SearchReference(db)
  }

  /** The feed position now: it moves with every change of the public directory. */
  position (): number {
    return feedPosition(this.db)
  }

  /**
   * The index at the current feed position: the last one, brought up to it with what the feed says changed since
   * (src/search/follow.ts), or built again when that cannot be done.
   */
  current (): SearchIndex {
    const position = this.position()
    if (this.index?.position !== position) {
      // One read transaction: the index, its position and the digest of its state come from the same snapshot.
      this.db.$client.transaction(() => {
        const mark = feedMark(this.db, this.position())
        const followed = this.index === undefined ? 'no index yet' : followFeed(this.index, this.mark!, mark)
        this.followed = typeof followed === 'string' ? { ...this.followed, built: this.followed.built + 1, reason: followed } : { ...this.followed, applied: this.followed.applied + 1 }
        this.index = typeof followed === 'string' ? new SearchIndex(this.db, this.ref, mark.position) : followed
        this.mark = mark
        if (this.snapshot !== undefined) this.snapshot.built = stateDigest(this.db, this.ref)
      })()
    }
    return this.index!
  }

  /**
   * The first index, before the server takes requests: read from the snapshot file when that holds the database's
   * state now; built, and saved there, when not. Without a file (a database in memory), built.
   */
  open (file: string | undefined, log: FastifyBaseLogger): void {
    if (this.index !== undefined) {
      this.current()
      return
    }
    const started = performance.now()
    let reason: string | undefined = 'no snapshot is kept'
    if (file === undefined) this.current()
    else {
      reason = this.db.$client.transaction(() => {
        const digest = stateDigest(this.db, this.ref)
        const read = readSnapshot(file, this.db, this.ref, this.position(), digest)
        this.snapshot = { file, built: digest, saved: read.index === undefined ? undefined : digest }
        this.mark = feedMark(this.db, this.position())
        this.index = read.index ?? new SearchIndex(this.db, this.ref, this.mark.position)
        return read.index === undefined ? read.reason : undefined
      })()
    }
    const facts = { ms: Math.round(performance.now() - started), offers: this.index!.size, reason }
    log.info(facts, reason === undefined ? 'search index read from its snapshot' : 'search index built')
    this.save(log)
  }

  /**
   * After an erasure: the snapshot file holds what was erased, so it goes now; the index, rebuilt at the next search
   * as after any change, is saved again when the service stops.
   */
  forgetSnapshot (log: FastifyBaseLogger): void {
    const snapshot = this.snapshot
    if (snapshot === undefined) return
    rmSync(snapshot.file, { force: true })
    snapshot.saved = undefined
    log.info({ file: snapshot.file }, 'search index snapshot removed after an erasure')
  }

  /** Saves the current index to the snapshot file, unless the file holds it already. A failure costs the next start time, nothing else. */
  save (log: FastifyBaseLogger): void {
    const snapshot = this.snapshot
    if (snapshot === undefined || snapshot.saved === snapshot.built) return
    try {
      writeSnapshot(snapshot.file, this.index!, snapshot.built)
      snapshot.saved = snapshot.built
    } catch (err) {
      log.warn({ err, file: snapshot.file }, 'the search index snapshot could not be saved')
    }
  }
}

const services = new WeakMap<Db, OfferSearch>()

/** The search service of this database, shared by every facade (the /v1 routes, HSDS). */
export function offerSearch (db: Db): OfferSearch {
  let service = services.get(db)
  if (service === undefined) services.set(db, service = new OfferSearch(db))
  return service
}
