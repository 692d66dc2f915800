import type { Editor } from 'tldraw'
import { placeContentBeside } from '../templates/placeContentBeside'
import { MAX_TLDR_FILE_BYTES, readTldrFile, type TldrRefusal } from './readTldrFile'

export type TldrImportResult = { ok: true; shapes: number } | { ok: false; refusal: TldrRefusal }

/**
 * Imports a `.tldr` file into the current page beside what is there, as a template lands: new
 * ids for everything (so nothing clashes with the board's own), images uploaded to the board's
 * image store, one undo step, and one store change, which the Yjs binding sends as one update.
 * A refused file changes nothing.
 */
export async function importTldr(editor: Editor, file: Blob, boardId: string): Promise<TldrImportResult> {
  if (file.size > MAX_TLDR_FILE_BYTES) return { ok: false, refusal: { kind: 'tooLarge' } }
  const read = readTldrFile(await file.text(), editor.store.schema, boardId)
  if (!read.ok) return read
  const placed = placeContentBeside(editor, read.content)
  return { ok: true, shapes: placed.length }
}
