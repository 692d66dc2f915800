import type * as Y from 'yjs'
import { DOC_FACILITATION, DOC_META, DOC_RECORDS, DOC_VOTES, facilitationMap, metaMap, recordsArray, votesMap, type RecordEntry } from '@whiteboard/shared'

/** The maps of the board layout (docLayout.ts); the records array is the fourth root. */
export type MapRoot = typeof DOC_META | typeof DOC_FACILITATION | typeof DOC_VOTES
export type RootName = typeof DOC_RECORDS | MapRoot

const ROOT_NAMES: ReadonlySet<string> = new Set<RootName>([DOC_RECORDS, DOC_META, DOC_FACILITATION, DOC_VOTES])

export function isRootName(name: string): name is RootName {
  return ROOT_NAMES.has(name)
}

/**
 * The root types of one room's doc, created with their proper kinds before anything is
 * applied, and a reverse lookup from a type to its name: an item in the server's store knows
 * its parent type, and the guard needs the name.
 */
export class BoardRoots {
  readonly records: Y.Array<RecordEntry>
  private readonly names: Map<unknown, RootName>

  constructor(readonly doc: Y.Doc) {
    this.records = recordsArray(doc)
    this.names = new Map<unknown, RootName>([
      [this.records, DOC_RECORDS],
      [metaMap(doc), DOC_META],
      [facilitationMap(doc), DOC_FACILITATION],
      [votesMap(doc), DOC_VOTES],
    ])
  }

  /** The root name of a parent type, or undefined for anything else (a nested type). */
  nameOf(type: unknown): RootName | undefined {
    return this.names.get(type)
  }
}
