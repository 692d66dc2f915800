import type { BoardAccess, SyncProtocol } from '../servers/ServerUnderTest'
import type { FromWorker } from './fanoutMessages'
import { FanoutWorkerHandle } from './FanoutWorkerHandle'
import { pause } from '../timing/pause'
import { waitFor } from '../timing/waitFor'

/**
 * The load of one fan-out run: N clients on each of `boards` boards (one unless said), W writers
 * per board at writerHz, every cursor at cursorHz.
 */
export interface FanoutLoad {
  n: number
  boards?: number
  writers: number
  writerHz: number
  cursorHz: number
  warmupMs: number
  windowMs: number
  /** Client worker processes; client i runs in worker i mod workers. */
  workers: number
}

export interface FanoutDrive<Cpu> extends FanoutLoad {
  protocol: SyncProtocol
  /** Board `board` as worker `w`'s clients reach it: one server for all, or a node per worker. */
  accessFor(worker: number, board: number): BoardAccess
  /** Read at the measuring window's start and end (e.g. the servers' CPU). */
  sampleCpu(): Promise<Cpu>
}

export interface FanoutOutcome<Cpu> {
  cpuBefore: Cpu
  cpuAfter: Cpu
  /** The measuring window, epoch ms. */
  windowStart: number
  windowEnd: number
  sent: number
  expected: number
  delivered: number
  lost: number
  connectMs: number
  clientCpuSeconds: number
  /** What each worker's clients received, in worker order. */
  perWorker: Extract<FromWorker, { type: 'collected' }>[]
  /** Worker of each client index (client i runs in worker i mod workers). */
  workerOf(client: number): number
  /** Board of each client index (client i is on board floor(i / N)). */
  boardOf(client: number): number
}

/**
 * After the writers stop, an update counts as lost only once deliveries have stopped coming
 * for this long; a server that is merely slow (seconds of p99 on a loaded machine) shows up in
 * the latency figures instead.
 */
const DRAIN_QUIET_MS = 5_000
/** Upper bound on the drain, so that a stuck run cannot hold up the suite. */
const DRAIN_TIMEOUT_MS = 60_000
/** Connecting 100 clients to a busy 2-core machine can take a while. */
const READY_TIMEOUT_MS = 90_000

/**
 * One fan-out run with the clients in worker processes: connect, warm up, measure a window,
 * stop the writers, wait for the deliveries to drain, and count every (receiver, writer, seq)
 * that never arrived as lost.
 */
export async function driveFanoutClients<Cpu>(d: FanoutDrive<Cpu>): Promise<FanoutOutcome<Cpu>> {
  const boards = d.boards ?? 1
  const clients = d.n * boards
  const workers = Array.from({ length: Math.min(d.workers, clients) }, () => new FanoutWorkerHandle())
  const workerOf = (client: number) => client % workers.length
  const boardOf = (client: number) => Math.floor(client / d.n)
  // Writer numbers run on across boards, so that (writer, seq) names one update.
  const writerOf = (client: number) => (client % d.n < d.writers ? boardOf(client) * d.writers + (client % d.n) : null)
  try {
    const share = (w: number) =>
      Array.from({ length: clients }, (_, index) => index)
        .filter((index) => workerOf(index) === w)
        .map((index) => ({ index, board: boardOf(index), writer: writerOf(index) }))
    const ready = await Promise.all(
      workers.map((worker, w) =>
        worker.ask(
          {
            type: 'init',
            protocol: d.protocol,
            access: Array.from({ length: boards }, (_, board) => d.accessFor(w, board)),
            clients: share(w),
            writerHz: d.writerHz,
            cursorHz: d.cursorHz,
          },
          'ready',
          READY_TIMEOUT_MS,
        ),
      ),
    )
    await Promise.all(workers.map((worker) => worker.ask({ type: 'start' }, 'started')))
    await pause(d.warmupMs)
    const windowStart = performance.timeOrigin + performance.now()
    const cpuBefore = await d.sampleCpu()
    const clientsBefore = await Promise.all(workers.map((worker) => worker.ask({ type: 'progress' }, 'progress')))
    await pause(d.windowMs)
    const windowEnd = performance.timeOrigin + performance.now()
    const cpuAfter = await d.sampleCpu()
    const clientsAfter = await Promise.all(workers.map((worker) => worker.ask({ type: 'progress' }, 'progress')))
    const stopped = await Promise.all(workers.map((worker) => worker.ask({ type: 'stopWriting' }, 'stopped')))
    const sent = stopped.flatMap((s) => s.sent)
    // Each update goes to the other N - 1 people of its board.
    const expected = sent.length * (d.n - 1)
    let lastCount = -1
    let lastChange = performance.now()
    await waitFor(async () => {
      const progress = await Promise.all(workers.map((worker) => worker.ask({ type: 'progress' }, 'progress')))
      const count = progress.reduce((sum, p) => sum + p.delivered, 0)
      if (count !== lastCount) {
        lastCount = count
        lastChange = performance.now()
      }
      return count >= expected || performance.now() - lastChange >= DRAIN_QUIET_MS
    }, DRAIN_TIMEOUT_MS, 100)
    const perWorker = await Promise.all(workers.map((worker) => worker.ask({ type: 'collect', windowStart, windowEnd }, 'collected')))

    const sentByWriter = new Map<number, number[]>()
    for (const s of sent) sentByWriter.set(s.writer, [...(sentByWriter.get(s.writer) ?? []), s.seq])
    const seen = new Map<string, Set<number>>()
    for (const c of perWorker) for (const s of c.seen) seen.set(`${s.receiver}/${s.writer}`, new Set(s.seqs))
    let lost = 0
    for (let receiver = 0; receiver < clients; receiver++) {
      for (const [writer, seqs] of sentByWriter) {
        if (writer === writerOf(receiver) || Math.floor(writer / d.writers) !== boardOf(receiver)) continue
        const got = seen.get(`${receiver}/${writer}`)
        for (const seq of seqs) if (!got?.has(seq)) lost++
      }
    }
    return {
      cpuBefore,
      cpuAfter,
      windowStart,
      windowEnd,
      sent: sent.length,
      expected,
      delivered: perWorker.reduce((sum, c) => sum + c.delivered, 0),
      lost,
      connectMs: Math.max(...ready.map((r) => r.connectMs)),
      clientCpuSeconds: clientsAfter.reduce((sum, a, i) => sum + (a.cpu.user + a.cpu.system - clientsBefore[i]!.cpu.user - clientsBefore[i]!.cpu.system) / 1e6, 0),
      perWorker,
      workerOf,
      boardOf,
    }
  } finally {
    await Promise.all(workers.map((worker) => worker.close()))
  }
}
