import type { CSSProperties } from 'react'
import { getDisplayValues, useEditor, useColorMode, type TLGeoShape, type TLNoteShape, type TLShape } from 'tldraw'
import { labelText, type RichTextNode } from './labelText'

/**
 * The shapes that look the same far from the camera when drawn as one box: notes and
 * rectangles. Anything else (ellipses, arrows, drawings, images, frames) keeps its full content.
 */
export function hasFarLook(shape: TLShape): shape is TLNoteShape | TLGeoShape {
  return shape.type === 'note' || (shape.type === 'geo' && shape.props.geo === 'rectangle')
}

interface LabelLook {
  labelColor: string
  labelFontFamily: string
  labelFontSize: number
  labelLineHeight: number
  labelPadding: number
  labelHorizontalAlign: 'start' | 'center' | 'end'
  labelVerticalAlign: 'start' | 'middle' | 'end'
}

interface NoteLook extends LabelLook {
  noteBackgroundColor: string
  borderColor: string
  borderWidth: number
}

interface RectangleLook extends LabelLook {
  strokeColor: string
  strokeWidth: number
  fillColor: string
}

const COLUMN_ALIGN = { start: 'flex-start', middle: 'center', end: 'flex-end' } as const

/**
 * A note or rectangle as one box with its label's plain text, for a shape seen only from far
 * away: what tldraw draws there (a solid fill, a note without its shadow, text a few pixels
 * high) without its SVG, rich-text editor markup and per-shape subscriptions. The colours and
 * font come from tldraw's own display values, so a theme or dark mode applies here too.
 */
export function FarLook({ shape }: { shape: TLNoteShape | TLGeoShape }) {
  const editor = useEditor()
  const colorMode = useColorMode()
  const util = editor.getShapeUtil(shape) as unknown as Parameters<typeof getDisplayValues>[0]
  const text = labelText(shape.props.richText as RichTextNode)
  const scale = shape.props.scale
  let box: CSSProperties
  let look: NoteLook | RectangleLook
  if (shape.type === 'note') {
    const dv = getDisplayValues(util, shape, colorMode) as NoteLook
    look = dv
    box = { background: dv.noteBackgroundColor, borderBottom: `${dv.borderWidth * scale}px solid ${dv.borderColor}` }
  } else {
    const dv = getDisplayValues(util, shape, colorMode) as RectangleLook
    look = dv
    box = { background: dv.fillColor, boxShadow: `inset 0 0 0 ${dv.strokeWidth * scale}px ${dv.strokeColor}` }
  }
  return (
    <div className="board-far-look" style={box}>
      {text && (
        <div
          className="board-far-look-text"
          style={{
            color: look.labelColor,
            fontFamily: look.labelFontFamily,
            fontSize: look.labelFontSize * scale,
            lineHeight: look.labelLineHeight,
            padding: look.labelPadding * scale,
            justifyContent: COLUMN_ALIGN[look.labelVerticalAlign],
            textAlign: look.labelHorizontalAlign,
          }}
        >
          {text}
        </div>
      )}
    </div>
  )
}
