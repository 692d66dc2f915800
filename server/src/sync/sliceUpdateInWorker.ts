import { createRequire } from 'node:module'
import { oneAnswerWorker } from '../work/oneAnswerWorker'

/**
 * Bytes of structs in one slice. Applied with its values read in compact form
 * (applyUpdateCompacted), a slice of 32 KiB takes about 1.5 ms here, several times that on a busy
 * machine: boardLoading applies slices until a turn has taken BUILD_TURN_BUDGET_MS, so a turn
 * overshoots that by at most one slice. (256 KiB slices were turns of 15 to 40 ms.)
 */
export const UPDATE_SLICE_BYTES = 32 * 1024

/**
 * Most memory one slicing worker may use. Decoding a 25 MiB update (the largest a board may be)
 * into its structs takes a few hundred MiB; 1 GiB leaves room for that and stops a worker
 * before it could take the whole machine.
 */
export const SLICE_WORKER_HEAP_MB = 1024

/**
 * The worker's code. It decodes the update into its structs and writes them again as v1 updates
 * of at most about `sliceBytes` of structs each, byte for byte as Yjs' own encoder writes them
 * (per client: the number of structs, the client, the first clock, then each struct).
 *
 * Slices are applied one after another, and Yjs keeps a struct whose left or right origin or
 * parent it has not seen as "pending", merging every later update into the pending one until it
 * can go on: with structs in the update's order (client by client) that costs the whole rest of
 * the board per slice. So the structs are put in an order in which everything a struct refers
 * to comes before it (a client's structs in clock order, as Yjs needs, and another client's
 * structs first as far as they are referred to, the walk Yjs itself makes within one update).
 * A slice holds a run of that order, so a client appears in it at most once, with consecutive
 * clocks. Every slice but the last has an empty delete set; the last carries the whole one, so
 * nothing is deleted before everything is there, as in one update.
 *
 * An update this cannot order (a struct refers to a clock the update does not hold, or it has
 * gaps) is answered with null: the caller applies it in one go, and Yjs treats it as it would.
 * Plain CommonJS evaluated as a string, so it runs the same under tsx, vitest and node.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Y = require(workerData.yjs)
const encoding = require(workerData.encoding)

function writtenSize(s) {
  const e = new Y.UpdateEncoderV1()
  s.write(e, 0)
  return e.toUint8Array().byteLength
}

// Yjs merges consecutive values a client wrote into one struct, so one struct may hold a whole
// board (a paste of thousands of shapes). Such a struct is cut into pieces of about sliceBytes,
// as Yjs itself cuts one (splitItem): each piece's left origin is the end of the piece before.
// Only content that cuts without change: a string is cut by UTF-16 unit, which may change it.
const SPLITTABLE = new Set([Y.ContentAny, Y.ContentJSON, Y.ContentDeleted])
function pieces(s, sliceBytes) {
  if (s.length <= 1) return [s]
  const isGC = s.constructor === Y.GC
  if (!isGC && !(s.constructor === Y.Item && SPLITTABLE.has(s.content.constructor))) return [s]
  const size = writtenSize(s)
  if (size <= sliceBytes) return [s]
  const per = Math.max(1, Math.floor((s.length * sliceBytes) / size))
  const out = []
  let cur = s
  while (cur.length > per) {
    const client = cur.id.client
    const clock = cur.id.clock
    let right
    if (isGC) {
      right = new Y.GC(Y.createID(client, clock + per), cur.length - per)
    } else {
      right = new Y.Item(Y.createID(client, clock + per), null, Y.createID(client, clock + per - 1), null, cur.rightOrigin, cur.parent, cur.parentSub, cur.content.splice(per))
    }
    cur.length = per
    out.push(cur)
    cur = right
  }
  out.push(cur)
  return out
}

// The first slices are smaller, doubling up to sliceBytes: the event loop applies them before
// its code for that is optimized, when a 32 KiB slice took 8 to 13 ms instead of about 1.5.
const FIRST_SLICE_DIVISOR = 16

function slice(update, sliceBytes, outBuffer) {
  const { structs, ds } = Y.decodeUpdate(update)
  const byClient = new Map()
  for (const s of structs.flatMap((s) => pieces(s, sliceBytes))) {
    if (s.constructor === Y.Skip) return null
    let list = byClient.get(s.id.client)
    if (!list) byClient.set(s.id.client, (list = []))
    list.push(s)
  }
  // next: index of the client's first struct not yet placed; placedTo: its clock there.
  const next = new Map()
  const placedTo = new Map()
  for (const [client, list] of byClient) {
    let clock = list[0].id.clock
    if (clock !== 0) return null
    for (const s of list) {
      if (s.id.clock !== clock) return null
      clock += s.length
    }
    next.set(client, 0)
    placedTo.set(client, 0)
  }
  const order = []
  const missing = (s) => {
    if (s.constructor !== Y.Item) return null
    const own = s.id.client
    for (const id of [s.origin, s.rightOrigin, s.parent]) {
      if (id && id.constructor === Y.ID && id.client !== own && id.clock >= placedTo.get(id.client)) return id
    }
    return null
  }
  // Clients in the order Yjs integrates them (highest first), each walked with a stack of the
  // clients it waits for and the clock it waits for.
  const clients = [...byClient.keys()].sort((a, b) => b - a)
  for (const first of clients) {
    const stack = [{ client: first, until: Infinity }]
    const onStack = new Set([first])
    while (stack.length > 0) {
      const top = stack[stack.length - 1]
      const list = byClient.get(top.client)
      const at = next.get(top.client)
      if (at >= list.length || placedTo.get(top.client) > top.until) {
        stack.pop()
        onStack.delete(top.client)
        continue
      }
      const s = list[at]
      const id = missing(s)
      if (id) {
        // Refers to a client this update does not hold, beyond its end, or back to a client
        // still waiting itself: not an order that can exist in a valid update.
        if (!byClient.has(id.client) || onStack.has(id.client)) return null
        const other = byClient.get(id.client)
        const last = other[other.length - 1]
        if (id.clock >= last.id.clock + last.length) return null
        stack.push({ client: id.client, until: id.clock })
        onStack.add(id.client)
        continue
      }
      order.push(s)
      next.set(top.client, at + 1)
      placedTo.set(top.client, s.id.clock + s.length)
    }
  }
  // Every struct written once, in order, into one buffer; ends[i] is where struct i ends there.
  // (Written each into its own buffer, the 60,000 structs of a large board were as many
  // external allocations, whose pressure set off a full collection of this worker's heap on both
  // cores just as the event loop began to apply the slices.)
  const all = new Y.UpdateEncoderV1()
  all.restEncoder = presized(new Uint8Array(update.byteLength + 4096))
  const ends = new Array(order.length)
  for (let i = 0; i < order.length; i++) {
    order[i].write(all, 0)
    ends[i] = encoding.length(all.restEncoder)
  }
  const structBytes = writtenBytes(all.restEncoder)
  const startOf = (i) => (i === 0 ? 0 : ends[i - 1])
  const out = presized(new Uint8Array(outBuffer))
  const cuts = []
  let start = 0
  let limit = Math.max(1, Math.floor(sliceBytes / FIRST_SLICE_DIVISOR))
  while (start < order.length) {
    let end = start + 1
    while (end < order.length && ends[end] - startOf(start) <= limit) end++
    limit = Math.min(sliceBytes, limit * 2)
    const last = end === order.length
    // A client's structs in the slice, in clock order. They need not lie together in the order
    // (a client may wait for another's in between), but a client may appear only once in an update.
    const runs = new Map()
    for (let i = start; i < end; i++) {
      const c = order[i].id.client
      let run = runs.get(c)
      if (!run) runs.set(c, (run = []))
      run.push(i)
    }
    encoding.writeVarUint(out, runs.size)
    for (const [client, run] of runs) {
      encoding.writeVarUint(out, run.length)
      encoding.writeVarUint(out, client)
      encoding.writeVarUint(out, order[run[0]].id.clock)
      for (const i of run) encoding.writeUint8Array(out, structBytes.subarray(startOf(i), ends[i]))
    }
    if (last) {
      const entries = [...ds.clients.entries()].sort((a, b) => b[0] - a[0])
      encoding.writeVarUint(out, entries.length)
      for (const [client, items] of entries) {
        encoding.writeVarUint(out, client)
        encoding.writeVarUint(out, items.length)
        for (const item of items) {
          encoding.writeVarUint(out, item.clock)
          encoding.writeVarUint(out, item.len)
        }
      }
    } else {
      encoding.writeVarUint(out, 0)
    }
    cuts.push(encoding.length(out))
    start = end
  }
  // Only a delete set: it is small, and one slice.
  if (cuts.length === 0) return { bytes: update.slice(), cuts: [update.byteLength] }
  if (out.bufs.length === 0) return { bytes: null, cuts }
  return { bytes: encoding.toUint8Array(out), cuts }
}

// An encoder that writes into the given bytes first, and only past their end into buffers of its own.
function presized(bytes) {
  const e = encoding.createEncoder()
  e.cbuf = bytes
  return e
}

function writtenBytes(e) {
  return e.bufs.length === 0 ? e.cbuf.subarray(0, e.cpos) : encoding.toUint8Array(e)
}

try {
  const slices = slice(workerData.update, workerData.sliceBytes, workerData.out)
  parentPort.postMessage({ ok: true, value: slices }, slices && slices.bytes ? [slices.bytes.buffer] : [])
} catch (err) {
  parentPort.postMessage({ ok: false, error: String((err && err.message) || err) })
}
`

/** Thrown when the update cannot be decoded. */
export class UpdateUnreadableError extends Error {
  constructor(detail: string) {
    super(`the update cannot be read: ${detail}`)
    this.name = 'UpdateUnreadableError'
  }
}

/** The slices' buffer, as a multiple of the update's size. */
const OUT_BUFFER_SLACK = 1.1

const require = createRequire(import.meta.url)
const MODULES = { yjs: require.resolve('yjs'), encoding: require.resolve('lib0/encoding') }

/**
 * A Yjs update (v1) as a list of smaller ones that, applied in order to an empty doc, build the
 * same doc as the update itself: see WORKER_SOURCE. Decoding runs on a worker thread of its own,
 * so the event loop only pays for applying the slices, one per turn. Null when the update's
 * structs cannot be ordered so (then apply it whole). Throws `UpdateUnreadableError` when it
 * cannot be decoded.
 *
 * `update` stays usable: the caller keeps it as the newcomers' answer and for its size. It is
 * copied to the worker, on the event loop (30 to 120 ms for 24 MiB here), unless it lies in a
 * SharedArrayBuffer, as SqliteStorage loads a large snapshot: then the worker reads it in place.
 */
export async function sliceUpdateInWorker(update: Uint8Array, sliceBytes = UPDATE_SLICE_BYTES): Promise<Uint8Array[] | null> {
  // The slices come back in one buffer, with where each ends. The event loop allocates it now,
  // while it waits: a 24 MiB buffer arriving from the worker set off a full collection of the
  // main heap just as the slices were to be applied. Only slices that outgrow it (cut structs,
  // the slices' headers) come in a buffer of the worker's.
  const out = new SharedArrayBuffer(Math.ceil(update.byteLength * OUT_BUFFER_SLACK) + 64 * 1024)
  const sliced = await oneAnswerWorker<{ bytes: Uint8Array | null; cuts: number[] } | null>({
    source: WORKER_SOURCE,
    workerData: { ...MODULES, update, sliceBytes, out },
    heapMb: SLICE_WORKER_HEAP_MB,
    what: 'slicing worker',
    failure: (message) => new UpdateUnreadableError(message),
  })
  if (!sliced) return null
  const bytes = sliced.bytes ?? new Uint8Array(out)
  return sliced.cuts.map((end, i) => bytes.subarray(i === 0 ? 0 : sliced.cuts[i - 1], end))
}
