/**
 * Preloaded into every server under test (`node --import .../processProbe.ts`), so the
 * benchmark reads CPU and memory from inside the server's own process: `process.cpuUsage()`
 * has microsecond resolution, where /proc's tick counters only have 10 ms, and the V8 heap
 * is visible nowhere else. The server's own code is not touched.
 */
import { writeHeapSnapshot } from 'node:v8'
import type { ProbeReply, ProbeRequest } from './probeMessages'

function isProbeRequest(msg: unknown): msg is ProbeRequest {
  return typeof msg === 'object' && msg !== null && (msg as { type?: unknown }).type === 'probe'
}

const send = process.send?.bind(process)
if (send) {
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
    }
    send(reply)
  })
}
