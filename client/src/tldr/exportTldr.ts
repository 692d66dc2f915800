import { serializeTldrawJson, type Editor } from 'tldraw'
import type { RunSheet } from '@whiteboard/shared/facilitation/runSheet'
import { exportFileName } from '../export/exportFileName'

/** The media type tldraw gives its files. */
const TLDRAW_MIME_TYPE = 'application/vnd.tldraw+json'

/**
 * The whole board as a `.tldr` file, tldraw's own format, which tldraw.com and the tldraw
 * desktop app open: the board's document records in this board's schema, images inlined as data
 * (tldraw fetches them from the board's image store, our own server). Only document records go
 * in: the rest (the camera, the selection, other people's cursors and names) belongs to this
 * browser's session, and a file handed on must not name the people who were on the board, so
 * tldraw's attribution (`user` records, with names) stays out as well.
 *
 * The board's run sheet, which lives beside the records rather than in them, goes into the
 * file's `document` record as `meta.runSheet`: tldraw keeps a record's `meta` as it is, so the
 * file stays one that tldraw opens, and the session's plan is kept with its content.
 */
export async function exportTldr(editor: Editor, boardTitle: string, date: Date, fallbackTitle: string, runSheet?: RunSheet): Promise<{ blob: Blob; fileName: string }> {
  const file = JSON.parse(await serializeTldrawJson(editor)) as { records: { typeName: string; meta?: Record<string, unknown> }[] }
  const types = editor.store.schema.types as Record<string, { scope: string } | undefined>
  // tldraw's `user` records are document records too, but they hold the names of the people who edited (attribution).
  file.records = file.records.filter((r) => types[r.typeName]?.scope === 'document' && r.typeName !== 'user')
  const document = file.records.find((r) => r.typeName === 'document')
  if (document && runSheet && runSheet.steps.length > 0) document.meta = { ...document.meta, runSheet }
  return {
    blob: new Blob([JSON.stringify(file)], { type: TLDRAW_MIME_TYPE }),
    fileName: exportFileName({ boardTitle, date, extension: 'tldr', fallbackTitle }),
  }
}
