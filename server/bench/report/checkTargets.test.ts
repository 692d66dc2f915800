import { describe, expect, it } from 'vitest'
import type { FanoutResult, FanoutSummary, PresenceLoad } from '../fanout'
import type { ServerKind } from '../servers/ServerUnderTest'
import type { BenchResults } from './BenchResults'
import { checkTargets } from './checkTargets'

function row(kind: ServerKind, presence: PresenceLoad, cpuUs: number, p99Ms: number): FanoutSummary {
  const spread = (v: number) => ({ median: v, min: v, max: v })
  return {
    n: 10,
    boards: 1,
    presence,
    kind,
    label: kind,
    rounds: 1,
    cpuPerDeliveredUs: spread(cpuUs),
    p50Ms: spread(p99Ms / 2),
    p99Ms: spread(p99Ms),
    lost: 0,
    deliveredInWindow: 1000,
    closes: 0,
  }
}

function resultsWith(summary: FanoutSummary[], presence: PresenceLoad[]): BenchResults {
  const fanout = {
    options: { rooms: [{ n: 10, boards: 1 }], presence, kinds: ['ours', 'ysrv', 'hocus', 'relay'], rounds: 1, writers: 5, writerHz: 10, cursorHz: 5, warmupMs: 0, windowMs: 1, workers: 1 },
    runs: [],
    failedRuns: [],
    summary,
    ratios: [],
  } satisfies FanoutResult
  return {
    mode: 'full',
    startedAt: '2026-12-05T00:00:00Z',
    durationSeconds: 1,
    machine: { cpu: 'test', cores: 2, memoryGb: 1, os: 'test', node: 'v20', loadAtStart: 0, freeMemoryGbAtStart: 1 },
    fanout,
    failures: [],
  }
}

describe('checkTargets, fan-out', () => {
  it('judges ours against the better anchor, never against the bare relay', () => {
    const checks = checkTargets(resultsWith([row('ours', 'documents', 70, 5), row('ysrv', 'documents', 100, 6), row('hocus', 'documents', 90, 7), row('relay', 'documents', 40, 1)], ['documents']))
    const cpu = checks.find((c) => c.target.startsWith('Fan-out N=10, documents: server CPU'))!
    expect(cpu.measured).toContain('70.0 µs vs 90.0 µs')
    expect(cpu.met).toBe(true)
    const p99 = checks.find((c) => c.target.startsWith('Fan-out N=10, documents: p99'))!
    expect(p99.measured).toBe('5.0 ms vs 6.0 ms')
    expect(p99.met).toBe(true)
  })

  it('states what the target leaves above the relay, per delivered and per incoming update', () => {
    const checks = checkTargets(resultsWith([row('ours', 'documents', 100, 5), row('ysrv', 'documents', 60, 6), row('relay', 'documents', 40, 1)], ['documents']))
    const floor = checks.find((c) => c.target.includes('above the bare relay'))!
    // 0.8 × 60 = 48 µs: 8 µs above the relay per delivery, × 9 deliveries per update.
    expect(floor.measured).toBe('the target leaves 8.0 µs per delivered update, 72 µs per incoming update; ours spends 60.0 µs per delivered update, 540 µs per incoming update')
    expect(floor.met).toBeNull()
  })

  it('sets ours beside the anchors with persistence on without making them the target', () => {
    const checks = checkTargets(resultsWith([row('ours', 'documents', 70, 5), row('ysrv', 'documents', 80, 6), row('ysrvDisk', 'documents', 140, 6), row('hocusDisk', 'documents', 100, 7)], ['documents']))
    expect(checks.find((c) => c.target.startsWith('Fan-out N=10, documents: server CPU'))!.met).toBe(false)
    const persisted = checks.find((c) => c.target.includes('persistence on'))!
    expect(persisted.measured).toBe('70.0 µs vs 100.0 µs, hocusDisk (0.70×)')
    expect(persisted.met).toBeNull()
  })

  it('has no floor line in a room the relay did not run in', () => {
    const checks = checkTargets(resultsWith([row('ours', 'cursors', 100, 5), row('ysrv', 'cursors', 60, 6)], ['cursors']))
    expect(checks.some((c) => c.target.includes('bare relay'))).toBe(false)
    expect(checks.find((c) => c.target.startsWith('Fan-out N=10, cursors: server CPU'))!.met).toBe(false)
  })
})
