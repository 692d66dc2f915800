import type { BoardLang } from '@whiteboard/shared'
import type { Editor } from 'tldraw'
import { buildFramesPdf } from './buildFramesPdf'
import { buildFramesZip } from './buildFramesZip'
import { exportFileName } from './exportFileName'
import type { ExportBackground, ExportScale } from './exportImage'
import type { FrameInfo } from './exportTargets'
import type { ExportTexts } from './exportTexts'
import { renderFrames, type FramesProgress } from './renderFrames'

export interface AllFramesRequest {
  kind: 'pdf' | 'zip'
  frames: readonly FrameInfo[]
  scale: ExportScale
  background: ExportBackground
  boardTitle: string
  lang: BoardLang
  texts: ExportTexts
  date: Date
  signal: AbortSignal
  onProgress: (progress: FramesProgress) => void
}

/**
 * Every frame as one PDF (a landscape page each) or one ZIP of PNGs. Cancelling through
 * `signal` rejects with the signal's reason between two frames.
 */
export async function exportAllFrames(editor: Editor, request: AllFramesRequest): Promise<{ blob: Blob; fileName: string }> {
  const { kind, boardTitle, texts, date } = request
  // A PDF page is white paper: a transparent image would only look grey in some viewers.
  const background = kind === 'pdf' ? 'white' : request.background
  const rendered = await renderFrames(editor, request.frames, { scale: request.scale, background, signal: request.signal, onProgress: request.onProgress })
  request.signal.throwIfAborted()
  const fileNameFor = (part: string | undefined, extension: 'png' | 'pdf' | 'zip') =>
    exportFileName({ boardTitle, part, date, extension, fallbackTitle: texts.fallbackTitle })
  const title = boardTitle.trim() || texts.fallbackTitle

  if (kind === 'pdf') {
    const bytes = await buildFramesPdf({ boardTitle: title, documentTitle: texts.pdfTitle(title), lang: request.lang, frames: rendered })
    return { blob: new Blob([toArrayBuffer(bytes)], { type: 'application/pdf' }), fileName: fileNameFor(undefined, 'pdf') }
  }
  const bytes = buildFramesZip(rendered, (frameName) => fileNameFor(frameName, 'png'))
  return { blob: new Blob([toArrayBuffer(bytes)], { type: 'application/zip' }), fileName: fileNameFor(undefined, 'zip') }
}

/** TS 5.9 types Uint8Array over ArrayBufferLike, which Blob does not take; the libraries return plain ArrayBuffers. */
function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
    ? bytes.buffer
    : bytes.slice().buffer
}
