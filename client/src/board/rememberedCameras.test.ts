import { describe, expect, it } from 'vitest'
import { MAX_REMEMBERED_CAMERAS, rememberCamera, rememberedCamera } from './rememberedCameras'

function memoryStorage(): Pick<Storage, 'getItem' | 'setItem'> & { data: Map<string, string> } {
  const data = new Map<string, string>()
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) }
}

const camera = { pageId: 'page:page', x: -120.5, y: 40, z: 0.42 }

describe('remembered cameras', () => {
  it('has none on a first visit and gives back the last camera of a board', () => {
    const storage = memoryStorage()
    expect(rememberedCamera('b1', storage)).toBeUndefined()
    rememberCamera('b1', camera, storage)
    rememberCamera('b1', { ...camera, x: 7 }, storage)
    expect(rememberedCamera('b1', storage)).toEqual({ ...camera, x: 7 })
    expect(rememberedCamera('b2', storage)).toBeUndefined()
  })

  it('keeps only the most recent boards', () => {
    const storage = memoryStorage()
    for (let i = 0; i <= MAX_REMEMBERED_CAMERAS; i++) rememberCamera(`b${i}`, camera, storage)
    // b1 is used again, so b0 and b2 are the oldest now.
    rememberCamera('b1', camera, storage)
    rememberCamera('new', camera, storage)
    expect(rememberedCamera('b0', storage)).toBeUndefined()
    expect(rememberedCamera('b2', storage)).toBeUndefined()
    expect(rememberedCamera('b1', storage)).toEqual(camera)
    expect(rememberedCamera('new', storage)).toEqual(camera)
    expect((JSON.parse(storage.data.get('whiteboard.cameras') ?? '[]') as unknown[]).length).toBe(MAX_REMEMBERED_CAMERAS)
  })

  it('ignores what it did not write: broken JSON, wrong shapes, impossible zooms', () => {
    const storage = memoryStorage()
    storage.data.set('whiteboard.cameras', '{not json')
    expect(rememberedCamera('b1', storage)).toBeUndefined()
    storage.data.set('whiteboard.cameras', JSON.stringify([['b1', { ...camera, z: 0 }], ['b2', { ...camera, pageId: 'shape:x' }], ['b3', { ...camera, x: 'a' }], 'b4', ['b5', camera]]))
    expect(rememberedCamera('b1', storage)).toBeUndefined()
    expect(rememberedCamera('b2', storage)).toBeUndefined()
    expect(rememberedCamera('b3', storage)).toBeUndefined()
    expect(rememberedCamera('b5', storage)).toEqual(camera)
  })
})
