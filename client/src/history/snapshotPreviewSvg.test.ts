import { describe, expect, it } from 'vitest'
import { snapshotPreviewSvg } from './snapshotPreviewSvg'

const page = { id: 'page:page', typeName: 'page', index: 'a1', name: 'Side 1' }
const note = (id: string, x: number, y: number, parentId = 'page:page', color = 'yellow') => ({
  id,
  typeName: 'shape',
  type: 'note',
  parentId,
  index: 'a2',
  x,
  y,
  props: { color, scale: 1, growY: 0 },
})
const frame = { id: 'shape:frame', typeName: 'shape', type: 'frame', parentId: 'page:page', index: 'a1', x: 1000, y: 1000, props: { w: 800, h: 600 } }

describe('snapshotPreviewSvg', () => {
  it('draws the shapes of the first page, notes in their colour, children at their page position', () => {
    const svg = snapshotPreviewSvg([page, frame, note('shape:n1', 0, 0), note('shape:n2', 100, 100, 'shape:frame', 'green')])
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="240" height="150"')).toBe(true)
    expect(svg).toContain('fill="#FED49A"')
    expect(svg).toContain('fill="#6FC896"')
    // The note inside the frame is drawn at frame + own offset, after (above) the frame.
    expect(svg).toContain('<rect x="1100" y="1100" width="200" height="200" fill="#6FC896"/>')
    expect(svg.indexOf('stroke="#9fa8b2"')).toBeLessThan(svg.indexOf('fill="#6FC896"'))
  })

  it('leaves out shapes of other pages, broken records and parent cycles, and still answers a picture', () => {
    const other = { id: 'page:other', typeName: 'page', index: 'a2' }
    const cyclic = [
      { ...note('shape:c1', 0, 0), parentId: 'shape:c2' },
      { ...note('shape:c2', 0, 0), parentId: 'shape:c1' },
    ]
    const svg = snapshotPreviewSvg([page, other, note('shape:elsewhere', 5, 5, 'page:other'), { id: 'shape:bad', typeName: 'shape', x: 'no' }, null, 7, ...cyclic])
    expect(svg).not.toContain('<g')
    expect(svg).toContain('<rect width="240" height="150" fill="#ffffff"/>')
  })

  it('escapes nothing from the records into the markup: only numbers and its own colours are written', () => {
    const evil = { ...note('shape:x', 0, 0), props: { color: '"><script>alert(1)</script>', scale: 1 } }
    const svg = snapshotPreviewSvg([page, evil])
    expect(svg).not.toContain('script')
  })
})
