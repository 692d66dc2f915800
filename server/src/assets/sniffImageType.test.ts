import { describe, expect, it } from 'vitest'
import { looksLikeSvg, sniffImageType } from './sniffImageType'

const bytes = (...values: number[]) => Uint8Array.from(values)
const text = (value: string) => new TextEncoder().encode(value)

describe('sniffImageType', () => {
  it('recognises the four accepted types by their magic bytes', () => {
    expect(sniffImageType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13))).toBe('image/png')
    expect(sniffImageType(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10))).toBe('image/jpeg')
    expect(sniffImageType(text('GIF89a\x01\x00'))).toBe('image/gif')
    expect(sniffImageType(text('GIF87a\x01\x00'))).toBe('image/gif')
    expect(sniffImageType(text('RIFF\x10\x00\x00\x00WEBPVP8 '))).toBe('image/webp')
  })

  it('refuses text, SVG, other RIFF files and truncated signatures', () => {
    expect(sniffImageType(text('hello, I am a .png'))).toBeNull()
    expect(sniffImageType(text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).toBeNull()
    expect(sniffImageType(text('RIFF\x10\x00\x00\x00WAVEfmt '))).toBeNull()
    expect(sniffImageType(text('GIF88a'))).toBeNull()
    expect(sniffImageType(bytes(0x89, 0x50, 0x4e, 0x47))).toBeNull()
    expect(sniffImageType(new Uint8Array())).toBeNull()
  })
})

describe('looksLikeSvg', () => {
  it('spots SVG with or without an XML prolog, BOM or leading space', () => {
    expect(looksLikeSvg(text('<svg></svg>'))).toBe(true)
    expect(looksLikeSvg(text('\uFEFF  <?xml version="1.0"?>\n<svg/>'))).toBe(true)
    expect(looksLikeSvg(text('<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"><svg/>'))).toBe(true)
    expect(looksLikeSvg(text('just text'))).toBe(false)
  })
})
