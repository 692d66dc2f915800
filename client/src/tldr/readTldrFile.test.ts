import { createTLSchema, toRichText } from 'tldraw'
import { describe, expect, it } from 'vitest'
import { MAX_WORD_CHARS } from '@whiteboard/shared'
import { noteRecord } from '@whiteboard/shared/test/noteRecord'
import { rectangleRecord } from '@whiteboard/shared/test/rectangleRecord'
import { readTldrFile } from './readTldrFile'

const schema = createTLSchema()
const BOARD = 'a'.repeat(22)
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgAAIAAAUAAarVyFEAAAAASUVORK5CYII='

function file(records: unknown[], over: Record<string, unknown> = {}): string {
  return JSON.stringify({
    tldrawFileFormatVersion: 1,
    schema: schema.serialize(),
    records: [
      { id: 'document:document', typeName: 'document', gridSize: 10, name: '', meta: {} },
      { id: 'page:page', typeName: 'page', name: 'Side 1', index: 'a1', meta: {} },
      ...records,
    ],
    ...over,
  })
}

function image(id: string, src: string) {
  return [
    { id: `asset:${id}`, typeName: 'asset', type: 'image', props: { name: 'bilde.png', src, w: 1, h: 1, mimeType: 'image/png', isAnimated: false, fileSize: 70 }, meta: {} },
    {
      id: `shape:${id}`,
      typeName: 'shape',
      type: 'image',
      x: 0,
      y: 0,
      rotation: 0,
      isLocked: false,
      opacity: 1,
      meta: {},
      parentId: 'page:page',
      index: 'a3',
      props: { w: 1, h: 1, playing: true, url: '', assetId: `asset:${id}`, crop: null, flipX: false, flipY: false, altText: '' },
    },
  ]
}

describe('readTldrFile', () => {
  it('reads the shapes of a page with their images, ready to place', () => {
    const read = readTldrFile(file([noteRecord({ id: 'shape:n', cx: 0, cy: 0, text: 'Hei' }), rectangleRecord({ id: 'shape:r', label: 'Boks' }), ...image('img', PNG)]), schema, BOARD)
    if (!read.ok) throw new Error(JSON.stringify(read.refusal))
    expect(read.pages).toHaveLength(1)
    const [content] = read.pages
    expect(content!.shapes.map((s) => s.id).sort()).toEqual(['shape:img', 'shape:n', 'shape:r'])
    expect(content!.rootShapeIds.sort()).toEqual(['shape:img', 'shape:n', 'shape:r'])
    expect(content!.assets.map((a) => a.id)).toEqual(['asset:img'])
  })

  it('reads a label with a word past MAX_WORD_CHARS with the word split, as if typed here, instead of refusing the file', () => {
    const read = readTldrFile(file([noteRecord({ id: 'shape:n', cx: 0, cy: 0, text: 'M'.repeat(MAX_WORD_CHARS + 1) })]), schema, BOARD)
    if (!read.ok) throw new Error(JSON.stringify(read.refusal))
    expect(read.pages[0]!.shapes[0]!.props).toMatchObject({ richText: toRichText(`${'M'.repeat(MAX_WORD_CHARS)} M`) })
  })

  it("reads every page's shapes, each page apart and in the file's page order; a page without shapes is left out", () => {
    const read = readTldrFile(
      file([
        { id: 'page:third', typeName: 'page', name: 'Side 3', index: 'a3', meta: {} },
        { id: 'page:second', typeName: 'page', name: 'Side 2', index: 'a2', meta: {} },
        { id: 'page:empty', typeName: 'page', name: 'Tom', index: 'a4', meta: {} },
        rectangleRecord({ id: 'shape:p1', label: 'En' }),
        rectangleRecord({ id: 'shape:p3', label: 'Tre', parentId: 'page:third' }),
        rectangleRecord({ id: 'shape:p2', label: 'To', parentId: 'page:second' }),
        { ...image('p2img', PNG)[0] },
        { ...image('p2img', PNG)[1], parentId: 'page:second' },
      ]),
      schema,
      BOARD,
    )
    if (!read.ok) throw new Error(JSON.stringify(read.refusal))
    expect(read.pages.map((p) => p.shapes.map((s) => s.id).sort())).toEqual([['shape:p1'], ['shape:p2', 'shape:p2img'], ['shape:p3']])
    expect(read.pages.map((p) => p.rootShapeIds.length)).toEqual([1, 2, 1])
    expect(read.pages.map((p) => p.assets.map((a) => a.id))).toEqual([[], ['asset:p2img'], []])
  })

  it('migrates records of an older schema', () => {
    const old = JSON.parse(file([rectangleRecord({ id: 'shape:r' })])) as { schema: { sequences: Record<string, number> } }
    // A note of the oldest sequence version: tldraw migrates it up (adds every later prop).
    const legacyNote = { id: 'shape:old', typeName: 'shape', type: 'note', x: 0, y: 0, rotation: 0, isLocked: false, opacity: 1, meta: {}, parentId: 'page:page', index: 'a4', props: { color: 'yellow', size: 'm', text: 'Gammel', font: 'draw', align: 'middle', verticalAlign: 'middle', growY: 0, url: '' } }
    const json = JSON.stringify({ ...old, schema: { ...old.schema, sequences: { ...old.schema.sequences, 'com.tldraw.shape.note': 0 } }, records: [...(old as unknown as { records: unknown[] }).records, legacyNote] })
    const read = readTldrFile(json, schema, BOARD)
    if (!read.ok) throw new Error(JSON.stringify(read.refusal))
    const note = read.pages[0]!.shapes.find((s) => s.id === 'shape:old')!
    expect(JSON.stringify(note.props)).toContain('Gammel')
    expect('richText' in note.props).toBe(true)
  })

  it('refuses what is not a tldraw file, or one from a newer tldraw', () => {
    expect(readTldrFile('not json', schema, BOARD)).toEqual({ ok: false, refusal: { kind: 'notTldraw' } })
    expect(readTldrFile('{"hello":1}', schema, BOARD)).toEqual({ ok: false, refusal: { kind: 'notTldraw' } })
    expect(readTldrFile(file([], { tldrawFileFormatVersion: 99 }), schema, BOARD)).toEqual({ ok: false, refusal: { kind: 'tooNew' } })
  })

  it('refuses hostile files whole: a prototype key, an invalid record, an embed, an image from another site', () => {
    const proto = file([rectangleRecord({ id: 'shape:r' })]).replace('"meta":{}', '"meta":{"__proto__":{"polluted":true}}')
    expect(readTldrFile(proto, schema, BOARD)).toMatchObject({ ok: false, refusal: { kind: 'invalid' } })
    expect(readTldrFile(file([{ ...rectangleRecord({ id: 'shape:r' }), x: 'far' }]), schema, BOARD)).toMatchObject({ ok: false, refusal: { kind: 'invalid' } })
    const embed = { ...rectangleRecord({ id: 'shape:e' }), type: 'embed', props: { w: 100, h: 100, url: 'https://example.com/' } }
    expect(readTldrFile(file([embed]), schema, BOARD)).toMatchObject({ ok: false })
    expect(readTldrFile(file(image('far', 'https://tracker.example/pixel.png')), schema, BOARD)).toEqual({ ok: false, refusal: { kind: 'foreignImages' } })
    expect(readTldrFile(file(image('svg', 'data:image/svg+xml;base64,PHN2Zy8+')), schema, BOARD)).toEqual({ ok: false, refusal: { kind: 'foreignImages' } })
  })

  it('refuses a file without shapes, and one too large to send as one update', () => {
    expect(readTldrFile(file([]), schema, BOARD)).toEqual({ ok: false, refusal: { kind: 'empty' } })
    const many = Array.from({ length: 3000 }, (_, i) => rectangleRecord({ id: `shape:r${i}`, label: 'x'.repeat(400) }))
    expect(readTldrFile(file(many), schema, BOARD)).toEqual({ ok: false, refusal: { kind: 'tooManyRecords' } })
  })
})
