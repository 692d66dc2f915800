import type { Editor } from 'tldraw'
import { exportImage, type ExportBackground, type ExportScale } from './exportImage'
import { frameExportIds, type FrameInfo } from './exportTargets'

export interface RenderedFrame {
  name: string
  png: Uint8Array
  /** Pixel size of the PNG. */
  width: number
  height: number
}

export interface FramesProgress {
  done: number
  total: number
}

export interface RenderFramesOptions {
  scale: ExportScale
  background: ExportBackground
  signal?: AbortSignal
  onProgress?: (progress: FramesProgress) => void
}

/**
 * Renders frames to PNG one after the other. One at a time keeps memory flat on big boards and
 * gives a natural point to report progress and to honour cancelling between frames.
 */
export async function renderFrames(editor: Editor, frames: readonly FrameInfo[], opts: RenderFramesOptions): Promise<RenderedFrame[]> {
  const rendered: RenderedFrame[] = []
  opts.onProgress?.({ done: 0, total: frames.length })
  for (const frame of frames) {
    opts.signal?.throwIfAborted()
    const bounds = editor.getShapePageBounds(frame.id)
    const image = await exportImage(editor, frameExportIds(editor, frame.id), {
      format: 'png',
      scale: opts.scale,
      background: opts.background,
      ...(bounds ? { bounds } : {}),
    })
    opts.signal?.throwIfAborted()
    rendered.push({ name: frame.name, png: new Uint8Array(await image.blob.arrayBuffer()), width: image.width, height: image.height })
    opts.onProgress?.({ done: rendered.length, total: frames.length })
  }
  return rendered
}
