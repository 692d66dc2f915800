import type { BoardAccess, SyncProtocol } from '../servers/ServerUnderTest'

/** IPC between the fan-out benchmark and its client worker processes. */
export type ToWorker =
  | {
      type: 'init'
      protocol: SyncProtocol
      /** Every board of the run, as this worker reaches it. */
      access: BoardAccess[]
      /** Global client indexes this worker runs, the board of each, and its writer number or null. */
      clients: { index: number; board: number; writer: number | null }[]
      writerHz: number
      cursorHz: number
    }
  | { type: 'start' }
  | { type: 'stopWriting' }
  | { type: 'progress' }
  | { type: 'collect'; windowStart: number; windowEnd: number }
  | { type: 'close' }

export type FromWorker =
  | { type: 'ready'; connectMs: number }
  | { type: 'failed'; error: string }
  | { type: 'started' }
  | { type: 'stopped'; sent: { writer: number; seq: number; at: number }[] }
  | { type: 'progress'; delivered: number; cpu: NodeJS.CpuUsage }
  | {
      type: 'collected'
      /** Latencies (ms) of deliveries of updates sent inside the window. */
      latencies: number[]
      /** The writer of each of those deliveries, index for index (to tell deliveries across nodes apart). */
      latencyWriters: number[]
      /** Deliveries received inside the window, whatever their send time. */
      deliveredInWindow: number
      /** Distinct (receiver, writer, seq) deliveries over the whole run. */
      delivered: number
      /** Per writer, the seqs each of this worker's receivers saw, to count losses. */
      seen: { receiver: number; writer: number; seqs: number[] }[]
      cpu: NodeJS.CpuUsage
      /** Connections the server closed during the run, by close code (clients reconnect on their own). */
      closes: Record<string, number>
    }
  | { type: 'closed' }
