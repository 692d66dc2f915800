import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type KeyboardEvent, type RefObject } from 'react'
import type * as Y from 'yjs'
import { toRichText, useValue, type Editor, type TLShapeId } from 'tldraw'
import { canEdit, type BoardInfoResponse } from '@whiteboard/shared'
import { noteCells, type BoardCells, type NoteCell } from '@whiteboard/shared/results/noteCells'
import type { TimerState } from '@whiteboard/shared/facilitation/timerState'
import type { ServerClock } from '../facilitation/clockOffset'
import { formatRemaining, timerHasEnded, timerRemainingMs } from '../facilitation/timer'
import { useFacilitationDoc } from '../facilitation/useFacilitationDoc'
import { useServerClock } from '../facilitation/useServerClock'
import { useServerNow } from '../facilitation/useServerNow'
import { castVote } from '../facilitation/castVote'
import { facilitationTexts } from '../facilitation/facilitationTexts'
import { useVoterId } from '../facilitation/useVoterId'
import type { VoterCredentials } from '../facilitation/voterId'
import { ownVotes, totalsVisible, voteTotals } from '../facilitation/voting'
import { useUiLang } from '../i18n/UiLanguage'
import { ArrivalAnnouncer } from './ArrivalAnnouncer'
import { boardOutline, type OutlineCell } from './boardOutline'
import type { OwnNotes } from './ownNotes'
import { addNoteToCell, moveNoteToCell, type CellTarget } from './placeInCell'
import { textViewTexts, type TextViewTexts } from './textViewTexts'
import './TextView.css'
import { RunStepLine } from '../runSheet/RunStepLine'

/**
 * How long the board may change before the text view reads it again: a person typing on the
 * canvas changes a record per key, and reading the whole board per key would slow the page.
 */
const REREAD_MS = 150

interface TextViewProps {
  editor: Editor
  board: BoardInfoResponse
  doc: Y.Doc
  voter: Promise<VoterCredentials | undefined>
  own: OwnNotes
  headingRef: RefObject<HTMLHeadingElement | null>
  onClose: () => void
}

/**
 * The board as structure, for the keyboard and screen readers: frames as headings, each template
 * cell as a named region with its notes as a list (text and votes), notes outside frames under
 * "Other notes". People who may edit add notes to a cell (they land in free space inside that cell
 * on the canvas), and edit, move and delete their own. Other people's new notes are announced
 * politely, grouped by cell and rate-limited. The cells come from the same function as the notes
 * export, so the text view and the export always agree.
 */
export function TextView({ editor, board, doc, voter, own, headingRef, onClose }: TextViewProps) {
  const uiLang = useUiLang()
  const t = textViewTexts(uiLang)
  const ft = facilitationTexts(uiLang)
  const editable = canEdit(board.role)
  // A frozen board is read-only for participants (their editor says so); votes still count.
  const writable = useValue('board writable', () => editable && !editor.getIsReadonly(), [editor, editable])
  const lang = board.lang
  const headingId = useId()

  const [cells, setCells] = useState<BoardCells>(() => noteCells(editor.store.allRecords()))
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined
    const stop = editor.store.listen(
      () => {
        timer ??= setTimeout(() => {
          timer = undefined
          setCells(noteCells(editor.store.allRecords()))
        }, REREAD_MS)
      },
      { scope: 'document' },
    )
    return () => {
      stop()
      if (timer !== undefined) clearTimeout(timer)
    }
  }, [editor])
  const outline = useMemo(() => boardOutline(cells), [cells])

  const [state, snapshot] = useFacilitationDoc(doc)
  const voterId = useVoterId(voter)
  const { timer, voting: round, votes } = snapshot
  const totals = useMemo(
    () => (round && totalsVisible(round) ? voteTotals(votes, round, (id) => editor.getShape(id as TLShapeId)?.type === 'note') : undefined),
    [editor, round, votes],
  )

  // Polite announcements: other people's new notes (grouped), and the result of one's own actions.
  const [arrivals, setArrivals] = useState('')
  const [feedback, setFeedback] = useState('')
  const tRef = useRef(t)
  tRef.current = t
  const announcer = useMemo(() => new ArrivalAnnouncer((counts) => setArrivals(tRef.current.arrivals(counts))), [])
  useEffect(() => () => announcer.dispose(), [announcer])
  const known = useRef<Set<string> | undefined>(undefined)
  useEffect(() => {
    const ids = new Set(cells.notes.map((n) => n.id))
    const before = known.current
    known.current = ids
    if (!before) return
    for (const note of cells.notes) {
      if (before.has(note.id) || own.has(note.id)) continue
      announcer.arrived(note.frameId === null ? tRef.current.otherNotes : note.row || note.column ? [note.row, note.column].filter(Boolean).join(', ') : tRef.current.frameOtherNotes(note.frame))
    }
  }, [cells, own, announcer])

  // After a move, focus follows the note to its new cell once the view has read the board again.
  const [focusNote, setFocusNote] = useState<{ note: string; cell: string } | undefined>()
  const panel = useRef<HTMLElement>(null)
  useEffect(() => {
    if (!focusNote) return
    const cell = [...(panel.current?.querySelectorAll<HTMLElement>('[data-cell-key]') ?? [])].find((el) => el.dataset.cellKey === focusNote.cell)
    const item = cell?.querySelector<HTMLElement>(`[data-note-id="${CSS.escape(focusNote.note)}"] button`)
    if (item) {
      item.focus()
      setFocusNote(undefined)
    }
  }, [focusNote, outline])

  const voting = round?.status === 'open' && editable ? round : undefined
  const mine = voting && voterId !== undefined ? ownVotes(votes, voterId, voting) : []
  const votesLeft = voting ? ft.voting.remaining(voting.votesPerPerson - mine.length, voting.votesPerPerson) : ''

  const actions: NoteActions = {
    t,
    lang,
    editable: writable,
    own,
    totals,
    targets: outline.targets,
    frameTitle: (id) => outline.frames.find((f) => f.id === id)?.title ?? '',
    add: (cell, text) => {
      const id = addNoteToCell(editor, cellTarget(cell), text)
      if (!id) return setFeedback(t.noRoom)
      own.add(id)
      setFeedback(t.added(cell.name))
    },
    save: (note, text) => {
      // Own notes are sticky notes (OwnNotes keeps only those).
      const shape = editor.getShape(note.id as TLShapeId)
      if (shape?.type !== 'note') return
      editor.updateShape({ id: shape.id, type: 'note', props: { richText: toRichText(text) } })
      setFeedback(t.saved)
    },
    remove: (note, cellHeading) => {
      editor.deleteShapes([note.id as TLShapeId])
      setFeedback(t.removed)
      cellHeading?.focus()
    },
    voting: voting !== undefined,
    mine,
    vote: (note) => {
      if (!voting) return
      const result = castVote(editor, doc, state, voting, voterId, note.id)
      if (!result.ok) return setFeedback(result.reason === 'no-voter' ? ft.voting.noVoter : ft.voting.refusals[result.reason])
      const after = voterId !== undefined ? ownVotes(state.getSnapshot().votes, voterId, voting).length : 0
      setFeedback(ft.voting.remaining(voting.votesPerPerson - after, voting.votesPerPerson))
    },
    move: (note, target) => {
      if (!moveNoteToCell(editor, note.id as TLShapeId, cellTarget(target))) return setFeedback(t.noRoom)
      setFeedback(t.moved(target.name))
      setFocusNote({ note: note.id, cell: target.key })
    },
  }

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && !event.defaultPrevented) onClose()
  }

  return (
    <aside ref={panel} id="text-view" className="side-panel text-view" aria-labelledby={headingId} data-testid="text-view" onKeyDown={onKeyDown}>
      <div className="text-view-head">
        <h2 id={headingId} ref={headingRef} tabIndex={-1}>
          {t.heading}
        </h2>
        <button type="button" className="text-view-button" onClick={onClose} data-testid="text-view-close">
          {t.close}
        </button>
      </div>
      <p className="text-view-intro">{editable ? t.intro : t.readOnly}</p>
      {timer && timer.status !== 'idle' && <TimerLine timer={timer} t={t} />}
      <RunStepLine doc={doc} />
      {voting && (
        <p className="text-view-timer" data-testid="text-view-votes-left">
          {votesLeft}
        </p>
      )}
      <p role="status" className="text-view-live" data-testid="text-view-arrivals">
        {arrivals}
      </p>
      <p role="status" className="text-view-live" data-testid="text-view-feedback">
        {feedback}
      </p>
      {outline.frames.length === 0 && outline.other.length === 0 && <p>{t.noFrames}</p>}
      {outline.frames.map((frame) => (
        <FrameSection key={frame.id} title={frame.title} cells={frame.cells} actions={actions} />
      ))}
      {outline.other.length > 0 && (
        <section aria-labelledby={`${headingId}-other`} className="text-view-frame" data-testid="text-view-other">
          <h3 id={`${headingId}-other`}>{t.otherNotes}</h3>
          <NoteList notes={outline.other} actions={actions} />
        </section>
      )}
    </aside>
  )
}

function cellTarget(cell: OutlineCell): CellTarget {
  return { frameId: cell.frameId!, row: cell.row, column: cell.column }
}

interface NoteActions {
  t: TextViewTexts
  lang: string
  editable: boolean
  own: OwnNotes
  totals: ReadonlyMap<string, number> | undefined
  targets: readonly OutlineCell[]
  frameTitle: (id: string | null) => string
  add: (cell: OutlineCell, text: string) => void
  save: (note: NoteCell, text: string) => void
  remove: (note: NoteCell, cellHeading: HTMLElement | null) => void
  move: (note: NoteCell, target: OutlineCell) => void
  /** A voting round is open and this person may vote. */
  voting: boolean
  /** The notes this person's dots are on. */
  mine: readonly string[]
  vote: (note: NoteCell) => void
}

function FrameSection({ title, cells, actions }: { title: string; cells: readonly OutlineCell[]; actions: NoteActions }) {
  const id = useId()
  return (
    <section aria-labelledby={id} className="text-view-frame">
      <h3 id={id} lang={actions.lang}>
        {title}
      </h3>
      {cells.map((cell) => (
        <CellSection key={cell.key} cell={cell} frameTitle={title} actions={actions} />
      ))}
    </section>
  )
}

function CellSection({ cell, frameTitle, actions }: { cell: OutlineCell; frameTitle: string; actions: NoteActions }) {
  const { t, lang } = actions
  const id = useId()
  const heading = useRef<HTMLHeadingElement>(null)
  const name = cell.name || t.frameOtherNotes(frameTitle)
  return (
    <section aria-labelledby={id} className="text-view-cell" data-testid="text-view-cell" data-cell-key={cell.key}>
      <h4 id={id} ref={heading} tabIndex={-1} lang={cell.name ? lang : undefined}>
        {name}
      </h4>
      {cell.notes.length === 0 ? <p className="text-view-empty">{t.noNotes}</p> : <NoteList notes={cell.notes} actions={actions} heading={heading} />}
      {actions.editable && cell.target && <AddNote cell={cell} actions={actions} />}
    </section>
  )
}

function NoteList({ notes, actions, heading }: { notes: readonly NoteCell[]; actions: NoteActions; heading?: RefObject<HTMLHeadingElement | null> }) {
  return (
    <ul className="text-view-notes">
      {notes.map((note) => (
        <NoteItem key={note.id} note={note} actions={actions} heading={heading} />
      ))}
    </ul>
  )
}

type Mode = 'read' | 'edit' | 'move'

function NoteItem({ note, actions, heading }: { note: NoteCell; actions: NoteActions; heading?: RefObject<HTMLHeadingElement | null> }) {
  const { t, lang } = actions
  const [mode, setMode] = useState<Mode>('read')
  const mine = actions.own.has(note.id)
  const canChange = actions.editable && mine
  const votes = actions.totals?.get(note.id)
  const editButton = useRef<HTMLButtonElement>(null)
  const moveButton = useRef<HTMLButtonElement>(null)
  const back = (to: RefObject<HTMLButtonElement | null>) => {
    setMode('read')
    // After React has put the buttons back.
    setTimeout(() => to.current?.focus(), 0)
  }
  const short = note.text.length > 40 ? `${note.text.slice(0, 40)}…` : note.text
  return (
    <li className="text-view-note" data-testid="text-view-note" data-note-id={note.id}>
      {mode === 'edit' ? (
        <TextForm
          label={t.editField}
          initial={note.text}
          submit={t.save}
          t={t}
          onSubmit={(text) => {
            actions.save(note, text)
            back(editButton)
          }}
          onCancel={() => back(editButton)}
        />
      ) : (
        <p className="text-view-note-text">
          <span lang={lang}>{note.text}</span>
          {votes !== undefined && <span className="text-view-votes">, {t.votes(votes)}</span>}
          {mine && <span className="text-view-mine"> ({t.yours})</span>}
        </p>
      )}
      {mode === 'move' && (
        <MoveForm
          note={note}
          actions={actions}
          onDone={(target) => {
            setMode('read')
            actions.move(note, target)
          }}
          onCancel={() => back(moveButton)}
        />
      )}
      {actions.voting && note.type === 'note' && mode === 'read' && (
        <button
          type="button"
          className="text-view-button text-view-vote"
          aria-pressed={actions.mine.includes(note.id)}
          aria-label={t.voteLabel(short)}
          data-testid="text-view-vote"
          onClick={() => actions.vote(note)}
        >
          {t.vote}
        </button>
      )}
      {canChange && mode === 'read' && (
        <div className="text-view-note-actions">
          <button ref={editButton} type="button" className="text-view-button" aria-label={t.editLabel(short)} onClick={() => setMode('edit')}>
            {t.edit}
          </button>
          {note.frameId !== null && actions.targets.length > 0 && (
            <button ref={moveButton} type="button" className="text-view-button" aria-label={t.moveLabel(short)} onClick={() => setMode('move')}>
              {t.move}
            </button>
          )}
          <button type="button" className="text-view-button" aria-label={t.removeLabel(short)} onClick={() => actions.remove(note, heading?.current ?? null)}>
            {t.remove}
          </button>
        </div>
      )}
    </li>
  )
}

function TextForm({ label, initial, submit, t, onSubmit, onCancel }: { label: string; initial: string; submit: string; t: TextViewTexts; onSubmit: (text: string) => void; onCancel: () => void }) {
  const [text, setText] = useState(initial)
  const [error, setError] = useState('')
  const id = useId()
  const send = (event?: FormEvent) => {
    event?.preventDefault()
    const trimmed = text.trim()
    if (!trimmed) return setError(t.emptyText)
    onSubmit(trimmed)
  }
  return (
    <form className="text-view-form" onSubmit={send}>
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        autoFocus
        rows={2}
        value={text}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          // Enter saves, Shift+Enter starts a new line; Escape leaves without saving.
          if (e.key === 'Enter' && !e.shiftKey) {
            e.preventDefault()
            send()
          } else if (e.key === 'Escape') {
            e.preventDefault()
            onCancel()
          }
        }}
      />
      {error && (
        <p id={`${id}-error`} className="text-view-error" role="alert">
          {error}
        </p>
      )}
      <div className="text-view-note-actions">
        <button type="submit" className="text-view-button text-view-primary">
          {submit}
        </button>
        <button type="button" className="text-view-button" onClick={onCancel}>
          {t.cancel}
        </button>
      </div>
    </form>
  )
}

function AddNote({ cell, actions }: { cell: OutlineCell; actions: NoteActions }) {
  const { t, lang } = actions
  const [open, setOpen] = useState(false)
  const button = useRef<HTMLButtonElement>(null)
  const close = () => {
    setOpen(false)
    setTimeout(() => button.current?.focus(), 0)
  }
  if (open)
    return (
      <TextForm
        label={t.newNoteLabel(cell.name)}
        initial=""
        submit={t.addShort}
        t={t}
        onSubmit={(text) => {
          actions.add(cell, text)
          close()
        }}
        onCancel={close}
      />
    )
  return (
    <button ref={button} type="button" className="text-view-button text-view-add" data-testid="text-view-add" onClick={() => setOpen(true)}>
      {t.add('')}
      <span lang={lang}>{cell.name}</span>
    </button>
  )
}

function MoveForm({ note, actions, onDone, onCancel }: { note: NoteCell; actions: NoteActions; onDone: (target: OutlineCell) => void; onCancel: () => void }) {
  const { t } = actions
  const id = useId()
  const others = actions.targets.filter((c) => !(c.frameId === note.frameId && c.row === note.row && c.column === note.column))
  const [choice, setChoice] = useState(others[0]?.key ?? '')
  return (
    <form
      className="text-view-form"
      onSubmit={(e) => {
        e.preventDefault()
        const target = others.find((c) => c.key === choice)
        if (target) onDone(target)
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault()
          onCancel()
        }
      }}
    >
      <label htmlFor={id}>{t.moveTo}</label>
      <select id={id} autoFocus value={choice} onChange={(e) => setChoice(e.target.value)} data-testid="text-view-move-target">
        {others.map((c) => (
          <option key={c.key} value={c.key} lang={actions.lang}>
            {actions.frameTitle(c.frameId)}: {c.name}
          </option>
        ))}
      </select>
      <div className="text-view-note-actions">
        <button type="submit" className="text-view-button text-view-primary">
          {t.moveDo}
        </button>
        <button type="button" className="text-view-button" onClick={onCancel}>
          {t.cancel}
        </button>
      </div>
    </form>
  )
}

function TimerLine({ timer, t }: { timer: TimerState; t: TextViewTexts }) {
  const clock = useServerClock()
  return <TimerText timer={timer} clock={clock} t={t} />
}

function TimerText({ timer, clock, t }: { timer: TimerState; clock: ServerClock; t: TextViewTexts }) {
  const now = useServerNow(clock, timer.status === 'running')
  const ended = timerHasEnded(timer, now)
  const state = ended ? ` (${t.timerEnded})` : timer.status === 'paused' ? ` (${t.timerPaused})` : ''
  // Not a live region: it changes every second; the canvas layer announces the milestones.
  return (
    <p className="text-view-timer" data-testid="text-view-timer">
      {t.timer}: {formatRemaining(timerRemainingMs(timer, now))}
      {state}
    </p>
  )
}
