import { zipSync, type Zippable } from 'fflate'
import type { RenderedFrame } from './renderFrames'

/**
 * A ZIP with one PNG per frame. PNG is already deflated, so entries are stored (level 0):
 * compressing again would cost time and gain nothing. Two frames with the same name get
 * " (2)", " (3)" so no image overwrites another.
 */
export function buildFramesZip(frames: readonly RenderedFrame[], fileNameFor: (frameName: string) => string): Uint8Array {
  const entries: Zippable = {}
  for (const frame of frames) entries[uniqueName(entries, fileNameFor(frame.name))] = [frame.png, { level: 0 }]
  return zipSync(entries)
}

function uniqueName(taken: Zippable, name: string): string {
  if (!(name in taken)) return name
  const dot = name.lastIndexOf('.')
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, '']
  for (let n = 2; ; n++) {
    const candidate = `${stem} (${n})${ext}`
    if (!(candidate in taken)) return candidate
  }
}
