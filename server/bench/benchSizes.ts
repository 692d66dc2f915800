import type { FanoutOptions } from './fanout'
import type { CapacityOptions } from './capacity'
import type { ColdOpenOptions } from './coldOpen'
import type { LargeBoardOptions } from './largeBoard'
import type { PersistenceOptions } from './persistence'
import type { StallOptions } from './stall'
import type { ProductionStartOptions } from './productionStart'
import type { ClusterOptions } from './cluster'

type Sizes = {
  fanout: Omit<FanoutOptions, 'log'>
  capacity: Omit<CapacityOptions, 'log'>
  coldOpen: Omit<ColdOpenOptions, 'log' | 'chromiumPath'>
  largeBoard: Omit<LargeBoardOptions, 'log' | 'chromiumPath'>
  persistence: Omit<PersistenceOptions, 'log'>
  stall: Omit<StallOptions, 'log'>
  productionStart: Omit<ProductionStartOptions, 'log'>
  cluster: Omit<ClusterOptions, 'log'>
}

/**
 * The sizes for `npm run bench` (under 10 minutes on 2 cores), and tiny ones for the
 * smoke run (under a minute), which checks that every benchmark runs and nothing is lost.
 */
export const SIZES: { full: Sizes; smoke: Sizes } = {
  full: {
    // Team boards of 3 to 100 people, and a gathering: 10 boards of 8 in one process.
    fanout: {
      rooms: [
        { n: 3, boards: 1 },
        { n: 10, boards: 1 },
        { n: 30, boards: 1 },
        { n: 100, boards: 1 },
        { n: 8, boards: 10 },
      ],
      presence: ['cursors', 'documents'],
      kinds: ['ours', 'ysrv', 'hocus', 'relay'],
      rounds: 3,
      writers: 5,
      writerHz: 10,
      cursorHz: 5,
      warmupMs: 1_500,
      windowMs: 5_000,
      workers: 2,
    },
    capacity: { kind: 'ours', boards: 1_000, shapesPerBoard: 200, clientsPerBoard: 3, wave: 50, unloadTimeoutMs: 90_000 },
    coldOpen: { shapes: 5_000, serverSamples: 5, browserSamples: 3 },
    largeBoard: { shapes: 2_000, movesPerSecond: 100, tickHz: 20, idleMs: 2_000, movingMs: 6_000 },
    persistence: { updates: 500, groupSizes: [1, 10, 100], logBytes: 10 * 2 ** 20 },
    // The repro: a board near the 25 MiB limit, six JSON downloads, 40 unread downloads.
    stall: { boardMiB: 24, jsonDownloads: 6, stuckSockets: 40, stuckMs: 5_000 },
    productionStart: { samples: 5 },
    cluster: {
      fanout: { sizes: [30, 100], rounds: 2, writers: 5, writerHz: 10, cursorHz: 5, warmupMs: 2_000, windowMs: 8_000 },
      commits: { updates: 500, groupSizes: [1, 10, 100] },
      coldOpen: { shapes: 5_000, samples: 3 },
      // The stall benchmark's board, from Postgres.
      largeLoad: { boardMiB: 24 },
    },
  },
  smoke: {
    fanout: {
      rooms: [
        { n: 10, boards: 1 },
        { n: 3, boards: 2 },
      ],
      presence: ['cursors', 'documents'],
      kinds: ['ours', 'ysrv', 'hocus', 'relay'],
      rounds: 1,
      writers: 3,
      writerHz: 10,
      cursorHz: 5,
      warmupMs: 300,
      windowMs: 1_500,
      workers: 1,
    },
    capacity: { kind: 'ours', boards: 20, shapesPerBoard: 20, clientsPerBoard: 3, wave: 10, unloadTimeoutMs: 20_000, serverEnv: { ROOM_UNLOAD_DELAY_MS: '300' } },
    // The large-board smoke already opens a board in the browser.
    coldOpen: { shapes: 300, serverSamples: 2, browserSamples: 0 },
    largeBoard: { shapes: 200, movesPerSecond: 100, tickHz: 20, idleMs: 500, movingMs: 1_500 },
    persistence: { updates: 50, groupSizes: [1, 10], logBytes: 256 * 1024 },
    stall: { boardMiB: 1, jsonDownloads: 2, stuckSockets: 4, stuckMs: 1_000 },
    productionStart: { samples: 1 },
    cluster: {
      fanout: { sizes: [10], rounds: 1, writers: 3, writerHz: 10, cursorHz: 5, warmupMs: 300, windowMs: 1_500 },
      commits: { updates: 50, groupSizes: [1, 10] },
      coldOpen: { shapes: 300, samples: 1 },
      largeLoad: { boardMiB: 1 },
    },
  },
}
