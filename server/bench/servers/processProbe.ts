/**
 * Preloaded into every server under test (`node --import .../processProbe.ts`), so the
 * benchmark reads CPU and memory from inside the server's own process: `process.cpuUsage()`
 * has microsecond resolution, where /proc's tick counters only have 10 ms, and the V8 heap
 * is visible nowhere else. The server's own code is not touched.
 */
import { closeSync, openSync, readSync } from 'node:fs'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { writeHeapSnapshot } from 'node:v8'
import type { ProbeReply, ProbeRequest } from './probeMessages'

function isProbeRequest(msg: unknown): msg is ProbeRequest {
  return typeof msg === 'object' && msg !== null && (msg as { type?: unknown }).type === 'probe'
}

/**
 * Samples every 5 ms; the histogram records the time between samples, so a blocked loop shows
 * as one interval as long as the block (plus up to 5 ms), and an idle loop as 5 ms. The maximum
 * is the longest stall, overstated by at most 5 ms.
 */
const LOOP_DELAY_RESOLUTION_MS = 5

/**
 * The main thread's CPU time, in ms, from Linux's /proc/thread-self/schedstat (nanoseconds on
 * the CPU, first field), read through a descriptor opened on the main thread; null without it.
 */
function mainThreadCpuClock(): (() => number) | null {
  let fd: number
  try {
    fd = openSync('/proc/thread-self/schedstat', 'r')
  } catch {
    return null
  }
  process.on('exit', () => closeSync(fd))
  const buf = Buffer.alloc(128)
  return () => {
    const n = readSync(fd, buf, 0, buf.length, 0)
    return Number(buf.toString('latin1', 0, n).split(' ')[0]) / 1e6
  }
}

/**
 * Samples the main thread's CPU time every LOOP_DELAY_RESOLUTION_MS: the most it used between
 * two samples is the CPU cost of the longest block, overstated by what else ran between the
 * samples (at most the resolution's worth, as with monitorEventLoopDelay).
 */
function loopCpuMonitor(): { max: () => number | null; reset: () => void } {
  const clock = mainThreadCpuClock()
  if (!clock) return { max: () => null, reset: () => {} }
  let last = clock()
  let max = 0
  setInterval(() => {
    const now = clock()
    max = Math.max(max, now - last)
    last = now
  }, LOOP_DELAY_RESOLUTION_MS).unref()
  return {
    max: () => max,
    reset: () => {
      max = 0
      last = clock()
    },
  }
}

/**
 * The two loop monitors wake the server 400 times a second, which costs every kind of server
 * about 20 ms of CPU a second: in a 10-person room that would add some 40 µs to each delivered
 * update. Only the stall benchmark reads them, so only its servers turn them on.
 */
const LOOP_MONITOR_ENV = 'BENCH_LOOP_MONITOR'

const send = process.send?.bind(process)
if (send) {
  const monitored = process.env[LOOP_MONITOR_ENV] === '1'
  const loopDelay = monitorEventLoopDelay({ resolution: LOOP_DELAY_RESOLUTION_MS })
  if (monitored) loopDelay.enable()
  const loopCpu = monitored ? loopCpuMonitor() : { max: () => null, reset: () => {} }
  // The channel closes when the benchmark dies, even by SIGKILL: no orphaned servers.
  process.on('disconnect', () => process.exit(0))
  process.on('message', (msg: unknown) => {
    if (!isProbeRequest(msg)) return
    // Two passes: the first may only promote objects that the second then frees.
    if (msg.gc && typeof globalThis.gc === 'function') {
      globalThis.gc()
      globalThis.gc()
    }
    if (msg.heapSnapshotFile) writeHeapSnapshot(msg.heapSnapshotFile)
    const reply: ProbeReply = {
      type: 'probe',
      id: msg.id,
      cpu: process.cpuUsage(),
      mem: process.memoryUsage(),
      at: performance.timeOrigin + performance.now(),
      loopDelayMaxMs: monitored ? loopDelay.max / 1e6 : null,
      loopCpuMaxMs: loopCpu.max(),
    }
    if (msg.resetLoopDelay) {
      loopDelay.reset()
      loopCpu.reset()
    }
    send(reply)
  })
}
