import { Worker } from 'node:worker_threads'

/**
 * Worker code both blob readers share: `sendRow(id, row, shared)` posts a row back with its
 * blobs moved rather than copied, or with `shared`, copied on the worker into memory both
 * threads share. Plain CommonJS, prepended to each reader's own worker code.
 */
const SEND_ROW_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
function sendRow(id, row, shared) {
  const transfer = []
  if (row) {
    for (const [key, value] of Object.entries(row)) {
      if (!Buffer.isBuffer(value)) continue
      if (shared) {
        const copy = new Uint8Array(new SharedArrayBuffer(value.byteLength))
        copy.set(value)
        row[key] = copy
      } else if (value.byteOffset === 0 && value.byteLength === value.buffer.byteLength) {
        // A blob that owns its whole memory can be moved; anything else is copied.
        transfer.push(value.buffer)
      }
    }
  }
  parentPort.postMessage({ id, row: row ?? null }, transfer)
}
function sendError(id, err) {
  parentPort.postMessage({ id, error: String((err && err.message) || err) })
}
`

/**
 * Reads large blobs (board snapshots, history snapshots, images) on a worker thread with a
 * database connection of its own, so that reading and decoding megabytes never holds the event
 * loop; it only waits, and gets the bytes without a copy. The worker's code is the storage's
 * (sqliteBlobReader.ts, postgresBlobReader.ts): it answers each `{ type: 'query', id, sql,
 * params, shared }` with `sendRow` (SEND_ROW_SOURCE) and ends its connection on `{ type: 'close' }`.
 */
export class BlobReader {
  private readonly worker: Worker
  private readonly exited: Promise<void>
  private nextId = 1
  private readonly waiting = new Map<number, { done: (row: unknown) => void; fail: (err: Error) => void }>()
  private running = true

  /**
   * `workerSource`: the storage's worker code, plain CommonJS evaluated as a string, so it runs
   * the same under tsx, vitest and node; `workerData` reaches it. `onFailure` is told, once,
   * when the worker cannot run (the caller then reads on the main thread).
   */
  constructor(workerSource: string, workerData: unknown, onFailure: (err: Error) => void) {
    // No node flags: the worker's code needs no loader (tsx's would cost its start).
    this.worker = new Worker(SEND_ROW_SOURCE + workerSource, { eval: true, workerData, execArgv: [] })
    this.worker.unref()
    this.worker.on('message', (msg: { id: number; row?: unknown; error?: string }) => {
      const answer = this.waiting.get(msg.id)
      this.waiting.delete(msg.id)
      if (msg.error !== undefined) answer?.fail(new Error(msg.error))
      else answer?.done(msg.row)
    })
    this.worker.once('error', (err) => {
      if (this.running) onFailure(err)
      this.running = false
    })
    this.exited = new Promise((done) =>
      this.worker.once('exit', () => {
        this.running = false
        for (const answer of this.waiting.values()) answer.fail(new Error('the blob reader stopped'))
        this.waiting.clear()
        done()
      }),
    )
  }

  get alive(): boolean {
    return this.running
  }

  /**
   * The first row of `sql` with `params`, or null. Rejects when the query fails or the worker
   * stops. With `shared`, its blobs arrive in SharedArrayBuffers: read-only from then on, and
   * handed to another worker without a copy (see sliceUpdateInWorker), where a moved buffer
   * would be copied again on the event loop.
   */
  get<Row>(sql: string, params: readonly unknown[], opts: { shared?: boolean } = {}): Promise<Row | null> {
    if (!this.running) return Promise.reject(new Error('the blob reader is not running'))
    const id = this.nextId++
    return new Promise<Row | null>((done, fail) => {
      this.waiting.set(id, { done: (row) => done(row as Row | null), fail })
      // Referenced while a read is out, so a process waiting only for it does not end.
      this.worker.ref()
      this.worker.postMessage({ type: 'query', id, sql, params, shared: opts.shared === true })
    }).finally(() => {
      if (this.waiting.size === 0) this.worker.unref()
    })
  }

  /** Closes the worker's connection and ends the worker. */
  async close(): Promise<void> {
    this.worker.ref()
    if (this.running) this.worker.postMessage({ type: 'close' })
    await this.exited
  }
}
