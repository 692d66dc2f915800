import { forwardRef, useLayoutEffect, useState, type Ref } from 'react'
import { DefaultShapeWrapper, useEditor, type TLShapeWrapperProps } from 'tldraw'
import { FarLook, hasFarLook } from './FarLook'
import { shapeSightings, type Sighting } from './shapeSightings'

/**
 * Draws a shape's content only once it is worth drawing. The canvas mounts a shape once it
 * first comes into view (`leanRenderingShapes.ts`); a note or rectangle that has only been
 * seen from far away (below FAR_ZOOM, e.g. a whole large board in view) shows its far look
 * (`FarLook.tsx`), a box with its label's text, until it is first seen closer, selected or
 * edited; opening a 5,000-note board then builds no SVG and no rich-text label at all. Once
 * drawn, content stays, so zooming and panning back and forth never unmount anything (tldraw
 * hides off-screen shapes to keep their state; so do we). Any other shape, and any shape that
 * was somehow mounted before being in view, draws its content once in view. Exports draw from
 * the shape utils, not from the DOM, so they always show every shape in full.
 */
export const DeferredShapeWrapper = forwardRef(function DeferredShapeWrapper(
  { children, ...props }: TLShapeWrapperProps,
  ref: Ref<HTMLDivElement>,
) {
  const editor = useEditor()
  const id = props.shape.id
  const farShape = !props.isBackground && hasFarLook(props.shape) ? props.shape : null
  const sighting: Sighting = farShape ? 'close up' : 'in view'
  const [seen, setSeen] = useState(() => shapeSightings(editor).isSeen(id, sighting))
  useLayoutEffect(() => {
    if (!seen) return shapeSightings(editor).watch(id, sighting, () => setSeen(true))
  }, [editor, id, seen, sighting])
  let content = null
  if (seen) content = children
  else if (farShape) content = <FarLook shape={farShape} />
  return (
    <DefaultShapeWrapper ref={ref} {...props}>
      {content}
    </DefaultShapeWrapper>
  )
})
