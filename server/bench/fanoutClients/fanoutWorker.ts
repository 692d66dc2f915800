/**
 * A child process that runs a share of the fan-out benchmark's clients, so that the clients'
 * CPU is not the server's. It speaks to the benchmark over IPC (see fanoutMessages.ts).
 */
import { YKeyValue } from 'y-utility/y-keyvalue'
import { recordsArray } from '@whiteboard/shared/board/docLayout'
import { getIndices } from '@tldraw/utils'
import type { BenchClient } from '../clients/BenchClient'
import { connectClient } from '../clients/connectClient'
import { geoShape } from '../board/geoShape'
import type { FromWorker, ToWorker } from './fanoutMessages'

/**
 * Each writer cycles over this many shapes. A server that merges what it sends may fold two
 * writes of one key into one message, which the receiver could not tell from a loss; with
 * 20 keys at 10 Hz that would take a 2 s delay, which the latency figures would show anyway.
 */
const KEYS_PER_WRITER = 20
/** Connecting 100 clients to a busy 2-core machine can take a while; more means a broken server. */
const CONNECT_DEADLINE_MS = 60_000

interface BenchMeta {
  bw: number
  bs: number
  bt: number
}

function isBenchMeta(meta: unknown): meta is BenchMeta {
  const m = meta as Partial<BenchMeta> | null
  return typeof m?.bw === 'number' && typeof m.bs === 'number' && typeof m.bt === 'number'
}

// Every y-websocket provider adds a process 'exit' listener; a worker runs up to 50 of them.
process.setMaxListeners(0)

const now = () => performance.timeOrigin + performance.now()
const send = (msg: FromWorker) => process.send?.(msg)

interface Receiver {
  index: number
  writer: number | null
  client: BenchClient
  /** Per writer: seq -> receive time. */
  seen: Map<number, Map<number, { sentAt: number; at: number }>>
}

let receivers: Receiver[] = []
const timers: NodeJS.Timeout[] = []
const sent: { writer: number; seq: number; at: number }[] = []
let delivered = 0
let config: Extract<ToWorker, { type: 'init' }> | null = null

async function init(msg: Extract<ToWorker, { type: 'init' }>) {
  config = msg
  const started = now()
  receivers = msg.clients.map(({ index, board, writer }) => {
    const client = connectClient(msg.protocol, msg.access[board]!, index)
    const receiver: Receiver = { index, writer, client, seen: new Map() }
    const kv = new YKeyValue(recordsArray(client.doc))
    kv.on('change', (changes: Map<string, { action: string; newValue?: { meta?: unknown } }>) => {
      const at = now()
      for (const change of changes.values()) {
        const meta = change.newValue?.meta
        if (!isBenchMeta(meta) || meta.bw === writer) continue
        let bySeq = receiver.seen.get(meta.bw)
        if (!bySeq) receiver.seen.set(meta.bw, (bySeq = new Map<number, { sentAt: number; at: number }>()))
        if (bySeq.has(meta.bs)) continue
        bySeq.set(meta.bs, { sentAt: meta.bt, at })
        delivered++
      }
    })
    client.awareness.setLocalState({
      user: { id: `bench-${index}`, name: `Deltaker ${index}`, color: '#4263eb' },
      role: 'participant',
      cursor: { x: 0, y: 0 },
    })
    return receiver
  })
  let deadline: NodeJS.Timeout | undefined
  await Promise.race([
    Promise.all(receivers.map((r) => r.client.synced)),
    new Promise((_, fail) => {
      deadline = setTimeout(() => fail(new Error(`clients not synced within ${CONNECT_DEADLINE_MS} ms`)), CONNECT_DEADLINE_MS)
    }),
  ]).finally(() => clearTimeout(deadline))
  send({ type: 'ready', connectMs: now() - started })
}

function start() {
  const msg = config!
  const indices = getIndices(KEYS_PER_WRITER)
  for (const r of receivers) {
    const writer = r.writer
    // Random phases, so that 100 cursors do not all move in the same millisecond.
    const cursorPeriod = 1000 / msg.cursorHz
    // cursorHz 0: a room where nobody moves a cursor (documents only).
    if (msg.cursorHz > 0) timers.push(
      setTimeout(() => {
        let step = 0
        timers.push(
          setInterval(() => {
            step++
            r.client.awareness.setLocalStateField('cursor', { x: (r.index * 37 + step * 5) % 2000, y: (step * 3) % 1200 })
          }, cursorPeriod),
        )
      }, Math.random() * cursorPeriod),
    )
    if (writer === null) continue
    const kv = new YKeyValue(recordsArray(r.client.doc))
    const writePeriod = 1000 / msg.writerHz
    timers.push(
      setTimeout(
        () => {
          let seq = 0
          timers.push(
            setInterval(() => {
              seq++
              const slot = seq % KEYS_PER_WRITER
              const id = `shape:bench-w${writer}-${slot}`
              const at = now()
              kv.set(id, geoShape({ id, x: slot * 150, y: writer * 100 + (seq % 50), index: indices[slot]!, meta: { bw: writer, bs: seq, bt: at } }))
              sent.push({ writer, seq, at })
            }, writePeriod),
          )
        },
        (writer * writePeriod) / 5,
      ),
    )
  }
  send({ type: 'started' })
}

function stopWriting() {
  for (const timer of timers) clearInterval(timer)
  timers.length = 0
  send({ type: 'stopped', sent })
}

function collect(windowStart: number, windowEnd: number) {
  const latencies: number[] = []
  const latencyWriters: number[] = []
  let deliveredInWindow = 0
  const seen: { receiver: number; writer: number; seqs: number[] }[] = []
  for (const r of receivers) {
    for (const [writer, bySeq] of r.seen) {
      seen.push({ receiver: r.index, writer, seqs: [...bySeq.keys()] })
      for (const { sentAt, at } of bySeq.values()) {
        if (sentAt >= windowStart && sentAt <= windowEnd) {
          latencies.push(at - sentAt)
          latencyWriters.push(writer)
        }
        if (at >= windowStart && at <= windowEnd) deliveredInWindow++
      }
    }
  }
  const closes: Record<string, number> = {}
  for (const r of receivers) for (const close of r.client.closes) closes[close.code] = (closes[close.code] ?? 0) + 1
  send({ type: 'collected', latencies, latencyWriters, deliveredInWindow, delivered, seen, cpu: process.cpuUsage(), closes })
}

// Exits with the benchmark, however it ended.
process.on('disconnect', () => process.exit(0))

process.on('message', (msg: ToWorker) => {
  switch (msg.type) {
    case 'init':
      init(msg).catch((err: unknown) => send({ type: 'failed', error: err instanceof Error ? err.message : String(err) }))
      break
    case 'start':
      start()
      break
    case 'stopWriting':
      stopWriting()
      break
    case 'progress':
      send({ type: 'progress', delivered, cpu: process.cpuUsage() })
      break
    case 'collect':
      collect(msg.windowStart, msg.windowEnd)
      break
    case 'close':
      for (const timer of timers) clearInterval(timer)
      for (const r of receivers) r.client.destroy()
      send({ type: 'closed' })
      process.disconnect()
      break
  }
})
