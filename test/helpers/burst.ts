// Concurrent writers against a running service, remembering which writes it acknowledged.
export type Burst = {
  /** Ids the service answered 201 for, in order of acknowledgement. */
  acknowledged: string[]
  /** Answers other than 201 (by status; 0 = the connection failed). */
  failures: Record<number, number>
  /** Stops the writers; resolves when all have stopped. */
  stop: () => Promise<void>
}

/** `writers` loops, each POSTing to `url` until stopped (or until the server goes away). */
export function burst (url: string, writers = 8): Burst {
  const acknowledged: string[] = []
  const failures: Record<number, number> = {}
  let running = true
  const loop = async () => {
    while (running) {
      try {
        const res = await fetch(url, { method: 'POST' })
        if (res.status === 201) acknowledged.push(((await res.json()) as { id: string }).id)
        else {
          failures[res.status] = (failures[res.status] ?? 0) + 1
          await res.arrayBuffer()
        }
      } catch {
        failures[0] = (failures[0] ?? 0) + 1
        return
      }
    }
  }
  const loops = Array.from({ length: writers }, loop)
  return { acknowledged, failures, stop: async () => { running = false; await Promise.all(loops) } }
}
