import type { Editor } from 'tldraw'
import { readTemplateMeta } from '@whiteboard/shared/templates/templateMeta'
import type { FrameChoice } from './StepForm'

/** The frames on every page of the board, as choices for a step: by shape id, with the template they come from so a copy of the board finds its own. */
export function boardFrameChoices(editor: Editor): FrameChoice[] {
  const choices: FrameChoice[] = []
  for (const page of editor.getPages()) {
    for (const id of editor.getPageShapeIds(page)) {
      const shape = editor.getShape(id)
      if (shape?.type !== 'frame') continue
      const meta = readTemplateMeta(shape.meta)
      const template = meta?.role === 'frame' ? meta.template : null
      const name = shape.props.name || template || shape.id
      choices.push({ value: shape.id, name, frame: { shapeId: shape.id, template } })
    }
  }
  return choices
}
