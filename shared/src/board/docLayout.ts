import type * as Y from 'yjs'

/**
 * The layout of one board's Y.Doc, shared by server and client.
 *
 * - `tldraw`: a Y.Array driven by y-utility's YKeyValue, holding the tldraw records of
 *   document scope keyed by record id. YKeyValue rather than Y.Map because a Y.Map keeps
 *   every overwritten value, so dragging a shape would grow the doc without bound.
 * - `meta`: the serialized tldraw schema the records are written in, the title, the language
 *   and the template provenance. The server owns it: only the server writes the schema and the
 *   provenance, only a facilitator the title and language (server/src/sync/updateGuard.ts).
 * - `facilitation`: timer, voting round, summon and presenter state, written by
 *   facilitators only (keys and value types in `shared/src/facilitation/`).
 * - `votes`: one entry per voter (see `facilitation/voteEntry.ts`).
 */
export const DOC_RECORDS = 'tldraw'
export const DOC_META = 'meta'
export const DOC_FACILITATION = 'facilitation'
/**
 * Votes live apart from `facilitation` so each map has one kind of writer: only
 * facilitators write `facilitation`, and in `votes` each voter writes only the key equal to
 * its own Yjs client id. The server can then check a participant's update without knowing
 * who the participant is: refuse any write to `facilitation`, and any `votes` key that
 * differs from the client id of the item that writes it.
 */
export const DOC_VOTES = 'votes'

/** Keys of the `meta` map. */
export const MetaKey = {
  /** `SerializedSchema` of the tldraw schema the records are written in; the server's own, written by the server only (storedSchema.ts). */
  SCHEMA: 'schema',
  TITLE: 'title',
  LANG: 'lang',
  /** Template ids the board was created from, in order. */
  TEMPLATES: 'templates',
} as const

export { BOARD_LANGS, isBoardLang, type BoardLang } from './boardLang'

/** Entries of the YKeyValue array: `{ key, val }`. */
export interface RecordEntry {
  key: string
  val: unknown
}

export function recordsArray(doc: Y.Doc): Y.Array<RecordEntry> {
  return doc.getArray<RecordEntry>(DOC_RECORDS)
}

export function metaMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(DOC_META)
}

export function facilitationMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(DOC_FACILITATION)
}

export function votesMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(DOC_VOTES)
}
