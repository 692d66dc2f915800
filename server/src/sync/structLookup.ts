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

  constructor(private readonly updates: () => Iterable<DecodedUpdate>) {}

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

  /** Forgets the index (the updates changed). */
  reset(): void {
    this.byClient = null
  }

  private index(): Map<number, DecodedStruct[]> {
    if (this.byClient) return this.byClient
    const byClient = new Map<number, DecodedStruct[]>()
    for (const update of this.updates()) {
      for (const struct of update.structs) {
        if (struct instanceof Y.Skip) continue
        let list = byClient.get(struct.id.client)
        if (!list) byClient.set(struct.id.client, (list = []))
        list.push(struct)
      }
    }
    // Several updates may hold structs of one client; bisection needs them in clock order.
    for (const list of byClient.values()) {
      for (let i = 1; i < list.length; i++) {
        if (list[i - 1]!.id.clock > list[i]!.id.clock) {
          list.sort((a, b) => a.id.clock - b.id.clock)
          break
        }
      }
    }
    this.byClient = byClient
    return byClient
  }
}
