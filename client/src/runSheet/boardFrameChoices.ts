import type { Editor, TLFrameShape, TLPageId } from 'tldraw'
import { readTemplateMeta } from '@whiteboard/shared/templates/templateMeta'
import { inPaintOrder, shapesOfKind } from '../board/fewShapes'
import type { FrameChoice } from './StepForm'

/** The frames on every page of the board, as choices for a step: by shape id, with the template they come from so a copy of the board finds its own. */
export function boardFrameChoices(editor: Editor): FrameChoice[] {
  const byPage = new Map<TLPageId | undefined, TLFrameShape[]>()
  for (const frame of shapesOfKind(editor.store, 'frames')) {
    const pageId = editor.getAncestorPageId(frame)
    const onPage = byPage.get(pageId)
    if (onPage) onPage.push(frame)
    else byPage.set(pageId, [frame])
  }
  const choices: FrameChoice[] = []
  for (const page of editor.getPages()) {
    for (const shape of inPaintOrder(editor, byPage.get(page.id) ?? [])) {
      const meta = readTemplateMeta(shape.meta)
      const template = meta?.role === 'frame' ? meta.template : null
      const name = shape.props.name || template || shape.id
      choices.push({ value: shape.id, name, frame: { shapeId: shape.id, template } })
    }
  }
  return choices
}
