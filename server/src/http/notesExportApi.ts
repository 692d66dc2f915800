import { Router, type Request, type Response } from 'express'
import type { NotesExportResponse } from '@whiteboard/shared/api/notesExportApi'
import { noteRows } from '@whiteboard/shared/results/noteRows'
import { notesCsv } from '@whiteboard/shared/results/notesCsv'
import { readBoardContent } from '../results/boardContent'
import { StoredBoardUnreadableError } from '../results/storedContentInWorker'
import { HeavyWorkQueue, QueueFullError } from '../work/HeavyWorkQueue'
import { closedSignal } from './closedSignal'
import { sendApiError } from './sendApiError'
import type { Storage } from '../storage/Storage'
import type { RoomManager } from '../sync/RoomManager'
import { sendRefusal } from './ApiRefusal'
import { boardAccess } from './boardAccess'
import { BOARD_DAMAGED, BOARD_NOT_FOUND, existingBoard } from './existingBoard'
import { storageOr503 } from './storageUnavailable'

/**
 * Stored boards decoded for an export at once, each on a worker thread of up to 1 GiB: two keep
 * the machine's memory and cores for the boards people work on.
 */
export const NOTES_EXPORT_DECODES = 2

/** Exports of stored boards that may wait for a decode; past it, 503 `busy`. */
export const NOTES_EXPORT_MAX_WAITING = 32

/** When a refused export may try again: one decode of the largest board takes a few seconds. */
export const NOTES_EXPORT_RETRY_AFTER_SECONDS = 5

export interface NotesExportApiOptions {
  storage: Storage
  secret: Buffer
  rooms: RoomManager
}

/**
 * `GET /api/boards/:id/export/notes.csv` and `…/notes.json`, mounted at `/api/boards`: every note
 * of the board with its template cell, text, colour, dots and place, for spreadsheets, scripts
 * and archives. Everyone with a link may read, viewers too, as everyone may export pictures.
 */
export function notesExportApi(opts: NotesExportApiOptions): Router {
  const router = Router()
  const decodes = new HeavyWorkQueue('notes export', NOTES_EXPORT_DECODES, NOTES_EXPORT_MAX_WAITING)

  router.get('/:id/export/notes.:format', async (req: Request<{ id: string; format: string }>, res) => {
    const format = req.params.format
    if (format !== 'csv' && format !== 'json') {
      sendRefusal(res, { status: 404, error: 'not_found', message: 'Notes are exported as notes.csv or notes.json' })
      return
    }
    const granted = boardAccess(req, res, opts.secret, req.params.id, 'view')
    if (!granted) return
    const board = await existingBoard(res, opts.storage, granted.boardId)
    if (!board) return
    let content
    try {
      content = await storageOr503(res, () => readBoardContent(opts.rooms, opts.storage, granted.boardId, decodes, closedSignal(res)))
    } catch (err) {
      if (res.destroyed) return
      if (err instanceof QueueFullError) {
        res.set('Retry-After', String(NOTES_EXPORT_RETRY_AFTER_SECONDS))
        sendApiError(res, 503, 'busy', 'The server is exporting other boards right now. Try again in a few seconds.')
        return
      }
      if (err instanceof StoredBoardUnreadableError) {
        sendRefusal(res, BOARD_DAMAGED)
        return
      }
      throw err
    }
    if (content === undefined) return
    if (content === null) {
      sendRefusal(res, BOARD_NOT_FOUND)
      return
    }
    const rows = noteRows(content.records, content.votes, content.round)
    // The board changes while people work; an export is of one moment and must not be reused.
    res.setHeader('Cache-Control', 'no-store')
    if (format === 'json') {
      const body: NotesExportResponse = { title: board.title, lang: board.lang, notes: rows }
      res.json(body)
      return
    }
    sendCsv(res, notesCsv(rows), `${fileStem(board.title)}-notes.csv`)
  })

  return router
}

function sendCsv(res: Response, csv: string, fileName: string): void {
  res.setHeader('Content-Type', 'text/csv; charset=utf-8; header=present')
  res.setHeader('Content-Disposition', `attachment; filename="${asciiFileName(fileName)}"; filename*=UTF-8''${encodeURIComponent(fileName)}`)
  res.send(csv)
}

/** The board title as a file name: what file systems refuse replaced by `-`, at most 80 characters. */
function fileStem(title: string): string {
  const stem = [...title]
    .map((c) => (c < ' ' || '\\/:*?"<>|'.includes(c) ? '-' : c))
    .join('')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 80)
  return stem || 'board'
}

/** The plain-ASCII fallback of a file name for old clients that ignore `filename*`. */
function asciiFileName(name: string): string {
  return name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
}
