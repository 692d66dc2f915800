import { createTLSchema, type TLAsset, type TLPageId, type TLShape } from '@tldraw/tlschema'
import { describe, expect, it } from 'vitest'
import type { TeamTemplateContent } from '../api/teamTemplatesApi'
import { buildTemplate } from './build'
import { checkTeamTemplateContent } from './checkTeamTemplateContent'
import { MAX_TEAM_TEMPLATE_RECORDS } from './teamTemplateLimits'

const PAGE = 'page:page' as TLPageId
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgAAIAAAUAAarVyFEAAAAASUVORK5CYII='
const schema = createTLSchema()

function journey(): TeamTemplateContent {
  let n = 0
  const shapes = buildTemplate('service-journey', 'nb', { x: 0, y: 0 }, { pageId: PAGE, createId: () => `s${++n}` })
  return { shapes, bindings: [], assets: [], rootShapeIds: [shapes[0]!.id] }
}

function withImage(src: string | null, type: 'image' | 'video' = 'image'): TeamTemplateContent {
  const content = journey()
  const frame = content.shapes[0]!
  const asset = schema.types.asset.create({
    id: 'asset:pic',
    type,
    props: { name: 'pic.png', src, w: 10, h: 10, mimeType: type === 'image' ? 'image/png' : 'video/mp4', isAnimated: false },
    meta: {},
  }) as TLAsset
  const image = schema.types.shape.create({
    id: 'shape:pic',
    type: 'image',
    parentId: frame.id,
    index: 'a9',
    x: 10,
    y: 10,
    props: { assetId: 'asset:pic', w: 10, h: 10, playing: true, url: '', crop: null, flipX: false, flipY: false, altText: '' },
  }) as TLShape
  return { ...content, shapes: [...content.shapes, image], assets: [asset] }
}

describe('checkTeamTemplateContent', () => {
  it('takes a built-in template frame with every child, and an inline image', () => {
    const content = journey()
    expect(checkTeamTemplateContent(content)).toEqual({ ok: true, content })
    expect(checkTeamTemplateContent(withImage(PNG)).ok).toBe(true)
  })

  it('refuses an image from this or another server, an SVG and a video', () => {
    for (const src of ['https://example.com/a.png', '/api/boards/AAAAAAAAAAAAAAAAAAAAAA/assets/BBBBBBBBBBBBBBBBBBBBBB', 'data:image/svg+xml;base64,PHN2Zy8+']) {
      expect(checkTeamTemplateContent(withImage(src))).toEqual({ ok: false, reason: 'asset at props.src: only inline PNG, JPEG, WebP or GIF images' })
    }
    expect(checkTeamTemplateContent(withImage(null, 'video'))).toEqual({ ok: false, reason: 'asset: videos are not allowed' })
  })

  it('refuses what is not one frame with its own children', () => {
    const content = journey()
    const [frame, ...children] = content.shapes
    expect(checkTeamTemplateContent({ ...content, rootShapeIds: [] }).ok).toBe(false)
    expect(checkTeamTemplateContent({ ...content, rootShapeIds: [children[0]!.id] })).toEqual({ ok: false, reason: 'the root shape is not a frame' })
    const stray = { ...children[0]!, parentId: 'shape:elsewhere' } as TLShape
    expect(checkTeamTemplateContent({ ...content, shapes: [frame!, stray] })).toEqual({ ok: false, reason: 'a shape lies outside the frame' })
    expect(checkTeamTemplateContent({ ...content, shapes: [frame!, children[0]!, children[0]!] })).toEqual({ ok: false, reason: 'shape: an id appears twice' })
    expect(checkTeamTemplateContent({ ...content, extra: 1 })).toEqual({ ok: false, reason: 'unknown field extra' })
    expect(checkTeamTemplateContent(JSON.parse('{"__proto__":{},"shapes":[],"bindings":[],"assets":[],"rootShapeIds":["shape:a"]}'))).toEqual({
      ok: false,
      reason: 'unknown field __proto__',
    })
  })

  it('refuses a record the server would refuse in any update, naming type and field but not content', () => {
    const content = journey()
    const bad = { ...content.shapes[1]!, props: { ...content.shapes[1]!.props, w: 'secret text' } } as unknown as TLShape
    const check = checkTeamTemplateContent({ ...content, shapes: [content.shapes[0]!, bad] })
    expect(check.ok).toBe(false)
    if (!check.ok) {
      expect(check.reason).toMatch(/^shape at \(type = text\)\.props\.w/)
      expect(check.reason).not.toContain('secret')
    }
    const embed = { ...content.shapes[1]!, type: 'embed', props: { url: 'https://example.com', w: 10, h: 10 } } as unknown as TLShape
    expect(checkTeamTemplateContent({ ...content, shapes: [content.shapes[0]!, embed] }).ok).toBe(false)
  })

  it('refuses more records than the limit', () => {
    const content = journey()
    const many = Array.from({ length: MAX_TEAM_TEMPLATE_RECORDS }, () => content.shapes[1]!)
    expect(checkTeamTemplateContent({ ...content, shapes: [content.shapes[0]!, ...many] })).toEqual({ ok: false, reason: `more than ${MAX_TEAM_TEMPLATE_RECORDS} records` })
  })
})
