import type { TLGeoShape } from '@tldraw/tlschema'
import { describe, expect, it } from 'vitest'
import { MAX_RECORD_ID_LENGTH, MAX_RECORD_TEXT_CHARS, MAX_WORD_CHARS } from '../protocol/limits'
import { rectangleRecord } from '../test/rectangleRecord'
import { checkRecord, MAX_CLOUD_BUMPS, MAX_DATA_URL_CHARS, MAX_LINE_LENGTH, MAX_SHAPE_NUMBER, MAX_SHAPE_SIZE } from './recordGuard'
import { wordyText } from '../test/wordyText'

/** A valid rectangle whose text is `text`. */
function note(id = 'shape:n1', text = 'hei'): TLGeoShape {
  return rectangleRecord({ id, label: text })
}

describe('checkRecord', () => {
  it('accepts a valid note', () => {
    expect(checkRecord('shape:n1', note()).ok).toBe(true)
  })

  it('refuses a replaced prototype, as lib0 decodes a `__proto__` key', () => {
    const polluted = note()
    Object.setPrototypeOf(polluted, { isLocked: true })
    expect(checkRecord('shape:n1', polluted)).toEqual({ ok: false, reason: 'shape: forbidden key' })
    const deep = note()
    Object.setPrototypeOf(deep.meta, { x: 1 })
    expect(checkRecord('shape:n1', deep)).toEqual({ ok: false, reason: 'shape: forbidden key' })
    expect(checkRecord('shape:n1', JSON.parse(JSON.stringify(note()).replace('{', '{"__proto__":{},')))).toEqual({ ok: false, reason: 'shape: forbidden key' })
  })

  it('refuses text beyond MAX_RECORD_TEXT_CHARS and ids beyond MAX_RECORD_ID_LENGTH', () => {
    expect(checkRecord('shape:n1', note('shape:n1', wordyText(MAX_RECORD_TEXT_CHARS - 1000))).ok).toBe(true)
    expect(checkRecord('shape:n1', note('shape:n1', wordyText(MAX_RECORD_TEXT_CHARS + 1)))).toEqual({ ok: false, reason: `shape: more than ${MAX_RECORD_TEXT_CHARS} characters of text` })
    const longId = `shape:${'a'.repeat(MAX_RECORD_ID_LENGTH)}`
    expect(checkRecord(longId, note(longId)).ok).toBe(false)
  })

  it('refuses what breaks every browser showing it: a shape that is its own parent, an arrow bound to itself, a position past MAX_SHAPE_NUMBER, a size past MAX_SHAPE_SIZE, a line past MAX_LINE_LENGTH, a cloud past MAX_CLOUD_BUMPS', () => {
    expect(checkRecord('shape:n1', { ...note(), parentId: 'shape:n1' })).toEqual({ ok: false, reason: 'shape at parentId: its own parent' })
    expect(checkRecord('shape:n1', { ...note(), parentId: 'shape:frame1' }).ok).toBe(true)
    const wide = note()
    wide.props.w = 1e308
    expect(checkRecord('shape:n1', wide)).toEqual({ ok: false, reason: `shape at props.w: beyond ${MAX_SHAPE_SIZE}` })
    expect(checkRecord('shape:n1', { ...note(), x: -2e9 })).toEqual({ ok: false, reason: `shape at x: beyond ${MAX_SHAPE_NUMBER}` })
    const far = note()
    far.props.w = MAX_SHAPE_SIZE
    expect(checkRecord('shape:n1', { ...far, x: -MAX_SHAPE_NUMBER, y: 123_456.5 }).ok).toBe(true)
    // An ellipse a billion pixels wide hung every browser: tldraw draws it with a point every 20 pixels.
    const ellipse = note()
    ellipse.props = { ...ellipse.props, geo: 'ellipse', w: 1e9, h: 1e9 }
    expect(checkRecord('shape:n1', ellipse)).toEqual({ ok: false, reason: `shape at props.w: beyond ${MAX_SHAPE_SIZE}` })
    const line = (points: [number, number][]) => ({
      ...note(),
      type: 'line',
      props: { color: 'black', dash: 'draw', size: 'm', spline: 'cubic', scale: 1, points: Object.fromEntries(points.map(([x, y], i) => [`p${i}`, { id: `p${i}`, index: `a${'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'[i]}`, x, y }])) },
    })
    // A zigzag of 20 segments each 90,000 long passes every size, but not the length.
    const zigzag = Array.from({ length: 21 }, (_, i): [number, number] => [i % 2 === 0 ? 0 : 90_000, 0])
    expect(checkRecord('shape:n1', line(zigzag))).toEqual({ ok: false, reason: `shape at props.points: a line longer than ${MAX_LINE_LENGTH}` })
    expect(checkRecord('shape:n1', line(zigzag.slice(0, 11))).ok).toBe(true)
    const cloud = (w: number, h: number) => ({ ...note(), props: { ...note().props, geo: 'cloud', w, h } })
    expect(checkRecord('shape:n1', cloud(MAX_SHAPE_SIZE, 1))).toEqual({ ok: false, reason: `shape at props.w: a cloud of more than ${MAX_CLOUD_BUMPS} bumps` })
    expect(checkRecord('shape:n1', cloud(MAX_SHAPE_SIZE, MAX_SHAPE_SIZE)).ok).toBe(true)
    expect(checkRecord('shape:n1', cloud(4_000, 1)).ok).toBe(true)
    const arrow = {
      id: 'shape:a1',
      typeName: 'shape',
      type: 'arrow',
      x: 0,
      y: 0,
      rotation: 0,
      index: 'a2',
      parentId: 'page:page',
      isLocked: false,
      opacity: 1,
      meta: {},
      props: {
        kind: 'arc', labelColor: 'black', color: 'black', fill: 'none', dash: 'draw', size: 'm', arrowheadStart: 'none', arrowheadEnd: 'arrow', font: 'draw',
        start: { x: 0, y: 0 }, end: { x: 1e308, y: 0 }, bend: 0, richText: { type: 'doc', content: [{ type: 'paragraph' }] }, labelPosition: 0.5, scale: 1, elbowMidPoint: 0.5,
      },
    }
    const arrowCheck = checkRecord('shape:a1', arrow)
    if (arrowCheck.ok) throw new Error('an arrow ending at 1e308 passed')
    expect(arrowCheck.reason).toBe(`shape at props.end.x: beyond ${MAX_SHAPE_SIZE}`)
    const binding = (toId: string) => ({
      id: 'binding:b1',
      typeName: 'binding',
      type: 'arrow',
      fromId: 'shape:a1',
      toId,
      meta: {},
      props: { terminal: 'end', normalizedAnchor: { x: 0.5, y: 0.5 }, isExact: false, isPrecise: false, snap: 'none' },
    })
    expect(checkRecord('binding:b1', binding('shape:n1')).ok).toBe(true)
    expect(checkRecord('binding:b1', binding('shape:a1'))).toEqual({ ok: false, reason: 'binding at toId: bound to itself' })
  })

  it('refuses rich text ProseMirror cannot read, which put the error screen in every browser, and words past MAX_WORD_CHARS, which hung them', () => {
    const labelled = (richText: unknown) => ({ ...note(), props: { ...note().props, richText } })
    const paragraph = (...content: unknown[]) => ({ type: 'doc', content: [{ type: 'paragraph', content }] })
    expect(checkRecord('shape:n1', labelled(paragraph({ type: 'text', text: 'hei', marks: [{ type: 'bold' }, { type: 'link', attrs: { href: 'https://example.no' } }] }))).ok).toBe(true)
    expect(checkRecord('shape:n1', labelled({ type: 'doc', content: [{ type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph' }] }] }] })).ok).toBe(true)
    const refusals: [unknown, string][] = [
      [{ type: 'doc', content: [{ type: 'iframe', attrs: { src: 'x' } }] }, 'props.richText.content[0].type: unknown rich-text node'],
      [paragraph({ type: 'text' }), 'props.richText.content[0].content[0].text: a text node without text'],
      [paragraph({ type: 'text', text: '' }), 'props.richText.content[0].content[0].text: a text node without text'],
      [paragraph({ type: 'text', text: 'hi', marks: [{ type: 'nope' }] }), 'props.richText.content[0].content[0].marks[0]: unknown rich-text mark'],
      [paragraph({ type: 'text', text: 'hi', marks: { type: 'bold' } }), 'props.richText.content[0].content[0].marks: marks that are not a list'],
      [paragraph(5), 'props.richText.content[0].content[0]: not a rich-text node'],
      [{ type: 'doc', content: [{ type: 'paragraph', content: 'hei' }] }, 'props.richText.content[0].content: content that is not a list'],
      [{ type: 'paragraph', content: [] }, 'props.richText.type: rich text that is not a document'],
      [{ type: 'doc', content: [{ type: 'constructor' }] }, 'props.richText.content[0].type: unknown rich-text node'],
    ]
    for (const [richText, reason] of refusals) expect(checkRecord('shape:n1', labelled(richText))).toEqual({ ok: false, reason: `shape at ${reason}` })
    expect(checkRecord('shape:n1', labelled(paragraph({ type: 'text', text: `${'M'.repeat(MAX_WORD_CHARS)} ${'M'.repeat(MAX_WORD_CHARS)}` })))).toMatchObject({ ok: true })
    expect(checkRecord('shape:n1', labelled(paragraph({ type: 'text', text: 'M'.repeat(MAX_WORD_CHARS + 1) })))).toEqual({ ok: false, reason: `shape at props.richText: a word longer than ${MAX_WORD_CHARS} characters` })
  })

  it('refuses an id without a name after the type', () => {
    expect(checkRecord('shape:', note('shape:'))).toEqual({ ok: false, reason: 'shape: malformed id' })
  })

  it('names the type and the field path of a refusal, never the content', () => {
    const secret = 'hemmelig-innhold'
    const bad = { ...note(), props: { ...note().props, geo: secret } }
    expect(checkRecord('shape:n1', bad)).toEqual({ ok: false, reason: 'shape at (type = geo).props.geo: not valid' })
    const strangeKey = { ...note(), props: { ...note().props, [secret]: 1 } }
    const check = checkRecord('shape:n1', strangeKey)
    expect(check.ok).toBe(false)
    expect(JSON.stringify(check)).not.toContain(secret)
    expect(checkRecord(`shape:${secret}`, { ...note(), typeName: secret })).toEqual({ ok: false, reason: 'record: id does not match key' })
    expect(JSON.stringify(checkRecord(`${secret}:1`, { ...note(`${secret}:1`), typeName: secret }))).not.toContain(secret)
  })
})

describe('checkRecord: nothing that loads from elsewhere', () => {
  const boardId = 'AAAAAAAAAAAAAAAAAAAAAA'
  const otherBoard = 'BBBBBBBBBBBBBBBBBBBBBB'
  const ownPath = `/api/boards/${boardId}/assets/CCCCCCCCCCCCCCCCCCCCCC`

  function imageAsset(src: string | null) {
    return { id: 'asset:img', typeName: 'asset', type: 'image', props: { w: 10, h: 10, name: 'x.png', isAnimated: false, mimeType: 'image/png', src, fileSize: 10 }, meta: {} }
  }

  function bookmarkAsset(image: string, favicon: string) {
    return { id: 'asset:bm', typeName: 'asset', type: 'bookmark', props: { src: 'https://example.com/page', title: 'x', description: '', image, favicon }, meta: {} }
  }

  it('accepts image sources that are this board\'s own assets, empty, or a small inline image', () => {
    expect(checkRecord('asset:img', imageAsset(ownPath), { boardId }).ok).toBe(true)
    expect(checkRecord('asset:img', imageAsset(null), { boardId }).ok).toBe(true)
    expect(checkRecord('asset:img', imageAsset(''), { boardId }).ok).toBe(true)
    expect(checkRecord('asset:img', imageAsset('data:image/png;base64,iVBORw0KGgo='), { boardId }).ok).toBe(true)
    expect(checkRecord('asset:bm', bookmarkAsset('', ''), { boardId }).ok).toBe(true)
  })

  it('refuses image sources elsewhere, another board\'s assets, SVG and oversize inline images', () => {
    const refusal = { ok: false, reason: 'asset at props.src: not an image of this board' }
    expect(checkRecord('asset:img', imageAsset('https://evil.example/pixel.png'), { boardId })).toEqual(refusal)
    expect(checkRecord('asset:img', imageAsset(`/api/boards/${otherBoard}/assets/CCCCCCCCCCCCCCCCCCCCCC`), { boardId })).toEqual(refusal)
    expect(checkRecord('asset:img', imageAsset(ownPath))).toEqual(refusal)
    expect(checkRecord('asset:img', imageAsset('data:image/svg+xml;base64,PHN2Zz4='), { boardId })).toEqual(refusal)
    expect(checkRecord('asset:img', imageAsset(`data:image/png;base64,${'A'.repeat(MAX_DATA_URL_CHARS)}`), { boardId })).toEqual(refusal)
  })

  it('refuses bookmark pictures and icons from other sites, and embeds', () => {
    expect(checkRecord('asset:bm', bookmarkAsset('https://evil.example/a.png', ''), { boardId })).toEqual({ ok: false, reason: 'asset at props.image: not an image of this board' })
    expect(checkRecord('asset:bm', bookmarkAsset('', 'https://evil.example/favicon.ico'), { boardId })).toEqual({ ok: false, reason: 'asset at props.favicon: not an image of this board' })
    const embed = {
      ...note('shape:e1'),
      type: 'embed',
      props: { w: 560, h: 315, url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ' },
    }
    expect(checkRecord('shape:e1', embed, { boardId })).toEqual({ ok: false, reason: 'shape at type: embeds are not allowed' })
  })
})
