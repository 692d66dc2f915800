import { createRequire } from 'node:module'
import { DOC_FACILITATION, DOC_RECORDS, DOC_VOTES } from '@whiteboard/shared'
import { FacilitationKey } from '@whiteboard/shared/facilitation/facilitationKeys'
import { oneAnswerWorker } from '../work/oneAnswerWorker'

/**
 * The worker's code: builds the stored board's doc (snapshot, then each logged update; one that
 * cannot be read is skipped, as a room skips it when loading) and answers, as UTF-8 JSON, only
 * what the results exports read: pages, the shapes a note or its cell can be (notes, texts, geo
 * shapes, frames, and groups, which can hold them), the votes and the voting round. Drawings,
 * images and the like stay behind, so the answer is small even for the largest board. Records
 * are read as YKeyValue reads them: the rightmost entry of a key wins. Plain CommonJS evaluated
 * as a string, so it runs the same under tsx, vitest and node.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Y = require(workerData.yjs)
try {
  const doc = new Y.Doc()
  if (workerData.snapshot) Y.applyUpdate(doc, workerData.snapshot)
  for (const update of workerData.updates) {
    try { Y.applyUpdate(doc, update) } catch {}
  }
  const keep = new Set(workerData.shapeTypes)
  const latest = new Map()
  for (const entry of doc.getArray(workerData.recordsName).toArray()) {
    if (entry && typeof entry === 'object' && typeof entry.key === 'string') latest.set(entry.key, entry.val)
  }
  const records = []
  for (const record of latest.values()) {
    if (!record || typeof record !== 'object') continue
    if (record.typeName === 'page' || (record.typeName === 'shape' && keep.has(record.type))) records.push(record)
  }
  const votes = [...doc.getMap(workerData.votesName).entries()]
  const round = doc.getMap(workerData.facilitationName).get(workerData.votingKey)
  const bytes = new TextEncoder().encode(JSON.stringify({ records, votes, round: round === undefined ? null : round }))
  parentPort.postMessage({ ok: true, value: bytes }, [bytes.buffer])
} catch (err) {
  parentPort.postMessage({ ok: false, error: String((err && err.message) || err) })
}
`

/** Shape types the results exports read: notes and their cells, and what can contain them. */
const SHAPE_TYPES = ['note', 'text', 'geo', 'frame', 'group']

/**
 * Most memory one worker may use: decoding a 25 MiB board (the largest a board may be) takes a
 * few hundred MiB; 1 GiB leaves room and stops a worker before it takes the machine.
 */
export const STORED_CONTENT_WORKER_HEAP_MB = 1024

/** Thrown when the stored board cannot be decoded. */
export class StoredBoardUnreadableError extends Error {
  constructor(detail: string) {
    super(`the stored board cannot be read: ${detail}`)
    this.name = 'StoredBoardUnreadableError'
  }
}

const require = createRequire(import.meta.url)
const YJS = require.resolve('yjs')

export interface StoredResultsContent {
  records: unknown[]
  votes: [string, unknown][]
  round: unknown
}

/**
 * What the results exports need of a board nobody has loaded, decoded on a worker thread: a
 * 25 MiB board takes seconds of CPU to decode, which on the event loop would stall every other
 * board for that long.
 */
export async function storedContentInWorker(snapshot: Uint8Array | null, updates: readonly Uint8Array[]): Promise<StoredResultsContent> {
  const bytes = await oneAnswerWorker<Uint8Array>({
    source: WORKER_SOURCE,
    workerData: {
      yjs: YJS,
      snapshot,
      updates,
      shapeTypes: SHAPE_TYPES,
      recordsName: DOC_RECORDS,
      votesName: DOC_VOTES,
      facilitationName: DOC_FACILITATION,
      votingKey: FacilitationKey.VOTING,
    },
    heapMb: STORED_CONTENT_WORKER_HEAP_MB,
    what: 'notes export worker',
    failure: (message) => new StoredBoardUnreadableError(message),
  })
  return JSON.parse(new TextDecoder().decode(bytes)) as StoredResultsContent
}
