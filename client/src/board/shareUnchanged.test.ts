import { describe, expect, it } from 'vitest'
import { createShapeId, createTLStore, GeoShapeUtil, PageRecordType, type Editor, type IndexKey, type TLGeoShape } from 'tldraw'
import { shareUnchanged } from './shareUnchanged'

function geo(x: number, props: Partial<TLGeoShape['props']> = {}, meta: TLGeoShape['meta'] = {}): TLGeoShape {
  return createTLStore().schema.types.shape.create({
    id: createShapeId('s'),
    type: 'geo',
    parentId: PageRecordType.createId('p'),
    index: 'a1' as IndexKey,
    x,
    meta,
    props: { ...new GeoShapeUtil({} as Editor).getDefaultProps(), ...props },
  }) as TLGeoShape
}

describe('shareUnchanged', () => {
  it('gives back the current record when the incoming one is equal in every part', () => {
    const current = geo(5, {}, { votes: [1, 2] })
    expect(shareUnchanged(current, geo(5, {}, { votes: [1, 2] }))).toBe(current)
  })

  it('keeps the current props and meta objects when only the position changed', () => {
    const current = geo(5, {}, { owner: 'a' })
    const shared = shareUnchanged(current, geo(9, {}, { owner: 'a' }))
    expect(shared).not.toBe(current)
    expect(shared.x).toBe(9)
    expect(shared.props).toBe(current.props)
    expect(shared.meta).toBe(current.meta)
  })

  it('keeps each equal prop, such as the label, when another prop changed', () => {
    const current = geo(5, { color: 'blue' })
    const shared = shareUnchanged(current, geo(5, { color: 'red' }))
    expect(shared.props).not.toBe(current.props)
    expect(shared.props.color).toBe('red')
    expect(shared.props.richText).toBe(current.props.richText)
    expect(shared.meta).toBe(current.meta)
  })

  it('takes every change of content, however deep', () => {
    const current = geo(5, {}, { votes: [1, 2] })
    const incoming = geo(5, {}, { votes: [1, 3] })
    expect(shareUnchanged(current, incoming).meta).toEqual({ votes: [1, 3] })
    const added = geo(5, {}, { votes: [1, 2], extra: true })
    expect(shareUnchanged(current, added).meta).toEqual({ votes: [1, 2], extra: true })
  })

  it('gives back the incoming record when there is no current one', () => {
    const incoming = geo(1)
    expect(shareUnchanged(undefined, incoming)).toBe(incoming)
  })
})
