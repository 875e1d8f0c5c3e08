// Turns of the event loop, for work that should let waiting requests go first.
import { setImmediate as nextTurn } from 'node:timers/promises'

/**
 * Resolves once the event loop has read what arrived on its sockets meanwhile (and answered it, as far as that is
 * synchronous). One immediate is not enough: set while the loop handles sockets, it runs before the loop next looks
 * at them; the second runs after it has.
 */
export async function afterWaitingRequests (): Promise<void> {
  await nextTurn()
  await nextTurn()
}
