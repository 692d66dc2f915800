import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { recordsArray } from '@whiteboard/shared'
import { readRunSheetState } from './runSheetChanges'

function frame(id: string, template: string, name: unknown, role = 'frame'): { key: string; val: unknown } {
  return { key: id, val: { id, typeName: 'shape', type: 'frame', parentId: 'page:page', x: 0, y: 0, rotation: 0, index: 'a1', props: { w: 10, h: 10, name }, meta: { template, role } } }
}

describe('readRunSheetState', () => {
  it("lists each template's first frame once, in board order, on a board of many frames with repeated templates", () => {
    const entries: { key: string; val: unknown }[] = []
    // 6,000 frames over 1,500 templates, repeats scattered so a template's first frame is not its lowest-numbered one.
    for (let i = 0; i < 6000; i++) {
      const t = (i * 7919) % 1500
      entries.push(frame(`shape:f${i}`, `t${t}`, i % 3 === 0 ? `Frame ${i}` : undefined))
    }
    // Neither a template's scaffolding nor a non-frame shape offers a frame to pick.
    entries.push(frame('shape:lane', 'lane-only', 'Lane', 'lane'))
    entries.push({ key: 'shape:note', val: { id: 'shape:note', typeName: 'shape', type: 'note', parentId: 'page:page', props: {}, meta: { template: 'note-only', role: 'frame' } } })
    // A key written again keeps its first place in the map but shows its latest value: f0 now belongs to a new template.
    entries.push(frame('shape:f0', 'rewritten', 'Rewritten'))

    const doc = new Y.Doc()
    doc.transact(() => recordsArray(doc).push(entries as never))
    const { frames } = readRunSheetState(doc)

    const latest = new Map(entries.map((e) => [e.key, e.val as { type: string; props: { name?: unknown }; meta: { template: string; role: string } }]))
    const expected: { template: string; name: string }[] = []
    for (const v of latest.values()) {
      if (v.type !== 'frame' || v.meta.role !== 'frame' || expected.some((f) => f.template === v.meta.template)) continue
      expected.push({ template: v.meta.template, name: typeof v.props.name === 'string' ? v.props.name : v.meta.template })
    }
    expect(frames).toEqual(expected)
    expect(frames).toHaveLength(1501)
    expect(frames[0]).toEqual({ template: 'rewritten', name: 'Rewritten' })
    expect(new Set(frames.map((f) => f.template)).size).toBe(frames.length)
    expect(frames.some((f) => f.template === 'lane-only' || f.template === 'note-only')).toBe(false)
    doc.destroy()
  })
})
