import { describe, expect, it } from 'vitest'
import { cpuSecondsBetween, readProcessCpu, type ProcessCpuReading } from './processCpu'

const reading = (tickSeconds: number, threads: [number, number][] | null): ProcessCpuReading => ({ tickSeconds, threadNanos: threads && new Map(threads) })

describe('cpuSecondsBetween', () => {
  it('adds up each thread to the nanosecond while every thread lives on', () => {
    expect(cpuSecondsBetween(reading(1, [[10, 1e9], [11, 5e8]]), reading(1.03, [[10, 1.0123e9], [11, 5.001e8]]))).toBeCloseTo(0.0124, 9)
  })

  it('counts a thread started in the window from zero', () => {
    expect(cpuSecondsBetween(reading(1, [[10, 1e9]]), reading(1.1, [[10, 1.05e9], [12, 2e7]]))).toBeCloseTo(0.07, 9)
  })

  it('falls back to the clock ticks when a thread ended, as its time went with it', () => {
    expect(cpuSecondsBetween(reading(1, [[10, 1e9], [11, 5e8]]), reading(1.2, [[10, 1.05e9]]))).toBeCloseTo(0.2, 9)
  })

  it('falls back to the clock ticks when a thread id came back on a new thread', () => {
    expect(cpuSecondsBetween(reading(1, [[10, 1e9], [11, 5e8]]), reading(1.2, [[10, 1.05e9], [11, 1e6]]))).toBeCloseTo(0.2, 9)
  })

  it('falls back to the clock ticks without schedstat', () => {
    expect(cpuSecondsBetween(reading(1, null), reading(1.3, [[10, 1e9]]))).toBeCloseTo(0.3, 9)
  })
})

describe('readProcessCpu', () => {
  it('reads this process, its main thread among its threads, and sees the CPU it spends', () => {
    const before = readProcessCpu(process.pid)
    expect(before?.threadNanos?.has(process.pid)).toBe(true)
    const until = before!.threadNanos!.get(process.pid)! + 2e7
    let spun = 0
    // Spins until the kernel has counted 20 ms more on this thread: a condition, not a duration.
    while ((readProcessCpu(process.pid)?.threadNanos?.get(process.pid) ?? Infinity) < until) spun++
    const after = readProcessCpu(process.pid)!
    expect(spun).toBeGreaterThan(0)
    expect(cpuSecondsBetween(before!, after)).toBeGreaterThanOrEqual(0.02)
  })

  it('answers null for a process that does not exist', () => {
    expect(readProcessCpu(2 ** 22 + 1)).toBeNull()
  })
})
