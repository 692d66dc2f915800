import { describe, expect, it } from 'vitest'
import { TEMPLATE_IDS } from './catalog'
import { templateSize } from './build'
import { boxesOverlap, DEFAULT_TEMPLATE_GAP, findFreeSpot, type Box } from './placeTemplate'

/** Small deterministic PRNG (mulberry32), so a failing seed can be replayed. */
function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function randomBoxes(rand: () => number, count: number, spread: number): Box[] {
  return Array.from({ length: count }, () => ({
    x: (rand() - 0.5) * spread,
    y: (rand() - 0.5) * spread,
    w: rand() * 3000 + 1,
    h: rand() * 3000 + 1,
  }))
}

const SEEDS = [1, 2, 3, 7, 42, 99, 1234, 2024, 31337, 65535, 424242, 987654321]

describe('findFreeSpot', () => {
  it('puts the first template at the origin of an empty board', () => {
    expect(findFreeSpot([], { w: 2400, h: 2000 })).toEqual({ x: 0, y: 0 })
  })

  it('places beside existing content: right of it, top-aligned, one gap apart', () => {
    const existing = [
      { x: 0, y: 0, w: 1000, h: 800 },
      { x: 200, y: -300, w: 400, h: 200 },
    ]
    expect(findFreeSpot(existing, { w: 500, h: 500 }, 100)).toEqual({ x: 1100, y: -300 })
  })

  it('handles content entirely at negative coordinates', () => {
    const existing = [{ x: -5000, y: -4000, w: 1200, h: 900 }]
    const spot = findFreeSpot(existing, { w: 2400, h: 2000 }, 160)
    expect(spot).toEqual({ x: -3640, y: -4000 })
    expect(boxesOverlap({ ...spot, w: 2400, h: 2000 }, existing[0]!)).toBe(false)
  })

  it('never overlaps, even with a zero gap and fractional coordinates', () => {
    const existing = [{ x: 0.4, y: 0.6, w: 99.7, h: 10.2 }]
    const spot = findFreeSpot(existing, { w: 50, h: 50 }, 0)
    expect(boxesOverlap({ ...spot, w: 50, h: 50 }, existing[0]!)).toBe(false)
  })

  it('ignores boxes with non-finite numbers instead of producing NaN', () => {
    const spot = findFreeSpot([{ x: NaN, y: 0, w: 10, h: 10 }, { x: 0, y: 0, w: Infinity, h: 10 }], { w: 10, h: 10 })
    expect(spot).toEqual({ x: 0, y: 0 })
  })

  it('lines up repeated inserts of one template in a row (one per team), none overlapping', () => {
    const size = templateSize('service-journey')
    const placed: Box[] = []
    for (let i = 0; i < 5; i++) placed.push({ ...findFreeSpot(placed, size), ...size })
    expect(new Set(placed.map((b) => b.y)).size).toBe(1)
    for (let i = 0; i < placed.length; i++) for (let j = i + 1; j < placed.length; j++) expect(boxesOverlap(placed[i]!, placed[j]!)).toBe(false)
    expect(placed[1]!.x - (placed[0]!.x + size.w)).toBe(DEFAULT_TEMPLATE_GAP)
  })

  for (const seed of SEEDS) {
    it(`never overlaps random existing content and keeps the gap (seed ${seed})`, () => {
      const rand = rng(seed)
      for (let round = 0; round < 50; round++) {
        const existing = randomBoxes(rand, 1 + Math.floor(rand() * 30), 40_000)
        const id = TEMPLATE_IDS[Math.floor(rand() * TEMPLATE_IDS.length)]!
        const size = templateSize(id)
        const gap = Math.floor(rand() * 300)
        const spot = findFreeSpot(existing, size, gap)
        const placed = { ...spot, ...size }
        for (const b of existing) {
          expect(boxesOverlap(placed, b), JSON.stringify({ seed, round, b, placed })).toBe(false)
          // The gap holds on the side we place on.
          expect(placed.x - (b.x + b.w)).toBeGreaterThanOrEqual(gap)
        }
      }
    })
  }

  it('boxesOverlap detects overlap and treats touching edges as apart', () => {
    expect(boxesOverlap({ x: 0, y: 0, w: 10, h: 10 }, { x: 5, y: 5, w: 10, h: 10 })).toBe(true)
    expect(boxesOverlap({ x: 0, y: 0, w: 10, h: 10 }, { x: 10, y: 0, w: 10, h: 10 })).toBe(false)
    expect(boxesOverlap({ x: 0, y: 0, w: 100, h: 100 }, { x: 10, y: 10, w: 5, h: 5 })).toBe(true)
  })
})
