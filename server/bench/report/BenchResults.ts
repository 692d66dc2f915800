import type { FanoutResult } from '../fanout'
import type { CapacityResult } from '../capacity'
import type { ColdOpenResult } from '../coldOpen'
import type { LargeBoardResult } from '../largeBoard'
import type { PersistenceResult } from '../persistence'
import type { StallResult } from '../stall'
import type { ProductionStartResult } from '../productionStart'
import type { ClusterResult } from '../cluster'
import type { MachineDescription } from './describeMachine'

export const BENCHMARKS = ['fanout', 'capacity', 'coldOpen', 'largeBoard', 'persistence', 'stall', 'productionStart', 'cluster'] as const
export type BenchmarkName = (typeof BENCHMARKS)[number]

/** Everything one `npm run bench` measured; written as server/bench-results/latest.json. */
export interface BenchResults {
  mode: 'full' | 'smoke'
  startedAt: string
  durationSeconds: number
  machine: MachineDescription
  fanout?: FanoutResult
  capacity?: CapacityResult
  coldOpen?: ColdOpenResult
  largeBoard?: LargeBoardResult | { skipped: string }
  persistence?: PersistenceResult
  stall?: StallResult
  productionStart?: ProductionStartResult
  /** Multi-node mode on Postgres and Redis. */
  cluster?: ClusterResult
  /** Benchmarks that crashed, with the error. */
  failures: { benchmark: BenchmarkName; error: string }[]
}
