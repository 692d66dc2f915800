import { describe, expect, it } from 'vitest'
import {
  createShapeId,
  createTLStore,
  DocumentRecordType,
  getIndexAbove,
  PageRecordType,
  TLDOCUMENT_ID,
  type IndexKey,
  type TLShape,
  type TLStore,
} from 'tldraw'
import { boxesOverlap, type Box } from '@whiteboard/shared/templates/placeTemplate'
import { isScaffolding } from '@whiteboard/shared/templates/templateMeta'
import { rectangleRecord } from '@whiteboard/shared/test/rectangleRecord'
import { planTemplateInsert } from './insertTemplate'

const PAGE = PageRecordType.createId('p1')

/** A store holding a page with a rectangle and a sticky note already on it, as the editor would have it. */
function boardWithContent(): TLStore {
  const store = createTLStore()
  store.put([DocumentRecordType.create({ id: TLDOCUMENT_ID }), PageRecordType.create({ id: PAGE, name: 'Side 1', index: 'a1' as IndexKey })])
  store.put([rectangleRecord({ id: createShapeId('rect'), x: -200, y: -100, parentId: PAGE, w: 900, h: 300 })])
  return store
}

/** Top-level page bounds as the editor reports them (these shapes are unrotated, so x/y/w/h). */
function topLevelBoxes(store: TLStore): Box[] {
  const out: Box[] = []
  for (const record of store.allRecords()) {
    if (record.typeName !== 'shape' || record.parentId !== PAGE) continue
    const props = record.props as { w?: number; h?: number }
    out.push({ x: record.x, y: record.y, w: props.w ?? 200, h: props.h ?? 200 })
  }
  return out
}

function highestIndex(store: TLStore): IndexKey {
  const indices = store
    .allRecords()
    .filter((r): r is TLShape => r.typeName === 'shape' && r.parentId === PAGE)
    .map((r) => r.index)
    .sort()
  return getIndexAbove(indices.at(-1) ?? null)
}

function insert(store: TLStore, id: string): Box {
  const placement = planTemplateInsert(id, 'nb', { pageId: PAGE, existing: topLevelBoxes(store), index: highestIndex(store) })
  // The store validates every record against tldraw's schema and throws on any invalid one.
  store.put(placement.records)
  return placement.bounds
}

describe('planTemplateInsert against a headless store', () => {
  it('puts the journey map and the stakeholder map beside existing content and each other, never overlapping', () => {
    const store = boardWithContent()
    const existing = topLevelBoxes(store)
    const journey = insert(store, 'service-journey')
    const stakeholders = insert(store, 'stakeholder-map')
    const again = insert(store, 'service-journey')
    const placed = [journey, stakeholders, again]
    for (const box of placed) for (const other of existing) expect(boxesOverlap(box, other)).toBe(false)
    for (let i = 0; i < placed.length; i++) for (let j = i + 1; j < placed.length; j++) expect(boxesOverlap(placed[i]!, placed[j]!)).toBe(false)

    const frames = store
      .allRecords()
      .filter((r): r is TLShape => r.typeName === 'shape' && r.type === 'frame')
      .sort((a, b) => a.x - b.x)
    expect(frames.map((f) => (f.props as { name: string }).name)).toEqual(['Tjenestereise', 'Interessentkart', 'Tjenestereise'])
    // Each insert lands above what was on the page.
    const indices = store
      .allRecords()
      .filter((r): r is TLShape => r.typeName === 'shape' && r.parentId === PAGE)
      .sort((a, b) => (a.index < b.index ? -1 : 1))
      .map((r) => r.type)
    expect(indices).toEqual(['geo', 'frame', 'frame', 'frame'])
  })

  it('builds the template in the board language, scaffolding locked, every item inside its frame', () => {
    const store = boardWithContent()
    const placement = planTemplateInsert('service-journey', 'en', { pageId: PAGE, existing: topLevelBoxes(store), index: highestIndex(store), createId: counterIds() })
    store.put(placement.records)
    const [frame, ...children] = placement.records
    expect(frame!.type).toBe('frame')
    expect((frame!.props as { name: string }).name).toBe('Service journey map')
    expect(frame!.x).toBe(placement.bounds.x)
    expect(children.every((c) => c.parentId === frame!.id)).toBe(true)
    expect(children.filter(isScaffolding).every((c) => c.isLocked)).toBe(true)
    expect(children.some((c) => c.type === 'note' && !c.isLocked)).toBe(true)
  })

  it('refuses an unknown template', () => {
    expect(() => planTemplateInsert('no-such-method', 'nb', { pageId: PAGE, existing: [], index: 'a1' as IndexKey })).toThrow(/Unknown template/)
  })

  it('starts at the origin on an empty page', () => {
    const placement = planTemplateInsert('power-interest', 'nb', { pageId: PAGE, existing: [], index: 'a1' as IndexKey })
    expect(placement.bounds).toMatchObject({ x: 0, y: 0 })
  })
})

function counterIds() {
  let n = 0
  return () => `t${n++}`
}
