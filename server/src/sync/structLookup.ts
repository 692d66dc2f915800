import * as Y from 'yjs'
import type { ReadValues } from './applyUpdateCompacted'

/** `Y.decodeUpdate`'s result; `values` when decodeUpdateCompacted made it. */
export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate> & { values?: ReadValues }
export type DecodedStruct = DecodedUpdate['structs'][number]

/**
 * Finds the structs of decoded updates by id. Decoded updates list each client's structs in
 * clock order, so a client's list is searched by bisection. Built on first use: most updates
 * never need it, because their items refer only to what the server's doc already holds.
 */
export class StructLookup {
  private byClient: Map<number, DecodedStruct[]> | null = null
  /** How many of `updates()` the index holds; the rest are added on the next `find`. */
  private indexed = 0
  private grown = false

  constructor(private readonly updates: () => readonly DecodedUpdate[]) {}

  find(client: number, clock: number): DecodedStruct | undefined {
    const list = this.index().get(client)
    if (!list) return undefined
    let lo = 0
    let hi = list.length - 1
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1
      const struct = list[mid]!
      if (clock < struct.id.clock) hi = mid - 1
      else if (clock >= struct.id.clock + struct.length) lo = mid + 1
      else return struct
    }
    return undefined
  }

  /** Forgets the index (updates were taken away). */
  reset(): void {
    this.byClient = null
    this.indexed = 0
    this.grown = false
  }

  /**
   * Updates were added after those indexed: only they are indexed on the next `find`. Built
   * again each time, the index of a sender's 100,000 unapplied items was rebuilt for each small
   * update that followed them in the same turn.
   */
  grew(): void {
    this.grown = true
  }

  private index(): Map<number, DecodedStruct[]> {
    if (this.byClient && !this.grown) return this.byClient
    const byClient = this.byClient ?? new Map<number, DecodedStruct[]>()
    const updates = this.updates()
    const unsorted = new Set<DecodedStruct[]>()
    for (let u = this.indexed; u < updates.length; u++) {
      for (const struct of updates[u]!.structs) {
        if (struct instanceof Y.Skip) continue
        let list = byClient.get(struct.id.client)
        if (!list) byClient.set(struct.id.client, (list = []))
        // Several updates may hold structs of one client; bisection needs them in clock order.
        if (list.length > 0 && list[list.length - 1]!.id.clock > struct.id.clock) unsorted.add(list)
        list.push(struct)
      }
    }
    for (const list of unsorted) list.sort((a, b) => a.id.clock - b.id.clock)
    this.byClient = byClient
    this.indexed = updates.length
    this.grown = false
    return byClient
  }
}
