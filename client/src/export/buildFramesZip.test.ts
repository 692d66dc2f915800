import { unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { buildFramesZip } from './buildFramesZip'

describe('buildFramesZip', () => {
  it('stores one file per frame and keeps same-named frames apart', () => {
    const frames = ['A', 'B', 'A', 'A'].map((name, i) => ({ name, png: Uint8Array.of(i), width: 1, height: 1 }))
    const files = unzipSync(buildFramesZip(frames, (name) => `Tavle-${name}-2025-01-01.png`))
    expect(Object.keys(files).sort()).toEqual([
      'Tavle-A-2025-01-01 (2).png',
      'Tavle-A-2025-01-01 (3).png',
      'Tavle-A-2025-01-01.png',
      'Tavle-B-2025-01-01.png',
    ])
    expect([...files['Tavle-A-2025-01-01 (3).png']!]).toEqual([3])
  })
})
