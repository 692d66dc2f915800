import type { Editor, TLShapeId } from 'tldraw'
import { cameraToPlaced, placeContentBeside } from '../templates/placeContentBeside'
import { MAX_TLDR_FILE_BYTES, readTldrFile, type TldrRefusal } from './readTldrFile'

/** How many top-level shapes came in, from how many of the file's pages. */
export type TldrImportResult = { ok: true; shapes: number; pages: number } | { ok: false; refusal: TldrRefusal }

/**
 * Imports a `.tldr` file into the current page beside what is there, as a template lands: new
 * ids for everything (so nothing clashes with the board's own), images uploaded to the board's
 * image store. A file of several pages lands page by page, left to right in the file's order,
 * each beside what came before it (a board works on one page). All of it is one undo step and
 * one store change, which the Yjs binding sends as one update. A refused file changes nothing.
 */
export async function importTldr(editor: Editor, file: Blob, boardId: string): Promise<TldrImportResult> {
  if (file.size > MAX_TLDR_FILE_BYTES) return { ok: false, refusal: { kind: 'tooLarge' } }
  const read = readTldrFile(await file.text(), editor.store.schema, boardId)
  if (!read.ok) return read
  const placed: TLShapeId[] = []
  editor.run(() => {
    for (const page of read.pages) placed.push(...placeContentBeside(editor, page, { camera: false }))
    editor.select(...placed)
  })
  cameraToPlaced(editor, placed)
  return { ok: true, shapes: placed.length, pages: read.pages.length }
}
