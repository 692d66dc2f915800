import { createShapeId, startEditingShapeWithRichText, toRichText, type Editor, type TLClickEventInfo } from 'tldraw'
import { readTemplateMeta } from '@whiteboard/shared/templates/templateMeta'

/** A tldraw sticky note's side at scale 1: the new note is centred on the double-click. */
const NOTE_SIDE = 200

/** The select tool's idle state, whose canvas double-click makes a text box. */
interface CanvasDoubleClick {
  handleDoubleClickOnCanvas(info: TLClickEventInfo): void
}

/**
 * Double-clicking a template's (locked) cell makes a sticky note there, ready to type in, as a
 * person filling in a template expects, instead of tldraw's loose text box. Elsewhere on the
 * canvas tldraw's text box stays. Locked scaffolding is not hit by tldraw, so a double-click on
 * a cell reaches the idle state as one on the empty canvas; the one method that handles that
 * is wrapped (tldraw offers no option for what it creates). The note goes on the page, as a
 * note placed on a template with the note tool does (the template's frame is locked), and its
 * centre is the spot clicked, so it counts in that cell. Returns the undo.
 */
export function noteOnTemplateDoubleClick(editor: Editor): () => void {
  const idle = editor.getStateDescendant('select.idle') as unknown as CanvasDoubleClick | undefined
  if (!idle) return () => {}
  const original = idle.handleDoubleClickOnCanvas.bind(idle)
  const wrapped = (info: TLClickEventInfo) => {
    const point = editor.inputs.getCurrentPagePoint()
    const onTemplate = editor
      .getCurrentPageShapes()
      .some((shape) => shape.type === 'frame' && readTemplateMeta(shape.meta)?.role === 'frame' && editor.getShapePageBounds(shape)?.containsPoint(point))
    if (!onTemplate || editor.getIsReadonly()) {
      original(info)
      return
    }
    editor.markHistoryStoppingPoint('creating note in template')
    const id = createShapeId()
    editor.createShape({ id, type: 'note', parentId: editor.getCurrentPageId(), x: point.x - NOTE_SIDE / 2, y: point.y - NOTE_SIDE / 2, props: { richText: toRichText('') } })
    if (editor.getShape(id)) startEditingShapeWithRichText(editor, id, { info })
  }
  idle.handleDoubleClickOnCanvas = wrapped
  return () => {
    if (idle.handleDoubleClickOnCanvas === wrapped) idle.handleDoubleClickOnCanvas = original
  }
}
