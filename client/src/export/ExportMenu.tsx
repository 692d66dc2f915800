import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react'
import { useValue, type Editor, type TLShapeId } from 'tldraw'
import type * as Y from 'yjs'
import { facilitationMap, type BoardLang } from '@whiteboard/shared'
import { FacilitationKey } from '@whiteboard/shared/facilitation/facilitationKeys'
import { parseRunSheet } from '@whiteboard/shared/facilitation/runSheet'
import { useUiLang } from '../i18n/UiLanguage'
import { downloadBlob } from './downloadBlob'
import { exportAllFrames } from './exportAllFrames'
import { EXPORT_SCALES, type ExportBackground, type ExportScale, type ImageFormat } from './exportImage'
import { exportSingle } from './exportSingle'
import { listFrames, type ExportTarget, type FrameInfo } from './exportTargets'
import { exportTexts, type ExportTexts } from './exportTexts'
import type { FramesProgress } from './renderFrames'
import type { ResultsKind } from '../results/exportResults'
import { exportTldr } from '../tldr/exportTldr'
import './ExportMenu.css'

export interface ExportMenuProps {
  editor: Editor
  /** The board's doc, for the votes a report and the notes data count. */
  doc: Y.Doc
  boardTitle: string
  /** The board's language, which the PDF declares for its content; the menu itself speaks the person's. */
  boardLang: BoardLang
}

/**
 * The export button and its panel. Open to every role, viewers included: exporting reads the
 * board already in the browser and never talks to the server, so it also works offline.
 */
export function ExportMenu({ editor, doc, boardTitle, boardLang }: ExportMenuProps) {
  const texts = exportTexts(useUiLang())
  useEffect(() => whenIdle(() => void loadResults().catch(() => undefined)), [])
  const [open, setOpen] = useState(false)
  const buttonRef = useRef<HTMLButtonElement>(null)
  const panelId = useId()
  // While the panel is open, tldraw counts it as an open menu and pauses its single-key shortcuts, as for its own menus.
  useEffect(() => {
    if (!open) return
    const menuId = `wb-export-${panelId}`
    editor.menus.addOpenMenu(menuId)
    return () => editor.menus.deleteOpenMenu(menuId)
  }, [open, editor, panelId])
  const close = () => {
    setOpen(false)
    buttonRef.current?.focus()
  }
  return (
    <div className="wb-export">
      <button
        ref={buttonRef}
        type="button"
        className="wb-export__open"
        data-testid="export-open"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => (open ? close() : setOpen(true))}
      >
        {texts.open}
      </button>
      {open && <ExportPanel id={panelId} editor={editor} doc={doc} boardTitle={boardTitle} boardLang={boardLang} texts={texts} onClose={close} />}
    </div>
  )
}

/**
 * The results code and its libraries (docx, write-excel-file) are a chunk of their own, fetched
 * once the board is idle rather than with the board: the board's first load stays as it was, and
 * a report can still be made after the server has gone down.
 */
function loadResults() {
  return import('../results/exportResults')
}

/** Runs `task` when the browser is idle (soon anyway); returns the cancel. Safari has no requestIdleCallback. */
function whenIdle(task: () => void): () => void {
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(task, { timeout: IDLE_PREFETCH_TIMEOUT_MS })
    return () => cancelIdleCallback(handle)
  }
  const timer = setTimeout(task, IDLE_PREFETCH_TIMEOUT_MS)
  return () => clearTimeout(timer)
}

/** A busy board may never be idle; the results code is fetched after this long at the latest. */
const IDLE_PREFETCH_TIMEOUT_MS = 10_000

type TargetValue = 'board' | 'selection' | TLShapeId
type Status = { kind: 'idle' } | { kind: 'saved'; fileName: string } | { kind: 'error'; message: string }

function ExportPanel({ id, editor, doc, boardTitle, boardLang, texts, onClose }: ExportMenuProps & { id: string; texts: ExportTexts; onClose: () => void }) {
  const titleId = useId()
  // Serialised so the panel re-renders only when the frames change, not on every shape edit.
  const framesKey = useValue('export frames', () => JSON.stringify(listFrames(editor, texts.unnamedFrame)), [editor, texts])
  const frames = useMemo(() => JSON.parse(framesKey) as FrameInfo[], [framesKey])
  const selectionCount = useValue('export selection', () => editor.getSelectedShapeIds().length, [editor])

  const [targetValue, setTargetValue] = useState<TargetValue>('board')
  const [format, setFormat] = useState<ImageFormat>('png')
  const [scale, setScale] = useState<ExportScale>(2)
  const [background, setBackground] = useState<ExportBackground>('white')
  const [progress, setProgress] = useState<FramesProgress | null>(null)
  const [busy, setBusy] = useState(false)
  const [status, setStatus] = useState<Status>({ kind: 'idle' })
  const abortRef = useRef<AbortController | null>(null)
  const firstFieldRef = useRef<HTMLSelectElement>(null)

  useEffect(() => firstFieldRef.current?.focus(), [])
  // Closing the panel cancels a running export: nothing should download after the person left.
  useEffect(() => () => abortRef.current?.abort(), [])

  // A frame deleted by someone else while the panel is open falls back to the whole board.
  const target: ExportTarget =
    targetValue === 'board'
      ? { kind: 'board' }
      : targetValue === 'selection'
        ? { kind: 'selection' }
        : frames.some((frame) => frame.id === targetValue)
          ? { kind: 'frame', id: targetValue }
          : { kind: 'board' }

  const run = async (job: () => Promise<{ blob: Blob; fileName: string } | null>) => {
    setBusy(true)
    setStatus({ kind: 'idle' })
    try {
      const result = await job()
      if (!result) return setStatus({ kind: 'error', message: texts.nothingToExport })
      downloadBlob(result.blob, result.fileName)
      setStatus({ kind: 'saved', fileName: result.fileName })
    } catch (error) {
      const cancelled = abortRef.current?.signal.aborted === true
      if (!cancelled) console.error('export failed', error)
      setStatus({ kind: 'error', message: cancelled ? texts.cancelled : texts.failed })
    } finally {
      abortRef.current = null
      setProgress(null)
      setBusy(false)
    }
  }

  const runSingle = () =>
    run(() => exportSingle(editor, { target, format, scale, background, boardTitle, frames, texts, date: new Date() }))

  const runAll = (kind: 'pdf' | 'zip') => {
    const controller = new AbortController()
    abortRef.current = controller
    return run(() =>
      exportAllFrames(editor, {
        kind,
        frames,
        scale,
        background,
        boardTitle,
        lang: boardLang,
        texts,
        date: new Date(),
        signal: controller.signal,
        onProgress: setProgress,
      }),
    )
  }

  const runResults = (kind: ResultsKind) => {
    const controller = new AbortController()
    abortRef.current = controller
    return run(async () => {
      const { exportResults } = await loadResults()
      return exportResults(editor, doc, {
        kind,
        boardTitle,
        boardLang,
        fileWords: { report: texts.reportPart, notes: texts.notesPart, fallbackTitle: texts.fallbackTitle },
        date: new Date(),
        signal: controller.signal,
        onProgress: setProgress,
      })
    })
  }

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return
    event.stopPropagation()
    if (abortRef.current) abortRef.current.abort()
    else onClose()
  }

  return (
    <div id={id} className="wb-export__panel" role="dialog" aria-labelledby={titleId} onKeyDown={onKeyDown}>
      <h2 id={titleId} className="wb-export__title">
        {texts.dialogLabel}
      </h2>
      <label className="wb-export__field">
        <span>{texts.target}</span>
        <select ref={firstFieldRef} data-testid="export-target" value={target.kind === 'frame' ? target.id : target.kind} onChange={(e) => setTargetValue(e.target.value as TargetValue)}>
          <option value="board">{texts.wholeBoard}</option>
          <option value="selection" disabled={selectionCount === 0}>
            {selectionCount === 0 ? texts.selectionEmpty : texts.selection}
          </option>
          {frames.length > 0 && (
            <optgroup label={texts.framesGroup}>
              {frames.map((frame) => (
                <option key={frame.id} value={frame.id}>
                  {frame.name}
                </option>
              ))}
            </optgroup>
          )}
        </select>
      </label>
      <label className="wb-export__field">
        <span>{texts.format}</span>
        <select data-testid="export-format" value={format} onChange={(e) => setFormat(e.target.value as ImageFormat)}>
          <option value="png">PNG</option>
          <option value="svg">SVG</option>
        </select>
      </label>
      <label className="wb-export__field">
        <span>{texts.scale}</span>
        <select data-testid="export-scale" value={scale} onChange={(e) => setScale(Number(e.target.value) as ExportScale)}>
          {EXPORT_SCALES.map((value) => (
            <option key={value} value={value}>
              {value}×
            </option>
          ))}
        </select>
      </label>
      <label className="wb-export__field">
        <span>{texts.background}</span>
        <select data-testid="export-background" value={background} onChange={(e) => setBackground(e.target.value as ExportBackground)}>
          <option value="white">{texts.white}</option>
          <option value="transparent">{texts.transparent}</option>
        </select>
      </label>
      <button type="button" className="wb-export__primary" data-testid="export-run" disabled={busy} onClick={() => void runSingle()}>
        {texts.run}
      </button>

      <fieldset className="wb-export__all">
        <legend>{texts.allFrames}</legend>
        {frames.length === 0 && <p className="wb-export__hint">{texts.noFrames}</p>}
        <button type="button" data-testid="export-all-pdf" disabled={busy || frames.length === 0} onClick={() => void runAll('pdf')}>
          {texts.allPdf}
        </button>
        <button type="button" data-testid="export-all-zip" disabled={busy || frames.length === 0} onClick={() => void runAll('zip')}>
          {texts.allZip}
        </button>
      </fieldset>

      <fieldset className="wb-export__all">
        <legend>{texts.results}</legend>
        <button type="button" data-testid="export-report-docx" disabled={busy} onClick={() => void runResults('docx')}>
          {texts.reportDocx}
        </button>
        <button type="button" data-testid="export-report-md" disabled={busy} onClick={() => void runResults('md')}>
          {texts.reportMd}
        </button>
        <button type="button" data-testid="export-notes-csv" disabled={busy} onClick={() => void runResults('csv')}>
          {texts.notesCsv}
        </button>
        <button type="button" data-testid="export-notes-xlsx" disabled={busy} onClick={() => void runResults('xlsx')}>
          {texts.notesXlsx}
        </button>
        <button type="button" data-testid="export-tldr" disabled={busy} onClick={() => void run(() => exportTldr(editor, boardTitle, new Date(), texts.fallbackTitle, parseRunSheet(facilitationMap(doc).get(FacilitationKey.RUN_SHEET))))}>
          {texts.tldr}
        </button>
      </fieldset>

      {progress && (
        <div className="wb-export__progress" data-testid="export-progress" data-done={progress.done} data-total={progress.total}>
          <progress value={progress.done} max={progress.total} aria-label={texts.progress(progress.done, progress.total)} />
          <span>{texts.progress(progress.done, progress.total)}</span>
          <button type="button" data-testid="export-cancel" onClick={() => abortRef.current?.abort()}>
            {texts.cancel}
          </button>
        </div>
      )}
      <p className="wb-export__status" role="status" data-testid="export-status">
        {status.kind === 'saved' ? texts.saved(status.fileName) : ''}
      </p>
      {status.kind === 'error' && (
        <p className="wb-export__error" role="alert" data-testid="export-error">
          {status.message}
        </p>
      )}
      <button type="button" className="wb-export__close" onClick={onClose}>
        {texts.close}
      </button>
    </div>
  )
}
