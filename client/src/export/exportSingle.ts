import type { Editor } from 'tldraw'
import { exportFileName } from './exportFileName'
import { exportImage, type ImageExportOptions } from './exportImage'
import { boundsForTarget, shapeIdsForTarget, type ExportTarget, type FrameInfo } from './exportTargets'
import type { ExportTexts } from './exportTexts'

export interface SingleExportRequest extends ImageExportOptions {
  target: ExportTarget
  boardTitle: string
  frames: readonly FrameInfo[]
  texts: ExportTexts
  date: Date
}

/** One PNG or SVG of the board, the selection or a frame, with its file name; null when the target is empty. */
export async function exportSingle(editor: Editor, request: SingleExportRequest): Promise<{ blob: Blob; fileName: string } | null> {
  const ids = shapeIdsForTarget(editor, request.target)
  if (ids.length === 0) return null
  const bounds = boundsForTarget(editor, request.target)
  const image = await exportImage(editor, ids, bounds ? { ...request, bounds } : request)
  const target = request.target
  const part =
    target.kind === 'frame' ? request.frames.find((frame) => frame.id === target.id)?.name : target.kind === 'selection' ? request.texts.selectionPart : undefined
  const fileName = exportFileName({
    boardTitle: request.boardTitle,
    part,
    date: request.date,
    extension: request.format,
    fallbackTitle: request.texts.fallbackTitle,
  })
  return { blob: image.blob, fileName }
}
