import type { Editor } from 'tldraw'
import type * as Y from 'yjs'
import { facilitationMap, votesMap, type BoardLang } from '@whiteboard/shared'
import { FacilitationKey } from '@whiteboard/shared/facilitation/facilitationKeys'
import { voteTotals } from '@whiteboard/shared/facilitation/voteCount'
import { parseVotingRound } from '@whiteboard/shared/facilitation/votingRound'
import { noteCells } from '@whiteboard/shared/results/noteCells'
import { noteRows, votesShown } from '@whiteboard/shared/results/noteRows'
import { notesCsv } from '@whiteboard/shared/results/notesCsv'
import { exportFileName } from '../export/exportFileName'
import type { FrameInfo } from '../export/exportTargets'
import { renderFrames, type FramesProgress } from '../export/renderFrames'
import { notesXlsx } from './notesXlsx'
import { reportDocx } from './reportDocx'
import { reportMarkdown, type FramePicture } from './reportMarkdown'
import { reportModel } from './reportModel'
import { reportTexts } from './reportTexts'

export type ResultsKind = 'docx' | 'md' | 'csv' | 'xlsx'

export interface ResultsRequest {
  kind: ResultsKind
  boardTitle: string
  /** The board's language: a report speaks it, like the board's template labels. */
  boardLang: BoardLang
  /** File-name words in the person's language. */
  fileWords: { report: string; notes: string; fallbackTitle: string }
  date: Date
  signal: AbortSignal
  onProgress: (progress: FramesProgress) => void
}

/** Pictures in a report are drawn at their size on the board: sharp enough to read the notes, small enough to mail. */
const REPORT_PICTURE_SCALE = 1

/**
 * The board's results as a file, made in the browser from the board it already holds (so it
 * works with the server down): the notes as CSV or XLSX (the rows of the server's notes export),
 * or a report as Word or Markdown with each frame's picture and its notes by template cell. This
 * module and its libraries load only when someone asks for one of these.
 */
export async function exportResults(editor: Editor, doc: Y.Doc, request: ResultsRequest): Promise<{ blob: Blob; fileName: string }> {
  const records = editor.store.allRecords()
  const votes = new Map(votesMap(doc).entries())
  const round = parseVotingRound(facilitationMap(doc).get(FacilitationKey.VOTING))
  const texts = reportTexts(request.boardLang)
  const fileName = (part: string, extension: ResultsKind) =>
    exportFileName({ boardTitle: request.boardTitle, part, date: request.date, extension, fallbackTitle: request.fileWords.fallbackTitle })

  if (request.kind === 'csv' || request.kind === 'xlsx') {
    const rows = noteRows(records, votes, round)
    const blob = request.kind === 'csv' ? new Blob([notesCsv(rows)], { type: 'text/csv;charset=utf-8' }) : await notesXlsx(rows, texts.sheet)
    return { blob, fileName: fileName(request.fileWords.notes, request.kind) }
  }

  const cells = noteCells(records)
  const ids = new Set(cells.notes.map((n) => n.id))
  const totals = round && votesShown(round) ? voteTotals(votes, round, (id) => ids.has(id)) : null
  const model = reportModel(cells, totals, request.boardTitle.trim(), request.date)
  const pictures = await framePictures(editor, cells.frames, request)
  const blob =
    request.kind === 'docx'
      ? await reportDocx(model, texts, pictures)
      : new Blob([reportMarkdown(model, texts, pictures)], { type: 'text/markdown;charset=utf-8' })
  return { blob, fileName: fileName(request.fileWords.report, request.kind) }
}

/**
 * A picture of every frame, on every page. tldraw draws an export from the shapes of the page
 * on screen only, so the editor visits each page with frames in turn (the page shown is this
 * browser's own state, never sent to anyone) and comes back to the page the person was on,
 * also when the export fails or is cancelled.
 */
async function framePictures(editor: Editor, frames: readonly { id: string; pageId: string; title: string }[], request: ResultsRequest): Promise<Map<string, FramePicture>> {
  const pictures = new Map<string, FramePicture>()
  const home = editor.getCurrentPageId()
  let done = 0
  try {
    for (const page of editor.getPages()) {
      const onPage: FrameInfo[] = frames.filter((f) => f.pageId === page.id).map((f) => ({ id: f.id as FrameInfo['id'], name: f.title }))
      if (onPage.length === 0) continue
      if (editor.getCurrentPageId() !== page.id) editor.setCurrentPage(page.id)
      const rendered = await renderFrames(editor, onPage, {
        scale: REPORT_PICTURE_SCALE,
        background: 'white',
        signal: request.signal,
        onProgress: (p) => request.onProgress({ done: done + p.done, total: frames.length }),
      })
      request.signal.throwIfAborted()
      rendered.forEach((r, i) => pictures.set(onPage[i]!.id, r))
      done += onPage.length
    }
  } finally {
    if (editor.getCurrentPageId() !== home) editor.setCurrentPage(home)
  }
  return pictures
}
