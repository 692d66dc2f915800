/** IPC messages between the benchmark and the probe preloaded into a server under test. */
export interface ProbeRequest {
  type: 'probe'
  id: number
  /** Run a full garbage collection first (needs `--expose-gc`), for heap and RSS baselines. */
  gc: boolean
  /** Also write a V8 heap snapshot to this file (for finding what a loaded board holds). */
  heapSnapshotFile?: string
  /** Start a new event-loop delay window after this reply (the reply reports the window that ends). */
  resetLoopDelay?: boolean
}

export interface ProbeReply {
  type: 'probe'
  id: number
  cpu: NodeJS.CpuUsage
  mem: NodeJS.MemoryUsage
  /** Epoch milliseconds with sub-millisecond precision, when the sample was taken. */
  at: number
  /**
   * The longest the event loop was blocked since the last `resetLoopDelay` (perf_hooks.monitorEventLoopDelay);
   * null unless the server was launched with `loopMonitor`.
   */
  loopDelayMaxMs: number | null
  /**
   * The most CPU time the main thread used between two event-loop samples since the last
   * `resetLoopDelay`: the cost of the longest block itself, which other processes competing for
   * the machine's cores do not lengthen (they do lengthen `loopDelayMaxMs`). Null without `loopMonitor`
   * or where Linux's per-thread schedstat is missing.
   */
  loopCpuMaxMs: number | null
}
