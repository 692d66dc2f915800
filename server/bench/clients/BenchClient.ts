import type * as Y from 'yjs'
import type { Awareness } from 'y-protocols/awareness'

/** One simulated participant: a doc and an awareness kept in sync with a server under test. */
export interface BenchClient {
  doc: Y.Doc
  awareness: Awareness
  /** Resolves at the first completed sync with the server; rejects if the server refuses. */
  synced: Promise<void>
  /** Close codes the server sent, for the report when a server refuses clients. */
  closes: readonly { code: number; reason: string }[]
  destroy(): void
}
