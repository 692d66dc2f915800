import { forwardRef, useLayoutEffect, useState, type Ref } from 'react'
import { DefaultShapeWrapper, useEditor, type TLShapeWrapperProps } from 'tldraw'
import { shapeSightings } from './shapeSightings'

/**
 * tldraw mounts every shape of the page and hides the ones outside the viewport with
 * `display: none`. On a large board that makes opening it render thousands of shapes no
 * one sees: a 5,000-shape board spent most of its cold open building their SVG. This
 * wrapper leaves a shape's content out until the shape first comes into view, then keeps
 * it, so panning back and forth never unmounts anything (tldraw hides off-screen shapes to
 * keep their state; so do we, once there is state). Selected and edited shapes are never
 * culled, so they always render. Exports draw from the shape utils, not from the DOM.
 */
export const DeferredShapeWrapper = forwardRef(function DeferredShapeWrapper(
  { children, ...props }: TLShapeWrapperProps,
  ref: Ref<HTMLDivElement>,
) {
  const editor = useEditor()
  const id = props.shape.id
  const [seen, setSeen] = useState(() => shapeSightings(editor).isInView(id))
  useLayoutEffect(() => {
    if (!seen) return shapeSightings(editor).watch(id, () => setSeen(true))
  }, [editor, id, seen])
  return (
    <DefaultShapeWrapper ref={ref} {...props}>
      {seen ? children : null}
    </DefaultShapeWrapper>
  )
})
