/**
 * Open connections per key (a board id, a client address), for the per-board and per-address
 * limits. `tryAcquire` counts a connection in if the key is below `max` and returns the
 * function that counts it out again (idempotent), or null when the key is full.
 */
export class ConnectionCounter {
  private readonly counts = new Map<string, number>()

  tryAcquire(key: string, max: number): (() => void) | null {
    const count = this.counts.get(key) ?? 0
    if (count >= max) return null
    this.counts.set(key, count + 1)
    let released = false
    return () => {
      if (released) return
      released = true
      const left = (this.counts.get(key) ?? 1) - 1
      if (left <= 0) this.counts.delete(key)
      else this.counts.set(key, left)
    }
  }

  count(key: string): number {
    return this.counts.get(key) ?? 0
  }
}
