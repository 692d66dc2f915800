import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

/**
 * The worker's code: its own connection to the database file, and a PASSIVE checkpoint every
 * interval and on request. Plain CommonJS evaluated as a string, so it runs the same under
 * tsx, vitest and node; the driver's path comes from the main thread, so it does not depend on
 * the working directory.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const db = new Database(workerData.file)
db.pragma('busy_timeout = 5000')
db.pragma('synchronous = NORMAL')
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)')
    return null
  } catch (err) {
    return String((err && err.message) || err)
  }
}
const timer = setInterval(checkpoint, workerData.intervalMs)
parentPort.on('message', (msg) => {
  if (msg.type === 'checkpoint') parentPort.postMessage({ id: msg.id, error: checkpoint() })
  else if (msg.type === 'close') {
    clearInterval(timer)
    checkpoint()
    db.close()
    parentPort.close()
  }
})
`

/**
 * Checkpoints a WAL-mode SQLite database on a worker thread, so that the event loop never waits
 * for it. A checkpoint copies the WAL into the database file and fsyncs both; when the writing
 * connection does it itself (SQLite's automatic checkpoint, every 1000 pages) the commit that
 * crosses the mark stalls for it: 15 ms every 300 commits here, and every board's frames with
 * it. With synchronous=NORMAL, this checkpoint is also what puts commits on disk.
 */
export class WalCheckpointer {
  private readonly worker: Worker
  private readonly exited: Promise<void>
  private nextId = 1
  private readonly waiting = new Map<number, (error: string | null) => void>()
  private alive = true

  /** `onFailure` is told, once, when the worker cannot run (the caller then checkpoints itself). */
  constructor(file: string, intervalMs: number, onFailure: (err: Error) => void) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3')
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, intervalMs, driver } })
    // The worker's timer must not keep a stopping process alive; close() ends it properly.
    this.worker.unref()
    this.worker.on('message', (msg: { id: number; error: string | null }) => {
      this.waiting.get(msg.id)?.(msg.error)
      this.waiting.delete(msg.id)
    })
    this.worker.once('error', (err) => {
      if (this.alive) onFailure(err)
      this.alive = false
    })
    this.exited = new Promise((done) =>
      this.worker.once('exit', () => {
        this.alive = false
        for (const answer of this.waiting.values()) answer('the checkpoint worker stopped')
        this.waiting.clear()
        done()
      }),
    )
  }

  /** Checkpoints now (tests, and a caller that wants what is committed on disk). Rejects when the checkpoint failed. */
  checkpointNow(): Promise<void> {
    if (!this.alive) return Promise.reject(new Error('the checkpoint worker is not running'))
    const id = this.nextId++
    return new Promise((done, fail) => {
      this.waiting.set(id, (error) => (error ? fail(new Error(error)) : done()))
      this.worker.postMessage({ type: 'checkpoint', id })
    })
  }

  /** Runs a last checkpoint, closes the worker's connection and ends the worker. */
  async close(): Promise<void> {
    // Referenced again: an unreferenced worker does not keep the event loop alive, so a process
    // with nothing else left to do would end (exit code 13 under a top-level await) before the
    // last checkpoint ran and `exited` settled.
    this.worker.ref()
    if (this.alive) this.worker.postMessage({ type: 'close' })
    await this.exited
  }
}
