import { DefaultCanvas, useEditor, type TLCanvasComponentProps } from 'tldraw'
import { leanRenderingShapes } from './leanRenderingShapes'

/**
 * tldraw's canvas, drawing from the lean render list. The list is swapped in here, during the
 * canvas's first render, because the shapes layer reads it in that same render: swapped in
 * `onMount`, every shape of the board would already have been mounted once.
 */
export function LeanCanvas(props: TLCanvasComponentProps) {
  leanRenderingShapes(useEditor())
  return <DefaultCanvas {...props} />
}
