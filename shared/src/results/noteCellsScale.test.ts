import { afterEach, describe, expect, it, vi } from 'vitest'
import { frameRecord } from '../test/frameRecord'
import { NOTE_SIZE, noteRecord } from '../test/noteRecord'
import { noteCells } from './noteCells'
import { ShapeTransforms, type PlacedShape, type Point } from './shapeTransforms'

/**
 * noteCells on large boards: the work per note must not grow with the number of frames (an
 * untrusted board could otherwise hold the server for minutes). Work is counted, not timed: the
 * containment tests (ShapeTransforms.toLocal, which inverts a matrix each call) and the reads of
 * shapes' `meta`, which a scan of every shape per frame repeats frames × shapes times.
 */

const PAGE = { id: 'page:page', typeName: 'page', name: 'Page 1', index: 'a1', meta: {} }
const PAGE_TWO = { id: 'page:two', typeName: 'page', name: 'Page 2', index: 'a2', meta: {} }

afterEach(() => {
  vi.restoreAllMocks()
})

/** Runs noteCells and counts its containment tests and `meta` reads. */
function work(records: unknown[]): { toLocal: number; metaReads: number } {
  let metaReads = 0
  const counted = records.map((record) => {
    const r = record as { typeName: string; meta: unknown }
    if (r.typeName !== 'shape') return record
    const meta = r.meta
    const copy = { ...r }
    Object.defineProperty(copy, 'meta', {
      enumerable: true,
      get: () => {
        metaReads++
        return meta
      },
    })
    return copy
  })
  const toLocal = vi.spyOn(ShapeTransforms.prototype, 'toLocal')
  noteCells(counted)
  const calls = toLocal.mock.calls.length
  toLocal.mockRestore()
  return { toLocal: calls, metaReads }
}

/** n frames stacked on one spot and n notes on their common centre: every frame holds every note. */
function stackedBoard(n: number): unknown[] {
  const records: unknown[] = [PAGE]
  for (let i = 0; i < n; i++) records.push(frameRecord({ id: `shape:f${i}`, index: 'a1' }))
  for (let i = 0; i < n; i++) records.push(noteRecord({ id: `shape:n${i}`, cx: 100, cy: 100 }))
  return records
}

/** n frames side by side, a note in each, and a quarter as many notes outside every frame. */
function spreadBoard(n: number): unknown[] {
  const records: unknown[] = [PAGE]
  const side = Math.ceil(Math.sqrt(n))
  for (let i = 0; i < n; i++) {
    const x = (i % side) * 500
    const y = Math.floor(i / side) * 400
    records.push(frameRecord({ id: `shape:f${i}`, index: 'a1', x, y }))
    records.push(noteRecord({ id: `shape:n${i}`, cx: x + 200, cy: y + 150 }))
  }
  for (let i = 0; i < n / 4; i++) records.push(noteRecord({ id: `shape:out${i}`, cx: -1000 - i * 10, cy: 150 }))
  return records
}

/** One template frame with n lanes, a note in each lane, and as many notes on another page. */
function lanesBoard(n: number): unknown[] {
  const records: unknown[] = [PAGE, PAGE_TWO]
  records.push({ ...frameRecord({ id: 'shape:frame', index: 'a1' }), props: { w: 2000, h: n * 100, name: 'Lanes', color: 'black' }, meta: { template: 't', role: 'frame' } })
  for (let i = 0; i < n; i++) {
    records.push({
      ...frameRecord({ id: `shape:lane${i}`, index: 'a1', parentId: 'shape:frame', y: i * 100 }),
      type: 'geo',
      props: { geo: 'rectangle', w: 2000, h: 100, richText: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: `Lane ${i}` }] }] } },
      meta: { template: 't', role: 'lane', scaffolding: true, part: `lane:${i}` },
    })
    records.push(noteRecord({ id: `shape:n${i}`, cx: 1000, cy: i * 100 + 50 }))
    records.push(noteRecord({ id: `shape:m${i}`, cx: 1000, cy: i * 100 + 50, parentId: 'page:two' }))
  }
  return records
}

describe('noteCells on large boards', () => {
  for (const [name, board, notesOf] of [
    ['frames stacked on one spot', stackedBoard, (n: number) => n],
    ['frames side by side, notes inside and outside', spreadBoard, (n: number) => n + n / 4],
    ['one frame of many lanes', lanesBoard, (n: number) => 2 * n],
  ] as const) {
    it(`does work in proportion to the board, not frames × notes (${name})`, () => {
      const small = work(board(1000))
      const large = work(board(2000))
      // A scan of every frame or lane per note would make about 2,000 × 2,000 tests here.
      expect(large.toLocal).toBeLessThanOrEqual(20 * notesOf(2000))
      expect(large.toLocal).toBeLessThanOrEqual(2.5 * small.toLocal)
      expect(large.metaReads).toBeLessThanOrEqual(2.5 * small.metaReads)
      expect(large.metaReads).toBeLessThanOrEqual(10 * board(2000).length)
    })
  }

  it('still files every note of those boards', () => {
    const stacked = noteCells(stackedBoard(2000))
    // Equal frames: the first in frame order wins, as before.
    expect(new Set(stacked.notes.map((n) => n.frameId))).toEqual(new Set([stacked.frames[0]!.id]))
    const spread = noteCells(spreadBoard(2000))
    expect(spread.notes.filter((n) => n.frameId !== null)).toHaveLength(2000)
    expect(spread.notes.filter((n) => n.frameId !== null).every((n) => n.frameId === `shape:f${n.id.slice('shape:n'.length)}`)).toBe(true)
    const lanes = noteCells(lanesBoard(2000))
    expect(lanes.frames[0]!.rows).toHaveLength(2000)
    const onFrame = lanes.notes.filter((n) => n.frameId === 'shape:frame')
    expect(onFrame.map((n) => n.row)).toEqual(Array.from({ length: 2000 }, (_, i) => `Lane ${i}`))
    expect(lanes.notes.filter((n) => n.pageId === 'page:two').every((n) => n.frameId === null && n.row === '')).toBe(true)
  })
})

describe("noteCells' frame of a note matches a scan of every frame", () => {
  /** The straightforward rule: the smallest frame on the note's page that holds its centre, edges included; the first in frame order of equal ones. */
  function referenceFrame(transforms: ShapeTransforms, sizes: ReadonlyMap<string, { w: number; h: number }>, frames: readonly { id: string; pageId: string }[], pageId: string, centre: Point): string | null {
    let best: { id: string; area: number } | undefined
    for (const frame of frames) {
      if (frame.pageId !== pageId) continue
      const { w, h } = sizes.get(frame.id)!
      const p = transforms.toLocal(frame.id, centre)
      if (!p || p.x < 0 || p.y < 0 || p.x > w || p.y > h) continue
      if (!best || w * h < best.area) best = { id: frame.id, area: w * h }
    }
    return best?.id ?? null
  }

  function random(seed: number): () => number {
    let s = seed
    return () => {
      s = (s * 1103515245 + 12345) % 2147483648
      return s / 2147483648
    }
  }

  it('on random boards of nested, rotated, overlapping and equal frames, with notes on their edges', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const rnd = random(seed)
      const pick = <T>(options: readonly T[]): T => options[Math.floor(rnd() * options.length)]!
      const records: unknown[] = [PAGE, PAGE_TWO]
      const frameIds: string[] = []
      for (let i = 0; i < 60; i++) {
        const id = `shape:f${i}`
        const parentId = frameIds.length > 0 && rnd() < 0.3 ? pick(frameIds) : pick(['page:page', 'page:two'])
        const frame = frameRecord({ id, index: 'a1', parentId, x: pick([0, 100, Math.round(rnd() * 1500)]), y: pick([0, 100, Math.round(rnd() * 1500)]) })
        records.push({ ...frame, rotation: pick([0, 0, 0, Math.PI / 2, Math.PI / 6, rnd() * 6]), props: { ...frame.props, w: pick([400, 200, Math.round(rnd() * 600)]), h: pick([300, 200, Math.round(rnd() * 600)]) } })
        frameIds.push(id)
      }
      for (let i = 0; i < 120; i++) {
        // Centres on frames' corners and edges as well as anywhere.
        const cx = pick([0, 100, 200, 400, 500, Math.round(rnd() * 2000) - 200])
        const cy = pick([0, 100, 300, 400, Math.round(rnd() * 2000) - 200])
        records.push(noteRecord({ id: `shape:n${i}`, cx, cy, parentId: rnd() < 0.2 ? pick(frameIds) : pick(['page:page', 'page:two']) }))
      }
      const result = noteCells(records)
      const shapes = new Map((records as PlacedShape[]).filter((r) => r.id.startsWith('shape:')).map((r) => [r.id, r]))
      const sizes = new Map((records as { id: string; props?: { w: number; h: number } }[]).map((r) => [r.id, { w: r.props?.w ?? 0, h: r.props?.h ?? 0 }]))
      const transforms = new ShapeTransforms(shapes)
      for (const note of result.notes) {
        const centre = transforms.toPage(note.id, { x: NOTE_SIZE / 2, y: NOTE_SIZE / 2 })!
        expect(note.frameId, `seed ${seed}, ${note.id}`).toBe(referenceFrame(transforms, sizes, result.frames, note.pageId, centre))
      }
    }
  })
})
