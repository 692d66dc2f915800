import { Redis, type RedisOptions } from 'ioredis'
import type { Logger } from 'pino'

/**
 * Longest a Redis command may take. Redis answers in well under a millisecond; a command that
 * takes a second means Redis is stuck or paused, and a publish or a seat check must not hold a
 * commit or a join for longer: they fall back (polling, the local cap) instead.
 */
export const REDIS_COMMAND_TIMEOUT_MS = 1_000

/** Longest wait for a TCP connection to Redis before trying again. */
export const REDIS_CONNECT_TIMEOUT_MS = 2_000

/**
 * Longest pause between tries to reach Redis again. ioredis tries again with growing pauses; a
 * second at most means a Redis that is back is noticed within about a second.
 */
export const REDIS_RETRY_MAX_MS = 1_000

/**
 * The node's connections to Redis, each reconnecting by itself (ioredis retries forever):
 * - `commands` for publishing, heartbeats and seats, with the offline queue off: while Redis is
 *   unreachable a command fails at once instead of waiting in a queue to be sent when Redis is
 *   back, when it would publish stale presence and claim seats of people long gone, and a commit
 *   waiting on its publish would stall the board;
 * - `reader` for blocking stream reads (XREAD BLOCK holds its connection);
 * - `subscriber` for presence (a subscribed connection takes no other commands), through
 *   `subscribe` and `unsubscribe`, which subscribe its channels again after a reconnect.
 * `up` says whether commands can be sent now; `onChange` is told when that flips.
 */
export class RedisLink {
  readonly commands: Redis
  readonly reader: Redis
  readonly subscriber: Redis
  /** The channels `subscribe` was asked for, subscribed again on each reconnect. */
  private readonly channels = new Set<string>()
  private wasUp = false
  private readonly listeners: ((up: boolean) => void)[] = []
  private lastError = ''

  constructor(url: string, log: Logger) {
    const base: RedisOptions = {
      connectTimeout: REDIS_CONNECT_TIMEOUT_MS,
      retryStrategy: (times) => Math.min(times * 100, REDIS_RETRY_MAX_MS),
      // A command in flight when the connection broke is failed, not sent again later.
      autoResendUnfulfilledCommands: false,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      lazyConnect: false,
    }
    this.commands = new Redis(url, { ...base, commandTimeout: REDIS_COMMAND_TIMEOUT_MS, connectionName: 'whiteboard-commands' })
    this.reader = new Redis(url, { ...base, connectionName: 'whiteboard-reader' })
    // The subscriber's SUBSCRIBE commands are queued while it is offline, and sent once it connects.
    // ioredis' own resubscribing leaves its command's promise unhandled: a link closed while that
    // command was in flight (a node stopping just after Redis came back) would end the process.
    this.subscriber = new Redis(url, { ...base, enableOfflineQueue: true, maxRetriesPerRequest: null, autoResubscribe: false, connectionName: 'whiteboard-presence' })
    this.subscriber.on('ready', () => {
      if (this.channels.size > 0) this.subscriber.subscribe(...this.channels).catch(() => undefined)
    })
    for (const [name, client] of [
      ['commands', this.commands],
      ['reader', this.reader],
      ['subscriber', this.subscriber],
    ] as const) {
      // Without a listener an error event ends the process. Logged once per kind of failure, not per retry.
      client.on('error', (err: Error) => {
        if (err.message === this.lastError) return
        this.lastError = err.message
        log.warn({ connection: name, problem: err.message }, 'redis connection failed; retrying')
      })
    }
    this.commands.on('ready', () => {
      this.lastError = ''
      this.flip(true)
    })
    this.commands.on('close', () => this.flip(false))
  }

  /** Whether commands reach Redis now. */
  get up(): boolean {
    return this.commands.status === 'ready'
  }

  /** `listener(up)` is called each time Redis becomes reachable or unreachable. */
  onChange(listener: (up: boolean) => void): void {
    this.listeners.push(listener)
  }

  /** Subscribes the subscriber to `channel`, now and after every reconnect; rejects if this first try fails. */
  async subscribe(channel: string): Promise<void> {
    this.channels.add(channel)
    await this.subscriber.subscribe(channel)
  }

  unsubscribe(channel: string): void {
    this.channels.delete(channel)
    this.subscriber.unsubscribe(channel).catch(() => undefined)
  }

  /** Resolves once `client` is connected (at once if it is), or when `stopped` says to give up. */
  whenReady(client: Redis, stopped: () => boolean): Promise<void> {
    if (client.status === 'ready' || stopped()) return Promise.resolve()
    return new Promise((done) => {
      const check = setInterval(() => {
        if (client.status === 'ready' || stopped()) {
          clearInterval(check)
          done()
        }
      }, 50)
      check.unref()
    })
  }

  async close(): Promise<void> {
    for (const client of [this.commands, this.reader, this.subscriber]) client.disconnect()
    await Promise.resolve()
  }

  private flip(up: boolean): void {
    if (up === this.wasUp) return
    this.wasUp = up
    for (const listener of this.listeners) listener(up)
  }
}
