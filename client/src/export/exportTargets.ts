import type { Box, Editor, TLFrameShape, TLParentId, TLShape, TLShapeId } from 'tldraw'
import { shapesOverFrame } from '../board/shapesOverFrame'

/** What an export covers. Frames are the template areas of a board. */
export type ExportTarget = { kind: 'board' } | { kind: 'selection' } | { kind: 'frame'; id: TLShapeId }

export interface FrameInfo {
  id: TLShapeId
  /** The frame's own name, or a numbered fallback when it has none. */
  name: string
}

function isFrame(shape: TLShape): shape is TLFrameShape {
  return shape.type === 'frame'
}

/**
 * Frames of the current page in the editor's paint order, which is the order a template
 * created them in: that is the reading order its author meant, so it is the page order of the PDF.
 * The export menu keeps this list live, so it walks only the page's and its frames' and groups'
 * child lists (the only shapes that hold others) and reads no other shape: built from every
 * shape of the page, it was built again for every move of any shape on a 2,000-shape board.
 */
export function listFrames(editor: Editor, unnamed: (index: number) => string): FrameInfo[] {
  const frames: TLFrameShape[] = []
  const visit = (parentId: TLParentId) => {
    for (const id of editor.getSortedChildIdsForParent(parentId)) {
      // A shape's type never changes, so reading it does not make the list depend on the shape.
      const type = editor.store.unsafeGetWithoutCapture(id)?.type
      if (type !== 'frame' && type !== 'group') continue
      const shape = editor.getShape(id)
      if (shape && isFrame(shape)) frames.push(shape)
      visit(id)
    }
  }
  visit(editor.getCurrentPageId())
  return frames.map((frame, index) => ({ id: frame.id, name: frame.props.name.trim() || unnamed(index + 1) }))
}

/** The shapes an export of the target includes; empty when there is nothing to export. */
export function shapeIdsForTarget(editor: Editor, target: ExportTarget): TLShapeId[] {
  switch (target.kind) {
    case 'board':
      return editor.getCurrentPageShapesSorted().map((shape) => shape.id)
    case 'selection':
      return [...editor.getSelectedShapeIds()]
    case 'frame':
      return frameExportIds(editor, target.id)
  }
}

/** A frame with the shapes people put over it (see shapesOverFrame for why not just its children). */
export function frameExportIds(editor: Editor, frameId: TLShapeId): TLShapeId[] {
  return editor.getShape(frameId) ? [frameId, ...shapesOverFrame(editor, frameId)] : []
}

/** The area an export of the target is cropped to: a frame's own bounds, else the shapes' union. */
export function boundsForTarget(editor: Editor, target: ExportTarget): Box | undefined {
  return target.kind === 'frame' ? editor.getShapePageBounds(target.id) : undefined
}
