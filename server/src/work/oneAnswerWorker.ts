import { Worker, type TransferListItem } from 'node:worker_threads'

export interface OneAnswerWorkerOptions {
  /** Plain CommonJS run with `eval`: tsx's loader would cost every worker's start on the event loop. */
  source: string
  workerData: unknown
  /** Buffers moved to the worker instead of copied on the event loop. */
  transferList?: TransferListItem[]
  heapMb: number
  /** Named in the error when the worker stops without answering. */
  what: string
  /** The error for a failure the worker reports itself (the input could not be read). */
  failure: (message: string) => Error
}

/**
 * Starts a worker thread for one piece of heavy work and resolves with its one answer. The
 * worker posts `{ ok: true, value }` or `{ ok: false, error }`; it is terminated once it has
 * answered, and the answer is given once it has exited. A crash or an exit without an answer
 * (out of memory past `heapMb`) rejects.
 */
export function oneAnswerWorker<T>(opts: OneAnswerWorkerOptions): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(opts.source, {
      eval: true,
      workerData: opts.workerData,
      ...(opts.transferList ? { transferList: opts.transferList } : {}),
      resourceLimits: { maxOldGenerationSizeMb: opts.heapMb },
      execArgv: [],
    })
    let settled = false
    worker.once('message', (msg: { ok: true; value: T } | { ok: false; error: string }) => {
      settled = true
      if (msg.ok) {
        // Answered once the worker is gone: a worker that built a large heap takes tens of ms
        // to tear it down, and on two cores the event loop would otherwise do the work the
        // answer was for (apply a board's slices) while that teardown holds the other core.
        worker.once('exit', () => resolve(msg.value))
      } else {
        reject(opts.failure(msg.error))
      }
      void worker.terminate()
    })
    worker.once('error', (err) => {
      if (settled) return
      settled = true
      reject(err)
    })
    worker.once('exit', (code) => {
      if (settled) return
      settled = true
      reject(new Error(`the ${opts.what} stopped with code ${code}`))
    })
  })
}
