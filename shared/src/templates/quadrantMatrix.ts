import type { TLDefaultColorStyle } from '@tldraw/tlschema'
import { arrow, box, hint, text } from './templateItems'
import type { Label, Size, TemplateItem } from './types'

/**
 * The two-axis, four-quadrant grid shared by the power–interest grid and the impact–effort
 * matrix: the vertical axis grows upwards, the horizontal one to the right.
 */

export interface Quadrant {
  part: string
  label: Label
  hint: Label
  color: TLDefaultColorStyle
}

export interface QuadrantMatrixSpec {
  intro: Label
  /** Vertical axis, low at the bottom. */
  yAxis: Label
  /** Horizontal axis, low on the left. */
  xAxis: Label
  /** High y, low x. */
  topLeft: Quadrant
  /** High y, high x. */
  topRight: Quadrant
  /** Low y, low x. */
  bottomLeft: Quadrant
  /** Low y, high x. */
  bottomRight: Quadrant
}

const LOW: Label = { nb: 'Lav', nn: 'Låg', en: 'Low' }
const HIGH: Label = { nb: 'Høy', nn: 'Høg', en: 'High' }

const MARGIN = 40
const GRID_X = 170
const GRID_Y = 90
const CELL_W = 700
const CELL_H = 560
const GRID_W = 2 * CELL_W
const GRID_H = 2 * CELL_H
const Y_AXIS_X = 116
const X_AXIS_Y = GRID_Y + GRID_H + 54

export const QUADRANT_MATRIX_SIZE: Size = { w: GRID_X + GRID_W + MARGIN, h: X_AXIS_Y + 60 + MARGIN }

export function quadrantMatrix(spec: QuadrantMatrixSpec): TemplateItem[] {
  const cells: [Quadrant, number, number][] = [
    [spec.topLeft, 0, 0],
    [spec.topRight, 1, 0],
    [spec.bottomLeft, 0, 1],
    [spec.bottomRight, 1, 1],
  ]
  const items: TemplateItem[] = [hint(MARGIN, 24, QUADRANT_MATRIX_SIZE.w - 2 * MARGIN, spec.intro)]
  for (const [q, col, row] of cells) {
    const x = GRID_X + col * CELL_W
    const y = GRID_Y + row * CELL_H
    items.push(
      box({ role: 'quadrant', part: q.part, x, y, w: CELL_W, h: CELL_H, color: q.color, fill: 'solid', size: 'l', align: 'start', verticalAlign: 'start', label: q.label }),
      hint(x + 18, y + 66, CELL_W - 36, q.hint, `${q.part}:hint`),
    )
  }
  items.push(
    arrow({ role: 'axis', part: 'axis:y', x: Y_AXIS_X, y: GRID_Y + GRID_H, start: { x: 0, y: 0 }, end: { x: 0, y: -GRID_H }, label: spec.yAxis }),
    arrow({ role: 'axis', part: 'axis:x', x: GRID_X, y: X_AXIS_Y, start: { x: 0, y: 0 }, end: { x: GRID_W, y: 0 }, label: spec.xAxis }),
    text({ role: 'axis', part: 'axis:y:high', x: MARGIN - 10, y: GRID_Y, w: 60, text: HIGH, textAlign: 'end' }),
    text({ role: 'axis', part: 'axis:y:low', x: MARGIN - 10, y: GRID_Y + GRID_H - 30, w: 60, text: LOW, textAlign: 'end' }),
    text({ role: 'axis', part: 'axis:x:low', x: GRID_X, y: X_AXIS_Y + 20, w: 100, text: LOW }),
    text({ role: 'axis', part: 'axis:x:high', x: GRID_X + GRID_W - 100, y: X_AXIS_Y + 20, w: 100, text: HIGH, textAlign: 'end' }),
  )
  return items
}
