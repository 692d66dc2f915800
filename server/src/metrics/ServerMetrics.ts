import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'
import { CloseCode } from '@whiteboard/shared'
import type { PresenceDrop } from '../sync/PresenceOwnership'
import type { SyncObserver } from '../sync/SyncObserver'

/** What the metrics read from the running server when scraped. */
export interface MetricSources {
  boardsLoaded(): number
  connections(): number
  boardsFailingToSave(): number
  boardsDamaged(): number
  /** Presence bytes held by all boards, and by the board holding the most. */
  presenceBytes(): number
  largestBoardPresenceBytes(): number
}

const CLOSE_CODE_NAMES = new Map<number, string>(Object.entries(CloseCode).map(([name, code]) => [code, name.toLowerCase()]))

/**
 * Upper bounds of the persist latency buckets in seconds: a WAL commit with fsync is ~1-10 ms on an
 * SSD, a Postgres commit over the network (multi-node mode, where this is its commit latency) a few more.
 */
const PERSIST_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]

/**
 * How often the event-loop lag is sampled. prom-client's 10 ms woke an idle server 100 times a
 * second, 1 to 2.5 ms of CPU a second here: in a room of three, where a second brings some 60
 * deliveries, that was 15 to 40 µs added to each. Ten samples a second still catch lag that lasts
 * (the README's alert is a p99 over 0.1 s for five minutes); a single short block may fall
 * between two samples.
 */
const EVENT_LOOP_SAMPLE_MS = 100

/**
 * The server's Prometheus metrics, in a registry of its own (tests run several servers in one
 * process). Message counters are plain numbers the sync code bumps; they are read at scrape
 * time, so the fan-out path pays no label lookups. No metric carries a board id or a token.
 */
export class ServerMetrics implements SyncObserver {
  readonly registry = new Registry()
  readonly counters = { messagesIn: 0, messagesOut: 0, bytesIn: 0, bytesOut: 0, updatesAccepted: 0 }
  private sources: MetricSources = { boardsLoaded: () => 0, connections: () => 0, boardsFailingToSave: () => 0, boardsDamaged: () => 0, presenceBytes: () => 0, largestBoardPresenceBytes: () => 0 }
  private readonly refusals: Counter<'reason'>
  private readonly presenceDrops: Counter<'reason'>
  private readonly persistSeconds: Histogram
  private readonly compactions: Counter

  /** `processMetrics`: also Node's own (CPU, memory, event loop lag); one server per process only. */
  constructor(opts: { processMetrics?: boolean } = {}) {
    const registers = [this.registry]
    const read = (value: () => number) =>
      function (this: Gauge | Counter) {
        const v = value()
        if (this instanceof Gauge) this.set(v)
        else {
          this.reset()
          this.inc(v)
        }
      }
    new Gauge({ name: 'whiteboard_boards_loaded', help: 'Boards held in memory now', registers, collect: read(() => this.sources.boardsLoaded()) })
    new Gauge({ name: 'whiteboard_connections', help: 'Open sync connections', registers, collect: read(() => this.sources.connections()) })
    new Gauge({ name: 'whiteboard_boards_failing_to_save', help: 'Boards whose last commit to storage failed', registers, collect: read(() => this.sources.boardsFailingToSave()) })
    new Gauge({ name: 'whiteboard_boards_damaged', help: 'Boards found damaged in storage since the start', registers, collect: read(() => this.sources.boardsDamaged()) })
    new Counter({ name: 'whiteboard_messages_in_total', help: 'Sync messages received', registers, collect: read(() => this.counters.messagesIn) })
    new Counter({ name: 'whiteboard_messages_out_total', help: 'Sync messages sent', registers, collect: read(() => this.counters.messagesOut) })
    new Counter({ name: 'whiteboard_bytes_in_total', help: 'Bytes of sync messages received', registers, collect: read(() => this.counters.bytesIn) })
    new Counter({ name: 'whiteboard_updates_accepted_total', help: 'Document updates that passed every check and were queued for commit', registers, collect: read(() => this.counters.updatesAccepted) })
    new Counter({ name: 'whiteboard_bytes_out_total', help: 'Bytes of sync messages sent', registers, collect: read(() => this.counters.bytesOut) })
    new Gauge({ name: 'whiteboard_presence_bytes', help: 'Presence (awareness) bytes held for all boards', registers, collect: read(() => this.sources.presenceBytes()) })
    new Gauge({ name: 'whiteboard_presence_bytes_largest_board', help: 'Presence bytes held for the board holding the most', registers, collect: read(() => this.sources.largestBoardPresenceBytes()) })
    this.presenceDrops = new Counter({ name: 'whiteboard_presence_dropped_total', help: "Presence entries left out: under another connection's id (not_owner) or with presence full (full); reactions held back past the rate (reaction_too_fast)", labelNames: ['reason'], registers })
    this.refusals = new Counter({ name: 'whiteboard_refusals_total', help: 'Connections refused or closed by the server, by reason', labelNames: ['reason'], registers })
    this.persistSeconds = new Histogram({ name: 'whiteboard_persist_seconds', help: "Time to commit one batch of updates to storage (people's batches and the server's own changes; Postgres in multi-node mode)", buckets: PERSIST_BUCKETS, registers })
    this.compactions = new Counter({ name: 'whiteboard_compactions_total', help: 'Update logs folded into a snapshot', registers })
    if (opts.processMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'whiteboard_', eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS })
  }

  /** Connects the gauges to the running server (which is built after the metrics). */
  attach(sources: MetricSources): void {
    this.sources = sources
  }

  refused(code: number): void {
    this.refusals.inc({ reason: CLOSE_CODE_NAMES.get(code) ?? String(code) })
  }

  presenceDropped(reason: PresenceDrop, count: number): void {
    this.presenceDrops.inc({ reason }, count)
  }

  persisted(seconds: number): void {
    this.persistSeconds.observe(seconds)
  }

  compacted(): void {
    this.compactions.inc()
  }
}
