import { useEffect, useMemo, useRef, useState } from 'react'
import type * as Y from 'yjs'
import type { Awareness } from 'y-protocols/awareness'
import { useEditor } from 'tldraw'
import { canFacilitate, type BoardInfoResponse } from '@whiteboard/shared'
import { MAX_LOWERED_HANDS, REACTION_EMOJIS, type ReactionEmoji } from '@whiteboard/shared/presence/gestures'
import type { BoardPresence } from '../board/presence'
import { useNarrowWindow } from '../board/useNarrowWindow'
import { facilitationTexts } from '../facilitation/facilitationTexts'
import { useFacilitationDoc } from '../facilitation/useFacilitationDoc'
import { useUiLang } from '../i18n/UiLanguage'
import { raisedHands, ReactionTracker, type RaisedHand, type ReactionEvent } from './peerGestures'
import './gestures.css'

/** How long a reaction floats over the board. */
const FLOAT_MS = 2_400

/** How long a line about hands stays on screen (it is also read out). */
const MESSAGE_MS = 6_000

/** Reactions on screen at once; more arriving together replace the oldest, so a burst cannot fill the screen. */
const MAX_FLOATERS = 24

interface Floater extends ReactionEvent {
  left: number
  top: number
}

function newHandId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12))
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

interface GestureLayerProps {
  awareness: Awareness
  presence: BoardPresence
  doc: Y.Doc
  board: BoardInfoResponse
}

/**
 * Reactions and raised hands, carried in presence and never stored: everyone gets a row of
 * reactions that float up from the sender's cursor on every screen, and a raise-hand button;
 * facilitators see the hands in the order they went up and can lower them (the lowered hands
 * go into the facilitation state, which only facilitators may write). Render it in <Tldraw>.
 */
export function GestureLayer({ awareness, presence, doc, board }: GestureLayerProps) {
  const editor = useEditor()
  const t = facilitationTexts(useUiLang()).gestures
  const facilitator = canFacilitate(board.role)
  const [state, snapshot] = useFacilitationDoc(doc)
  const lowered = useMemo(() => new Set(snapshot.loweredHands?.ids ?? []), [snapshot.loweredHands])
  const [states, setStates] = useState<ReadonlyMap<number, unknown>>(() => new Map(awareness.getStates()))
  const [floaters, setFloaters] = useState<Floater[]>([])
  const [ownHand, setOwnHand] = useState(() => presence.getGestures().hand ?? null)
  // Open on a wide window, one closed button on a narrow one, where it would cover the board.
  const narrow = useNarrowWindow()
  const [barOpen, setBarOpen] = useState(!narrow)
  useEffect(() => setBarOpen(!narrow), [narrow])
  const [message, setMessage] = useState<{ text: string; key: number } | undefined>()
  const seq = useRef(presence.getGestures().reaction?.seq ?? 0)

  const tracker = useMemo(() => {
    const created = new ReactionTracker()
    created.prime(awareness.getStates())
    return created
  }, [awareness])

  useEffect(() => {
    const onChange = () => {
      const now = new Map(awareness.getStates())
      setStates(now)
      const events = tracker.update(now)
      if (events.length === 0) return
      const screen = editor.getViewportScreenBounds()
      const placed = events.map((event): Floater => {
        const at = event.at ? editor.pageToViewport(event.at) : { x: screen.w / 2, y: screen.h - 96 }
        return { ...event, left: at.x, top: at.y }
      })
      setFloaters((prev) => [...prev, ...placed].slice(-MAX_FLOATERS))
      const keys = new Set(placed.map((f) => f.key))
      setTimeout(() => setFloaters((prev) => prev.filter((f) => !keys.has(f.key))), FLOAT_MS)
    }
    awareness.on('change', onChange)
    return () => awareness.off('change', onChange)
  }, [awareness, tracker, editor])

  const hands = useMemo(() => raisedHands(states, lowered), [states, lowered])

  useEffect(() => {
    if (!message) return
    const timeout = setTimeout(() => setMessage(undefined), MESSAGE_MS)
    return () => clearTimeout(timeout)
  }, [message])

  // A facilitator lowered this person's hand: take it down here too, and say so.
  useEffect(() => {
    if (!ownHand || !lowered.has(ownHand.id)) return
    presence.setGestures({ hand: null })
    setOwnHand(null)
    setMessage((prev) => ({ text: t.handLowered, key: (prev?.key ?? 0) + 1 }))
  }, [ownHand, lowered, presence, t])

  // Facilitators hear each new hand.
  const known = useRef(new Set(hands.map((h) => h.hand.id)))
  useEffect(() => {
    if (!facilitator) return
    const fresh = hands.filter((h) => !known.current.has(h.hand.id))
    known.current = new Set(hands.map((h) => h.hand.id))
    if (fresh.length > 0) setMessage((prev) => ({ text: fresh.map((h) => t.handUp(h.user.name)).join(' '), key: (prev?.key ?? 0) + 1 }))
  }, [hands, facilitator, t])

  const react = (emoji: ReactionEmoji) => {
    seq.current += 1
    presence.setGestures({ reaction: { emoji, seq: seq.current } })
  }
  const toggleHand = () => {
    // The server stamps when it went up; the client's number is a placeholder.
    const next = ownHand ? null : { id: newHandId(), raisedAt: 0 }
    presence.setGestures({ hand: next })
    setOwnHand(next)
  }
  const lower = (toLower: readonly RaisedHand[]) => {
    const ids = [...(snapshot.loweredHands?.ids ?? []), ...toLower.map((h) => h.hand.id)]
    state.setLoweredHands({ ids: ids.slice(-MAX_LOWERED_HANDS) })
  }

  return (
    <div className="gesture-layer">
      <div className="gesture-floaters" aria-hidden="true">
        {floaters.map((f) => (
          <span key={f.key} className="gesture-floater" style={{ left: f.left, top: f.top }} data-testid="reaction-floater">
            {f.emoji}
          </span>
        ))}
      </div>
      {facilitator && hands.length > 0 && (
        <section className="gesture-hands" aria-labelledby="gesture-hands-title" data-testid="raised-hands">
          <h2 id="gesture-hands-title">
            ✋ {t.hands} ({hands.length})
          </h2>
          <ol>
            {hands.map((h) => (
              <li key={h.hand.id} data-testid="raised-hand">
                <span className="gesture-hand-name">{h.user.name}</span>
                <button type="button" className="fac-button" aria-label={t.lowerLabel(h.user.name)} onClick={() => lower([h])}>
                  {t.lower}
                </button>
              </li>
            ))}
          </ol>
          {hands.length > 1 && (
            <button type="button" className="fac-button" data-testid="lower-all-hands" onClick={() => lower(hands)}>
              {t.lowerAll}
            </button>
          )}
        </section>
      )}
      <details className="gesture-bar" open={barOpen} onToggle={(e) => setBarOpen(e.currentTarget.open)} data-testid="reaction-bar">
        <summary>
          {ownHand ? '✋ ' : ''}
          {t.reactions}
        </summary>
        <div className="gesture-buttons" role="group" aria-label={t.reactions}>
        {REACTION_EMOJIS.map((emoji) => (
          <button key={emoji} type="button" className="gesture-emoji" aria-label={t.react(t.emojiNames[emoji])} title={t.react(t.emojiNames[emoji])} onClick={() => react(emoji)}>
            {emoji}
          </button>
        ))}
        <button type="button" className={`fac-button gesture-hand${ownHand ? ' is-active' : ''}`} aria-pressed={ownHand !== null} data-testid="raise-hand" onClick={toggleHand}>
          ✋ {ownHand ? t.lowerHand : t.raiseHand}
        </button>
        </div>
      </details>
      <div className="gesture-status" role="status" aria-live="polite" data-testid="gesture-status">
        {message && <span key={message.key}>{message.text}</span>}
      </div>
    </div>
  )
}
