import { Router, type Request, type Response } from 'express'
import { CloseCode } from '@whiteboard/shared'
import {
  RestoreSnapshotBody,
  SNAPSHOT_ID_PATTERN,
  TakeSnapshotBody,
  type RestoreResponse,
  type SnapshotListResponse,
  type SnapshotSummary,
} from '@whiteboard/shared/api/historyApi'
import type { BoardHistory } from '../history/BoardHistory'
import { HistoryLimitError } from '../history/HistoryLimitError'
import { HistoryQuotaError } from '../history/HistoryQuotaError'
import { restoreSnapshot } from '../history/restoreSnapshot'
import { snapshotJsonInWorker, SnapshotUnreadableError } from '../history/snapshotJsonInWorker'
import { BoardDamagedError } from '../storage/BoardDamagedError'
import { BoardNotFoundError } from '../storage/BoardNotFoundError'
import type { SnapshotInfo } from '../storage/Storage'
import { storageFailureKind } from '../storage/storageFailureText'
import { RoomLoadError } from '../sync/RoomLoadError'
import type { RoomManager } from '../sync/RoomManager'
import { QueueFullError, HeavyWorkQueue } from '../work/HeavyWorkQueue'
import { boardAccess } from './boardAccess'
import { closedSignal } from './closedSignal'
import type { LargeAnswers } from './LargeAnswers'
import { parseBody } from './parseBody'
import { sendApiError } from './sendApiError'
import { sendStorageUnavailable } from './storageUnavailable'

export interface HistoryApiOptions {
  history: BoardHistory
  rooms: RoomManager
  secret: Buffer
  /** The server's budget for large answers (snapshot downloads). */
  answers: LargeAnswers
}

/**
 * Snapshots turned into JSON at once, each on a worker thread of its own: two keep a second
 * facilitator from waiting behind the first while holding the memory of at most two decoded
 * 25 MiB boards (a few hundred MiB each). More wait in line.
 */
export const SNAPSHOT_JSON_CONCURRENCY = 2

/** Conversions that may wait for a worker; past this the request is refused (503) rather than queued. */
export const SNAPSHOT_JSON_MAX_WAITING = 32

/**
 * Snapshots taken or restored at once by request. Both encode or decode the whole board on the
 * event loop (seconds for a 25 MiB board, see the stall benchmark), which no queue can shorten;
 * one at a time, with I/O served between them, a burst of requests stalls other boards one
 * board's worth at a time instead of all at once.
 */
export const SNAPSHOT_ENCODE_CONCURRENCY = 1

/** Takes and restores that may wait; past this the request is refused (503) rather than queued. */
export const SNAPSHOT_ENCODE_MAX_WAITING = 16

/** Seconds a client refused for a full conversion queue is asked to wait. */
export const SNAPSHOT_JSON_RETRY_AFTER_SECONDS = 5

/**
 * Memory reserved for a snapshot's JSON answer, as a multiple of its stored Yjs bytes: the JSON
 * of a board's records is about as large as its Yjs state (1.1x on the benchmark boards); twice
 * leaves room for records with long texts.
 */
export const SNAPSHOT_JSON_RESERVE_FACTOR = 2

type BoardParams = { id: string }
type SnapshotParams = { id: string; sid: string }

/**
 * The board history routes (shared/src/api/historyApi.ts), mounted at `/api/boards`. Only a
 * facilitator token of the board gets in: history holds what participants removed, and a
 * restore changes the board for everyone.
 */
export function historyApi(opts: HistoryApiOptions): Router {
  const router = Router()
  const snapshotJson = new HeavyWorkQueue('snapshot JSON', SNAPSHOT_JSON_CONCURRENCY, SNAPSHOT_JSON_MAX_WAITING)
  const snapshotEncodes = new HeavyWorkQueue('snapshot encode', SNAPSHOT_ENCODE_CONCURRENCY, SNAPSHOT_ENCODE_MAX_WAITING)

  router.get('/:id/snapshots', async (req: Request<BoardParams>, res) => {
    const boardId = facilitatorBoard(req, res, opts.secret)
    if (!boardId) return
    const listed = await opts.history.list(boardId)
    if (!listed) return sendBoardNotFound(res)
    const response: SnapshotListResponse = {
      snapshots: listed.snapshots.map(summary),
      storage: {
        snapshotBytes: listed.usage.snapshotBytes,
        boardBytes: listed.usage.stateBytes,
        totalBytes: listed.usage.snapshotBytes + listed.usage.stateBytes,
      },
      retention: opts.history.retention,
    }
    res.json(response)
  })

  router.post('/:id/snapshots', async (req: Request<BoardParams>, res) => {
    const boardId = facilitatorBoard(req, res, opts.secret)
    if (!boardId) return
    const body = parseBody(TakeSnapshotBody, req, res)
    if (!body) return
    try {
      const info = await snapshotEncodes.run(() => opts.history.take(boardId, { kind: body.kind ?? 'manual', name: body.name ?? '', author: body.author ?? '' }), closedSignal(res))
      res.status(201).json(summary(info))
    } catch (err) {
      sendHistoryFailure(res, err)
    }
  })

  // The whole snapshot, up to a board's 25 MiB: memory is reserved before it is read, the JSON is
  // built on a worker thread through a queue, and the answer goes out as the client reads it.
  router.get('/:id/snapshots/:sid', async (req: Request<SnapshotParams>, res) => {
    const ids = facilitatorSnapshot(req, res, opts.secret)
    if (!ids) return
    const info = await opts.history.info(ids.boardId, ids.snapshotId)
    if (!info) return sendSnapshotNotFound(res)
    const asYjs = req.query.format === 'yjs'
    if (!(await opts.answers.reserve(req, res, asYjs ? info.byteLength : info.byteLength * SNAPSHOT_JSON_RESERVE_FACTOR))) return
    if (asYjs) {
      const found = await opts.history.get(ids.boardId, ids.snapshotId)
      if (!found) return sendSnapshotNotFound(res)
      res.type('application/octet-stream')
      await opts.answers.send(res, found.data)
      return
    }
    let json: Uint8Array | null
    try {
      json = await snapshotJson.run(async () => {
        const found = await opts.history.get(ids.boardId, ids.snapshotId)
        return found ? snapshotJsonInWorker(found.data, summary(found.info)) : null
      }, closedSignal(res))
    } catch (err) {
      if (res.destroyed) return
      if (err instanceof QueueFullError) {
        res.set('Retry-After', String(SNAPSHOT_JSON_RETRY_AFTER_SECONDS))
        sendApiError(res, 503, 'busy', 'The server is preparing other snapshots right now. Try again in a few seconds.')
        return
      }
      if (err instanceof SnapshotUnreadableError) {
        sendApiError(res, 500, 'snapshot_damaged', 'This snapshot is damaged and cannot be shown. Tell the person who runs the server.')
        return
      }
      throw err
    }
    if (!json) return sendSnapshotNotFound(res)
    res.type('application/json')
    await opts.answers.send(res, json)
  })

  router.post('/:id/snapshots/:sid/restore', async (req: Request<SnapshotParams>, res) => {
    const ids = facilitatorSnapshot(req, res, opts.secret)
    if (!ids) return
    const body = parseBody(RestoreSnapshotBody, req, res)
    if (!body) return
    try {
      const outcome = await snapshotEncodes.run(() => restoreSnapshot(opts, ids.boardId, ids.snapshotId, body.author ?? ''), closedSignal(res))
      if (!outcome) return sendSnapshotNotFound(res)
      const response: RestoreResponse = { restored: summary(outcome.restored), before: summary(outcome.before), changedRecords: outcome.changedRecords }
      res.json(response)
    } catch (err) {
      sendHistoryFailure(res, err)
    }
  })

  router.delete('/:id/snapshots/:sid', async (req: Request<SnapshotParams>, res) => {
    const ids = facilitatorSnapshot(req, res, opts.secret)
    if (!ids) return
    if (!(await opts.history.delete(ids.boardId, ids.snapshotId))) return sendSnapshotNotFound(res)
    res.status(204).end()
  })

  return router
}

function summary(info: SnapshotInfo): SnapshotSummary {
  return { id: info.id, takenAt: info.createdAt, author: info.author, kind: info.kind, name: info.label, bytes: info.byteLength }
}

/** The board id when the request carries a facilitator token of that board; otherwise answers the refusal and returns null. */
function facilitatorBoard(req: Request<BoardParams>, res: Response, secret: Buffer): string | null {
  return boardAccess(req, res, secret, req.params.id, 'facilitate', "Only the facilitator can see and restore the board's history")?.boardId ?? null
}

function facilitatorSnapshot(req: Request<SnapshotParams>, res: Response, secret: Buffer): { boardId: string; snapshotId: string } | null {
  const boardId = facilitatorBoard(req, res, secret)
  if (!boardId) return null
  const snapshotId = req.params.sid
  if (!SNAPSHOT_ID_PATTERN.test(snapshotId)) {
    sendApiError(res, 400, 'bad_snapshot_id', 'The snapshot address is not valid')
    return null
  }
  return { boardId, snapshotId }
}

function sendBoardNotFound(res: Response): void {
  sendApiError(res, 404, 'board_not_found', 'This board does not exist')
}

function sendSnapshotNotFound(res: Response): void {
  sendApiError(res, 404, 'snapshot_not_found', 'This snapshot does not exist (any more)')
}

/**
 * Refusals of taking and restoring snapshots, and of a reveal of private items (which keeps the
 * board before it as a snapshot too), in words a facilitator can act on; anything else is the app's 500.
 */
export function sendHistoryFailure(res: Response, err: unknown): void {
  // The client went away while its request waited in a queue: nobody to answer.
  if (res.destroyed) return
  if (err instanceof QueueFullError) {
    res.set('Retry-After', String(SNAPSHOT_JSON_RETRY_AFTER_SECONDS))
    sendApiError(res, 503, 'busy', 'The server is saving or restoring other snapshots right now. Try again in a few seconds.')
    return
  }
  if (err instanceof HistoryLimitError) {
    sendApiError(res, 409, 'snapshot_limit', `The board already keeps ${err.limit} named snapshots and restore points. Delete some you no longer need, then try again.`)
    return
  }
  if (err instanceof HistoryQuotaError) {
    // 507 Insufficient Storage, not 413: the request is a few bytes; what has no room is the
    // board's stored history (MAX_HISTORY_BYTES_PER_BOARD), which only the facilitator can free.
    sendApiError(
      res,
      507,
      'history_full',
      `The board's history is full: ${err.message}. Automatic snapshots make room by themselves; delete named snapshots or restore points you no longer need, then try again.`,
    )
    return
  }
  if (err instanceof BoardNotFoundError || (err instanceof RoomLoadError && err.code === CloseCode.BOARD_NOT_FOUND)) return sendBoardNotFound(res)
  if (err instanceof BoardDamagedError || (err instanceof RoomLoadError && err.code === CloseCode.BOARD_DAMAGED)) {
    sendApiError(res, 500, 'board_damaged', 'The stored board is damaged and cannot be opened. Tell the person who runs the server.')
    return
  }
  const kind = storageFailureKind(err)
  if (err instanceof RoomLoadError || kind !== 'storage error') return sendStorageUnavailable(res, kind === 'storage error' ? 'board unavailable' : kind)
  throw err
}
