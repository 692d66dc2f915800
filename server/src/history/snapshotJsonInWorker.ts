import { createRequire } from 'node:module'
import { oneAnswerWorker } from '../work/oneAnswerWorker'
import { DOC_META, DOC_RECORDS, MetaKey } from '@whiteboard/shared'
import type { SnapshotSummary } from '@whiteboard/shared/api/historyApi'

/**
 * The worker's code: decodes the snapshot's Yjs state and writes the `SnapshotRecordsResponse`
 * as UTF-8 JSON, reading records as `snapshotContent` does (YKeyValue: the rightmost entry of a
 * key wins). Plain CommonJS evaluated as a string, so it runs the same under tsx, vitest and
 * node; module paths come from the main thread.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Y = require(workerData.yjs)
const { YKeyValue } = require(workerData.keyValue)
try {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, workerData.state)
  const kv = new YKeyValue(doc.getArray(workerData.recordsName))
  const records = []
  for (const entry of kv.map.values()) records.push(entry.val)
  const schema = doc.getMap(workerData.metaName).get(workerData.schemaKey)
  const json = JSON.stringify({ snapshot: workerData.snapshot, schema: schema === undefined ? null : schema, records })
  const bytes = new TextEncoder().encode(json)
  parentPort.postMessage({ ok: true, value: bytes }, [bytes.buffer])
} catch (err) {
  parentPort.postMessage({ ok: false, error: String((err && err.message) || err) })
}
`

/** Thrown when the snapshot's state cannot be decoded. */
export class SnapshotUnreadableError extends Error {
  constructor(detail: string) {
    super(`the snapshot cannot be read: ${detail}`)
    this.name = 'SnapshotUnreadableError'
  }
}

/**
 * Most memory one conversion's worker may use. Decoding a 25 MiB board (the largest a board
 * may be) into a Y.Doc and its JSON takes a few hundred MiB; 1 GiB leaves room for that and
 * stops a worker before it could take the whole machine.
 */
export const SNAPSHOT_JSON_WORKER_HEAP_MB = 1024

const require = createRequire(import.meta.url)
const MODULES = { yjs: require.resolve('yjs'), keyValue: require.resolve('y-utility/y-keyvalue') }

/**
 * The snapshot as the JSON of `SnapshotRecordsResponse`, built on a worker thread of its own:
 * decoding a 25 MiB state and turning its records into JSON takes seconds of CPU, which on the
 * event loop would stall every board for that long. Throws `SnapshotUnreadableError` when the
 * state cannot be decoded.
 *
 * `state` is moved to the worker when it owns its whole buffer (storage hands out such copies),
 * and is unusable afterwards: copying 24 MiB into the worker's data took tens of milliseconds
 * of the event loop.
 */
export function snapshotJsonInWorker(state: Uint8Array, snapshot: SnapshotSummary): Promise<Uint8Array> {
  const movable = state.byteOffset === 0 && state.byteLength === state.buffer.byteLength && state.buffer instanceof ArrayBuffer
  return oneAnswerWorker<Uint8Array>({
    source: WORKER_SOURCE,
    workerData: { ...MODULES, state, snapshot, recordsName: DOC_RECORDS, metaName: DOC_META, schemaKey: MetaKey.SCHEMA },
    ...(movable ? { transferList: [state.buffer] } : {}),
    heapMb: SNAPSHOT_JSON_WORKER_HEAP_MB,
    what: 'snapshot worker',
    failure: (message) => new SnapshotUnreadableError(message),
  })
}
