/** Thrown by `HeavyWorkQueue.run` when the queue is full; callers answer 503 with Retry-After. */
export class QueueFullError extends Error {
  constructor(readonly queue: string) {
    super(`the ${queue} queue is full`)
    this.name = 'QueueFullError'
  }
}

interface Waiter {
  start: () => void
}

/**
 * Runs heavy jobs (decoding a large board, converting a snapshot) at most `concurrency` at a
 * time, in arrival order, and holds at most `maxWaiting` more. Without it, six requests that
 * each decode a 25 MiB snapshot run their synchronous parts back to back and the event loop,
 * every other board included, waits for all of them at once; with it, it waits for one at a
 * time, and other I/O runs in between (the next job starts from a setImmediate, after the
 * poll phase has served what arrived meanwhile). It also bounds the memory of work in progress.
 */
export class HeavyWorkQueue {
  private active = 0
  private readonly waiting: Waiter[] = []

  constructor(
    readonly name: string,
    readonly concurrency: number,
    readonly maxWaiting: number,
  ) {}

  /** Jobs running now. */
  get running(): number {
    return this.active
  }

  /** Jobs waiting for a turn. */
  get queued(): number {
    return this.waiting.length
  }

  /**
   * Runs `job` when a slot is free. Rejects with `QueueFullError` when `maxWaiting` jobs wait
   * already, and with `signal`'s reason when it aborts before the job started (a client that
   * went away does not keep its place).
   */
  run<T>(job: () => Promise<T> | T, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(signal.reason as Error)
    if (this.active < this.concurrency && this.waiting.length === 0) return this.start(job)
    if (this.waiting.length >= this.maxWaiting) return Promise.reject(new QueueFullError(this.name))
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => {
        const at = this.waiting.indexOf(waiter)
        if (at >= 0) this.waiting.splice(at, 1)
        reject(signal?.reason as Error)
      }
      const waiter: Waiter = {
        start: () => {
          signal?.removeEventListener('abort', onAbort)
          this.start(job).then(resolve, reject)
        },
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      this.waiting.push(waiter)
    })
  }

  private async start<T>(job: () => Promise<T> | T): Promise<T> {
    this.active++
    try {
      return await job()
    } finally {
      this.active--
      // The next job starts only after the loop has polled for I/O: the point of the queue.
      setImmediate(() => this.next())
    }
  }

  private next(): void {
    while (this.active < this.concurrency) {
      const waiter = this.waiting.shift()
      if (!waiter) return
      waiter.start()
    }
  }
}
