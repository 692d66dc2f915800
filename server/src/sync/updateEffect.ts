import * as Y from 'yjs'

export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>

export type UpdateEffect = { ok: false } | { ok: true; changes: boolean; decoded: DecodedUpdate }

/**
 * Decodes an untrusted update and tells whether it would change `doc`, without applying it.
 *
 * Updates that change nothing are common: after a resync a client's sync step 2 repeats content
 * the server has, and always carries the client's whole delete set. Those are dropped instead
 * of stored; and a viewer may send them, while a viewer's update that changes anything is a write.
 */
export function analyzeUpdate(doc: Y.Doc, update: Uint8Array): UpdateEffect {
  let decoded: DecodedUpdate
  try {
    decoded = Y.decodeUpdate(update)
  } catch {
    return { ok: false }
  }
  return { ok: true, changes: changesDoc(doc, decoded), decoded }
}

function changesDoc(doc: Y.Doc, { structs, ds }: DecodedUpdate): boolean {
  for (const struct of structs) {
    // Skip structs mark gaps in a merged update; they carry no content.
    if (struct instanceof Y.Skip) continue
    if (struct.id.clock + struct.length > Y.getState(doc.store, struct.id.client)) return true
  }
  for (const [client, ranges] of ds.clients) {
    const known = doc.store.clients.get(client)
    const state = Y.getState(doc.store, client)
    for (const { clock, len } of ranges) {
      if (len === 0) continue
      const end = clock + len
      // Deleting what the server has not seen yet would create pending deletions: a change.
      if (!known || end > state) return true
      try {
        for (let i = Y.findIndexSS(known, clock); i < known.length; i++) {
          const struct = known[i]!
          if (struct.id.clock >= end) break
          if (!struct.deleted) return true
        }
      } catch {
        return true
      }
    }
  }
  return false
}
