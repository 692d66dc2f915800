import { PDFDocument } from 'pdf-lib'
import { describe, expect, it } from 'vitest'
import { buildFramesPdf } from './buildFramesPdf'
import type { RenderedFrame } from './renderFrames'

// 4×2 grey PNG
const png = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAQAAAACCAYAAAB/qH1jAAAAEklEQVR4AWM8AQQMSICJAQ0AAGLWAyS3UTniAAAAAElFTkSuQmCC'), (c) => c.charCodeAt(0))
const frame = (name: string): RenderedFrame => ({ name, png, width: 4, height: 2 })

describe('buildFramesPdf', () => {
  it('makes one landscape page per frame and sets the document title', async () => {
    const bytes = await buildFramesPdf({
      boardTitle: 'Kommune Ø',
      documentTitle: 'Kommune Ø – alle rammer',
      lang: 'nb',
      frames: [frame('Brukerreise'), frame('Interessenter'), frame('Idéer 🙂')],
    })
    const pdf = await PDFDocument.load(bytes)
    expect(pdf.getPageCount()).toBe(3)
    for (const page of pdf.getPages()) expect(page.getWidth()).toBeGreaterThan(page.getHeight())
    expect(pdf.getTitle()).toBe('Kommune Ø – alle rammer')
  })

})
