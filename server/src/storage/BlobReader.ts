import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

/**
 * The worker's code: a read-only connection of its own, which runs one prepared query per
 * message and sends the row back, its blobs moved rather than copied. Plain CommonJS evaluated
 * as a string, so it runs the same under tsx, vitest and node; the driver's path comes from the
 * main thread.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const db = new Database(workerData.file, { readonly: true, fileMustExist: true })
db.pragma('busy_timeout = 5000')
const statements = new Map()
parentPort.on('message', (msg) => {
  if (msg.type === 'close') {
    db.close()
    parentPort.close()
    return
  }
  try {
    let stmt = statements.get(msg.sql)
    if (!stmt) statements.set(msg.sql, (stmt = db.prepare(msg.sql)))
    const row = stmt.get(...msg.params)
    const transfer = []
    if (row) {
      for (const [key, value] of Object.entries(row)) {
        if (!Buffer.isBuffer(value)) continue
        if (msg.shared) {
          // Copied here, on this thread, into memory both threads share.
          const shared = new Uint8Array(new SharedArrayBuffer(value.byteLength))
          shared.set(value)
          row[key] = shared
        } else if (value.byteOffset === 0 && value.byteLength === value.buffer.byteLength) {
          // A blob that owns its whole memory can be moved; anything else is copied.
          transfer.push(value.buffer)
        }
      }
    }
    parentPort.postMessage({ id: msg.id, row: row ?? null }, transfer)
  } catch (err) {
    parentPort.postMessage({ id: msg.id, error: String((err && err.message) || err) })
  }
})
`

/**
 * Reads large blobs (history snapshots, images) on a worker thread with its own read-only
 * connection. better-sqlite3 reads a blob whole and synchronously: a 24 MiB snapshot took
 * 150-190 ms of the event loop per download (measured by the stall benchmark on a busy
 * machine), during which no board was served. The worker reads it and hands the bytes over
 * without a copy; the event loop only waits. In WAL mode its reads see every commit of the
 * main connection made before the query was sent.
 */
export class BlobReader {
  private readonly worker: Worker
  private readonly exited: Promise<void>
  private nextId = 1
  private readonly waiting = new Map<number, { done: (row: unknown) => void; fail: (err: Error) => void }>()
  private running = true

  /** `onFailure` is told, once, when the worker cannot run (the caller then reads on the main thread). */
  constructor(file: string, onFailure: (err: Error) => void) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3')
    // No node flags: the worker's code is plain CommonJS and needs no loader (tsx's would cost its start).
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver }, execArgv: [] })
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
