/** A seeded pseudo-random source (mulberry32), so a failing fuzz run can be replayed from its printed seed. */
export class Random {
  private state: number

  constructor(readonly seed: number) {
    this.state = seed >>> 0
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  chance(p: number): boolean {
    return this.next() < p
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from nothing')
    return items[Math.floor(this.next() * items.length)]!
  }

  bytes(length: number): Uint8Array {
    const out = new Uint8Array(length)
    for (let i = 0; i < length; i++) out[i] = Math.floor(this.next() * 256)
    return out
  }
}

/** Seeds for a run: FUZZ_SEEDS="1,2,3" replays given ones; otherwise `count` fresh ones. */
export function fuzzSeeds(count: number): number[] {
  const given = process.env.FUZZ_SEEDS?.split(',').map((s) => Number(s.trim())).filter((n) => Number.isInteger(n))
  if (given && given.length > 0) return given
  return Array.from({ length: count }, () => Math.floor(Math.random() * 2 ** 31))
}
