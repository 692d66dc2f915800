import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react'
import type { TLAssetStore, TLCurrentUser } from 'tldraw'
import { MAX_SNAPSHOT_NAME_LENGTH, type SnapshotKind, type SnapshotListResponse, type SnapshotRecordsResponse, type SnapshotSummary } from '@whiteboard/shared/api/historyApi'
import type { Messages, UiLang } from '../i18n/messages'
import { useUiLanguage } from '../i18n/UiLanguage'
import { fillText } from './fillText'
import { formatBytes } from './formatBytes'
import { formatSnapshotTime } from './formatSnapshotTime'
import type { HistoryProblem, HistoryRequests, HistoryResult } from './HistoryRequests'
import { ReadOnlyVersion } from './ReadOnlyVersion'
import { snapshotPreviewSvg } from './snapshotPreviewSvg'
import './HistoryPanel.css'

type Texts = Messages['history']

export interface HistoryPanelProps {
  requests: HistoryRequests
  /** The facilitator's display name, kept as the author of what they take and restore. */
  author: () => string
  /** For images in previews opened read-only. */
  assets?: TLAssetStore
  user?: TLCurrentUser
  /** The panel opens: the live editor should let go of the keyboard. */
  onOpen?: () => void
  /** The panel closed: the live editor may take the keyboard again. */
  onClose?: () => void
}

type ListState = { kind: 'loading' } | { kind: 'ready'; data: SnapshotListResponse } | { kind: 'failed' }
type Notice = { kind: 'status' | 'error'; text: string } | null

/**
 * The facilitator's history panel: a button and a modal dialog listing the board's snapshots
 * (time in the person's UI language, why it was taken, who took it, size), each with a preview,
 * a read-only view and restore behind a confirmation; a form to take a named snapshot; and
 * what the history costs on disk. Everything is a button or a form field, so it works from
 * the keyboard; outcomes are announced in a live region. Render it for facilitators only.
 */
export function HistoryPanel({ requests, author, assets, user, onOpen, onClose }: HistoryPanelProps) {
  const { lang, t: messages } = useUiLanguage()
  const t = messages.history
  const dialog = useRef<HTMLDialogElement>(null)
  const nameInput = useRef<HTMLInputElement>(null)
  const titleId = useId()
  const [isOpen, setOpen] = useState(false)
  const [list, setList] = useState<ListState>({ kind: 'loading' })
  const [notice, setNotice] = useState<Notice>(null)
  const [busy, setBusy] = useState(false)
  const [name, setName] = useState('')
  // A preview's data URL, or 'loading' while it is being made.
  const [previews, setPreviews] = useState<Map<string, string>>(new Map())
  const [confirming, setConfirming] = useState<{ action: 'restore' | 'delete'; snapshot: SnapshotSummary } | null>(null)
  const [version, setVersion] = useState<{ summary: SnapshotSummary; records: SnapshotRecordsResponse } | null>(null)
  const records = useRef(new Map<string, SnapshotRecordsResponse>())

  const time = (s: SnapshotSummary) => formatSnapshotTime(s.takenAt, lang)
  const problemText = useCallback((problem: HistoryProblem) => problemTexts(t)[problem], [t])

  const refresh = useCallback(async () => {
    const result = await requests.list()
    setList(result.ok ? { kind: 'ready', data: result.value } : { kind: 'failed' })
    if (!result.ok) setNotice({ kind: 'error', text: problemText(result.problem) })
  }, [requests, problemText])

  const open = () => {
    onOpen?.()
    setNotice(null)
    setList({ kind: 'loading' })
    setOpen(true)
    dialog.current?.showModal()
    nameInput.current?.focus()
    void refresh()
  }

  /** Shows a failed request's reason; a vanished snapshot also refreshes the list. */
  const fail = (result: Extract<HistoryResult<unknown>, { ok: false }>) => {
    setNotice({ kind: 'error', text: problemText(result.problem) })
    if (result.problem === 'not-found') void refresh()
  }

  const take = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    setNotice({ kind: 'status', text: t.taking })
    const trimmed = name.trim()
    const result = await requests.take({ kind: 'manual', author: author(), ...(trimmed ? { name: trimmed } : {}) })
    setBusy(false)
    if (!result.ok) return fail(result)
    setName('')
    setNotice({ kind: 'status', text: t.taken })
    await refresh()
  }

  const loadRecords = async (s: SnapshotSummary): Promise<SnapshotRecordsResponse | null> => {
    const cached = records.current.get(s.id)
    if (cached) return cached
    const result = await requests.records(s.id)
    if (!result.ok) {
      fail(result)
      return null
    }
    records.current.set(s.id, result.value)
    return result.value
  }

  const togglePreview = async (s: SnapshotSummary) => {
    if (previews.has(s.id)) {
      setPreviews((p) => withoutKey(p, s.id))
      return
    }
    setPreviews((p) => new Map(p).set(s.id, 'loading'))
    const version = await loadRecords(s)
    if (!version) return setPreviews((p) => withoutKey(p, s.id))
    const svg = snapshotPreviewSvg(version.records)
    setPreviews((p) => (p.has(s.id) ? new Map(p).set(s.id, 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(svg)) : p))
  }

  const openVersion = async (s: SnapshotSummary) => {
    setNotice({ kind: 'status', text: t.versionLoading })
    const version = await loadRecords(s)
    if (!version) return
    setNotice(null)
    setVersion({ summary: s, records: version })
  }

  const restore = async (s: SnapshotSummary) => {
    setConfirming(null)
    setBusy(true)
    setNotice({ kind: 'status', text: t.restoring })
    const result = await requests.restore(s.id, author())
    setBusy(false)
    if (!result.ok) return fail(result)
    setNotice({ kind: 'status', text: fillText(t.restored, { time: time(s) }) })
    await refresh()
  }

  const remove = async (s: SnapshotSummary) => {
    setConfirming(null)
    setBusy(true)
    const result = await requests.delete(s.id)
    setBusy(false)
    if (!result.ok) return fail(result)
    records.current.delete(s.id)
    setNotice({ kind: 'status', text: t.deleted })
    await refresh()
  }

  return (
    <div className="wb-history">
      <button type="button" className="wb-history__button" data-testid="history-open" aria-haspopup="dialog" aria-expanded={isOpen} onClick={open}>
        {t.open}
      </button>
      <dialog ref={dialog} className="wb-history__panel" aria-labelledby={titleId} data-testid="history-panel"
        onClose={() => {
          setOpen(false)
          onClose?.()
        }}
      >
        <div className="wb-history__head">
          <h2 id={titleId}>{t.title}</h2>
          <button type="button" className="wb-history__button" data-testid="history-close" onClick={() => dialog.current?.close()}>
            {t.close}
          </button>
        </div>
        <p className="wb-history__intro">{t.intro}</p>
        <form className="wb-history__take" onSubmit={(e) => void take(e)}>
          <label>
            <span>{t.nameLabel}</span>
            <input
              ref={nameInput}
              data-testid="history-name"
              value={name}
              maxLength={MAX_SNAPSHOT_NAME_LENGTH}
              placeholder={t.namePlaceholder}
              onChange={(e) => setName(e.target.value)}
            />
          </label>
          <button type="submit" className="wb-history__button wb-history__primary" data-testid="history-take" disabled={busy}>
            {t.take}
          </button>
        </form>
        <p className="wb-history__status" role="status" data-testid="history-status">
          {notice?.kind === 'status' ? notice.text : ''}
        </p>
        {notice?.kind === 'error' && (
          <p className="wb-history__error" role="alert" data-testid="history-error">
            {notice.text}
          </p>
        )}
        {list.kind === 'ready' && <StorageLine data={list.data} lang={lang} t={t} />}
        {list.kind === 'loading' && <p className="wb-history__hint">{t.loading}</p>}
        {list.kind === 'ready' && list.data.snapshots.length === 0 && <p className="wb-history__hint">{t.empty}</p>}
        <ul className="wb-history__list" data-testid="history-list" aria-label={t.listLabel}>
          {list.kind === 'ready' &&
            list.data.snapshots.map((s) => (
              <SnapshotItem
                key={s.id}
                s={s}
                t={t}
                lang={lang}
                time={time(s)}
                preview={previews.get(s.id)}
                busy={busy}
                onPreview={() => void togglePreview(s)}
                onOpenVersion={() => void openVersion(s)}
                onRestore={() => setConfirming({ action: 'restore', snapshot: s })}
                onDelete={() => setConfirming({ action: 'delete', snapshot: s })}
              />
            ))}
        </ul>
        {confirming?.action === 'restore' && (
          <ConfirmDialog
            testId="history-restore"
            title={fillText(t.confirmTitle, { time: time(confirming.snapshot) })}
            text={t.confirmText}
            confirmLabel={t.confirmRestore}
            cancelLabel={t.cancel}
            onConfirm={() => void restore(confirming.snapshot)}
            onCancel={() => setConfirming(null)}
          />
        )}
        {confirming?.action === 'delete' && (
          <ConfirmDialog
            testId="history-delete"
            title={fillText(t.confirmDeleteTitle, { time: time(confirming.snapshot) })}
            text={t.confirmDeleteText}
            confirmLabel={t.confirmDelete}
            cancelLabel={t.cancel}
            onConfirm={() => void remove(confirming.snapshot)}
            onCancel={() => setConfirming(null)}
          />
        )}
        {version && (
          <ReadOnlyVersion
            version={version.records}
            title={fillText(t.versionTitle, { time: time(version.summary) })}
            closeLabel={t.close}
            boardId={requests.boardId}
            {...(assets ? { assets } : {})}
            {...(user ? { user } : {})}
            onClose={() => setVersion(null)}
          />
        )}
      </dialog>
    </div>
  )
}

interface SnapshotItemProps {
  s: SnapshotSummary
  t: Texts
  lang: UiLang
  time: string
  preview: string | undefined
  busy: boolean
  onPreview: () => void
  onOpenVersion: () => void
  onRestore: () => void
  onDelete: () => void
}

function SnapshotItem({ s, t, lang, time, preview, busy, onPreview, onOpenVersion, onRestore, onDelete }: SnapshotItemProps) {
  const describedBy = useId()
  const previewId = useId()
  return (
    <li className="wb-history__item" data-testid={`history-item-${s.id}`} data-kind={s.kind}>
      <div className="wb-history__meta" id={describedBy}>
        <time dateTime={new Date(s.takenAt).toISOString()} className="wb-history__time">
          {time}
        </time>
        {s.name && <span className="wb-history__name">«{s.name}»</span>}
        <span className="wb-history__kind">{kindText(s.kind, t)}</span>
        {s.author && <span className="wb-history__author">{fillText(t.byAuthor, { author: s.author })}</span>}
        <span className="wb-history__size">{fillText(t.size, { size: formatBytes(s.bytes, lang) })}</span>
      </div>
      <div className="wb-history__actions">
        <button
          type="button"
          className="wb-history__button"
          data-testid={`history-preview-${s.id}`}
          aria-expanded={preview !== undefined}
          aria-controls={previewId}
          aria-describedby={describedBy}
          onClick={onPreview}
        >
          {preview === undefined ? t.showPreview : t.hidePreview}
        </button>
        <button type="button" className="wb-history__button" data-testid={`history-open-version-${s.id}`} aria-describedby={describedBy} onClick={onOpenVersion}>
          {t.openVersion}
        </button>
        <button type="button" className="wb-history__button" data-testid={`history-restore-${s.id}`} aria-describedby={describedBy} disabled={busy} onClick={onRestore}>
          {t.restore}
        </button>
        <button type="button" className="wb-history__button" data-testid={`history-delete-${s.id}`} aria-describedby={describedBy} disabled={busy} onClick={onDelete}>
          {t.delete}
        </button>
      </div>
      <div id={previewId} className="wb-history__preview">
        {preview === 'loading' && <span className="wb-history__hint">{t.previewLoading}</span>}
        {preview !== undefined && preview !== 'loading' && (
          <img src={preview} width={240} height={150} alt={fillText(t.previewAlt, { time })} data-testid={`history-preview-image-${s.id}`} />
        )}
      </div>
    </li>
  )
}

function StorageLine({ data, lang, t }: { data: SnapshotListResponse; lang: UiLang; t: Texts }) {
  const { autoKeep, keptDays } = data.retention
  return (
    <>
      <p className="wb-history__storage" data-testid="history-storage" data-bytes={data.storage.totalBytes}>
        {fillText(t.storage, { snapshots: formatBytes(data.storage.snapshotBytes, lang), board: formatBytes(data.storage.boardBytes, lang) })}
      </p>
      <p className="wb-history__hint">{fillText(keptDays > 0 ? t.retention : t.retentionForever, { auto: autoKeep, days: keptDays })}</p>
    </>
  )
}

interface ConfirmDialogProps {
  /** `<testId>-dialog`, `<testId>-confirm`, `<testId>-cancel`. */
  testId: string
  title: string
  text: string
  confirmLabel: string
  cancelLabel: string
  onConfirm: () => void
  onCancel: () => void
}

/** A question before something that changes the board or the history, as a modal dialog of its own; Cancel has the focus first, so Enter alone never confirms. */
function ConfirmDialog({ testId, title, text, confirmLabel, cancelLabel, onConfirm, onCancel }: ConfirmDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null)
  const cancel = useRef<HTMLButtonElement>(null)
  const titleId = useId()
  const textId = useId()
  useEffect(() => {
    const d = dialog.current
    // A dialog React removes does not give focus back by itself: back to the button that asked, if it is still there.
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null
    d?.showModal()
    cancel.current?.focus()
    return () => {
      d?.close()
      if (opener?.isConnected) opener.focus()
    }
  }, [])
  return (
    <dialog
      ref={dialog}
      className="wb-history__confirm"
      role="alertdialog"
      aria-labelledby={titleId}
      aria-describedby={textId}
      data-testid={`${testId}-dialog`}
      onCancel={(e) => {
        e.preventDefault()
        onCancel()
      }}
    >
      <h3 id={titleId}>{title}</h3>
      <p id={textId}>{text}</p>
      <div className="wb-history__confirm-actions">
        <button ref={cancel} type="button" className="wb-history__button" data-testid={`${testId}-cancel`} onClick={onCancel}>
          {cancelLabel}
        </button>
        <button type="button" className="wb-history__button wb-history__primary" data-testid={`${testId}-confirm`} onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  )
}

function kindText(kind: SnapshotKind, t: Texts): string {
  switch (kind) {
    case 'auto-activity':
      return t.kindAutoActivity
    case 'auto-idle':
      return t.kindAutoIdle
    case 'before-template':
      return t.kindBeforeTemplate
    case 'before-restore':
      return t.kindBeforeRestore
    case 'before-reveal':
      return t.kindBeforeReveal
    case 'manual':
      return t.kindManual
  }
}

function problemTexts(t: Texts): Record<HistoryProblem, string> {
  return {
    forbidden: t.errorForbidden,
    'not-found': t.errorNotFound,
    limit: t.errorLimit,
    storage: t.errorStorage,
    network: t.errorNetwork,
    failed: t.errorFailed,
  }
}

function withoutKey<V>(map: Map<string, V>, key: string): Map<string, V> {
  const next = new Map(map)
  next.delete(key)
  return next
}
