import { serializeTldrawJsonBlob, type Editor } from 'tldraw'
import { exportFileName } from '../export/exportFileName'

/**
 * The whole board as a `.tldr` file, tldraw's own format, which tldraw.com and the tldraw
 * desktop app open: every record in this board's schema, images inlined as data (tldraw fetches
 * them from the board's image store, our own server).
 */
export async function exportTldr(editor: Editor, boardTitle: string, date: Date, fallbackTitle: string): Promise<{ blob: Blob; fileName: string }> {
  return { blob: await serializeTldrawJsonBlob(editor), fileName: exportFileName({ boardTitle, date, extension: 'tldr', fallbackTitle }) }
}
