import type { Box, Editor, TLShape, TLShapeId } from 'tldraw'
import { isScaffolding, readTemplateMeta } from '@whiteboard/shared/templates/templateMeta'
import { shapesOfKindOnPage } from '../board/fewShapes'

/**
 * What the facilitator's lock button acts on: the selection when there is one, unless it is
 * all the scaffolding of one template, which makes that template the target; with nothing
 * selected, the template in view. A template is its frame and the scaffolding inside it: one
 * template at a time, never every template on the page. `locked` is true when all of the
 * target is locked, so the button offers to unlock it; otherwise it offers to lock.
 */
export interface LockTarget {
  kind: 'selection' | 'template'
  ids: TLShapeId[]
  locked: boolean
  /** The template's frame, for a template target. */
  frameId?: TLShapeId
  /** The template's title on the board (its frame's name), for a template target. */
  name?: string
}

/** True for the frame a template was inserted in. */
export function isTemplateFrame(shape: TLShape): boolean {
  return shape.type === 'frame' && readTemplateMeta(shape.meta)?.role === 'frame'
}

/** A template's frame and every piece of scaffolding inside it. */
export function templateScaffolding(editor: Editor, frameId: TLShapeId): TLShapeId[] {
  return [...editor.getShapeAndDescendantIds([frameId])].filter((id) => {
    const shape = editor.getShape(id)
    return shape !== undefined && isScaffolding(shape)
  })
}

/** The template whose frame covers most of the view, if any frame shows at all. */
export function templateInView(editor: Editor): TLShape | undefined {
  const view = editor.getViewportPageBounds()
  let best: { frame: TLShape; area: number } | undefined
  for (const frame of shapesOfKindOnPage(editor, 'frames')) {
    if (!isTemplateFrame(frame)) continue
    const bounds = editor.getShapePageBounds(frame)
    const area = bounds ? overlapArea(view, bounds) : 0
    if (area > 0 && (!best || area > best.area)) best = { frame, area }
  }
  return best?.frame
}

function overlapArea(a: Box, b: Box): number {
  const w = Math.min(a.maxX, b.maxX) - Math.max(a.minX, b.minX)
  const h = Math.min(a.maxY, b.maxY) - Math.max(a.minY, b.minY)
  return w > 0 && h > 0 ? w * h : 0
}

/** The template a selection of nothing but one template's scaffolding belongs to. */
function templateOfSelection(editor: Editor, selected: TLShape[]): TLShape | undefined {
  let frame: TLShape | undefined
  for (const shape of selected) {
    if (!isScaffolding(shape)) return undefined
    const own = isTemplateFrame(shape) ? shape : editor.findShapeAncestor(shape, isTemplateFrame)
    if (!own || (frame && own.id !== frame.id)) return undefined
    frame = own
  }
  return frame
}

function templateTarget(editor: Editor, frame: TLShape): LockTarget {
  const ids = templateScaffolding(editor, frame.id)
  const name = frame.type === 'frame' ? (frame.props as { name?: string }).name : undefined
  return { kind: 'template', ids, locked: ids.every((id) => editor.getShape(id)?.isLocked === true), frameId: frame.id, ...(name ? { name } : {}) }
}

export function lockTarget(editor: Editor): LockTarget | undefined {
  const selected = editor.getSelectedShapes()
  if (selected.length > 0) {
    const template = templateOfSelection(editor, selected)
    if (template) return templateTarget(editor, template)
    return { kind: 'selection', ids: selected.map((s) => s.id), locked: selected.every((s) => s.isLocked) }
  }
  const inView = templateInView(editor)
  return inView ? templateTarget(editor, inView) : undefined
}

/** Templates on the current page with some scaffolding unlocked: the board marks each while it stays so. */
export function unlockedTemplates(editor: Editor): LockTarget[] {
  return shapesOfKindOnPage(editor, 'frames')
    .filter(isTemplateFrame)
    .map((frame) => templateTarget(editor, frame))
    .filter((target) => !target.locked)
}

/** Locks the target, or unlocks it if all of it is locked: one undoable step, synced as one change. */
export function toggleTargetLock(editor: Editor, target: LockTarget): void {
  const present = target.ids.filter((id) => editor.getShape(id) !== undefined)
  if (present.length > 0) editor.toggleLock(present)
}

/** Locks every piece of the target that is not locked yet: one undoable step. */
export function lockTargetFully(editor: Editor, target: LockTarget): void {
  const open = target.ids.filter((id) => editor.getShape(id)?.isLocked === false)
  if (open.length > 0) editor.toggleLock(open)
}

/**
 * For participants: tldraw lets anyone toggle a shape's lock (menu, Shift+L), but only a
 * facilitator may unlock template scaffolding. This refuses the change in the editor
 * before it reaches the store, whatever UI path it came from; changes from peers pass.
 * The server refuses the same (server/src/sync/updateGuard.ts).
 */
export function guardScaffoldingLocks(editor: Editor): () => void {
  return editor.sideEffects.registerBeforeChangeHandler('shape', (prev, next, source) => {
    if (source === 'user' && prev.isLocked && !next.isLocked && isScaffolding(prev)) return prev
    return next
  })
}
