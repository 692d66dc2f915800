import { fork, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import type { FromWorker, ToWorker } from './fanoutMessages'

const WORKER = join(import.meta.dirname, 'fanoutWorker.ts')
const EXIT_GRACE_MS = 5_000

/** The benchmark's side of one client worker process: request, await the typed reply. */
export class FanoutWorkerHandle {
  private readonly child: ChildProcess
  private readonly exited: Promise<void>
  private waiting: { type: FromWorker['type']; done: (msg: FromWorker) => void; fail: (err: Error) => void } | null = null

  constructor() {
    this.child = fork(WORKER, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    this.exited = new Promise((done) => this.child.once('exit', () => done()))
    this.child.on('message', (msg: FromWorker) => {
      const waiting = this.waiting
      if (!waiting) return
      if (msg.type === 'failed') {
        this.waiting = null
        waiting.fail(new Error(msg.error))
      } else if (msg.type === waiting.type) {
        this.waiting = null
        waiting.done(msg)
      }
    })
    this.child.once('exit', (code) => {
      this.waiting?.fail(new Error(`client worker exited (${code})`))
      this.waiting = null
    })
  }

  ask<T extends FromWorker['type']>(msg: ToWorker, reply: T, timeoutMs = 60_000): Promise<Extract<FromWorker, { type: T }>> {
    if (this.waiting) throw new Error('one request at a time')
    return new Promise((done, fail) => {
      const timer = setTimeout(() => {
        this.waiting = null
        fail(new Error(`client worker: no '${reply}' within ${timeoutMs} ms`))
      }, timeoutMs)
      this.waiting = {
        type: reply,
        done: (m) => {
          clearTimeout(timer)
          done(m as Extract<FromWorker, { type: T }>)
        },
        fail: (err) => {
          clearTimeout(timer)
          fail(err)
        },
      }
      this.child.send(msg)
    })
  }

  async close(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      await this.ask({ type: 'close' }, 'closed', 10_000).catch(() => {})
      const timer = setTimeout(() => this.child.kill('SIGKILL'), EXIT_GRACE_MS)
      await this.exited
      clearTimeout(timer)
    }
  }
}
