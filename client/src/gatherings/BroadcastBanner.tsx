import { useCallback, useState, useSyncExternalStore } from 'react'
import type * as Y from 'yjs'
import { facilitationMap } from '@whiteboard/shared'
import { parseBroadcastMessage, type BroadcastMessage } from '@whiteboard/shared/facilitation/broadcastMessage'
import { FacilitationKey } from '@whiteboard/shared/facilitation/facilitationKeys'
import { useUiLang } from '../i18n/UiLanguage'
import { gatheringTexts } from './gatheringTexts'
import './gatherings.css'

/**
 * How long after it was sent a broadcast still shows to someone who opens the board. A
 * message is about the session at hand ("back in plenary in five minutes"); a gathering runs
 * a few hours, so one opened the next day should not greet anyone.
 */
export const BROADCAST_VISIBLE_MS = 3 * 60 * 60 * 1000

const DISMISSED_KEY = 'whiteboard.broadcastDismissed.'

/**
 * The gathering facilitator's last message to every team board, as a banner under the board
 * header. It lives in the board's facilitation map (written by the server), so it reaches
 * everyone on the board live; each person can dismiss it, and the next message shows again.
 * A status region, so screen readers read a new message out without moving focus.
 */
export function BroadcastBanner({ doc, boardId }: { doc: Y.Doc; boardId: string }) {
  const t = gatheringTexts(useUiLang()).board
  const subscribe = useCallback(
    (onChange: () => void) => {
      const map = facilitationMap(doc)
      const handler = (event: Y.YMapEvent<unknown>) => {
        if (event.keysChanged.has(FacilitationKey.BROADCAST)) onChange()
      }
      map.observe(handler)
      return () => map.unobserve(handler)
    },
    [doc],
  )
  // The raw value is stable between changes, so it can be the snapshot; it is parsed below.
  const raw = useSyncExternalStore(subscribe, () => facilitationMap(doc).get(FacilitationKey.BROADCAST))
  const message: BroadcastMessage | undefined = parseBroadcastMessage(raw)
  const [dismissed, setDismissed] = useState<number | undefined>(() => readDismissed(boardId))

  const visible = message !== undefined && message.seq !== dismissed && Date.now() - message.at < BROADCAST_VISIBLE_MS
  return (
    <div role="status" aria-live="polite" className={visible ? 'gathering-banner' : undefined} data-testid="broadcast-banner">
      {visible && (
        <>
          <p>
            <strong>{t.broadcast}:</strong>
            <span data-testid="broadcast-text">{message.text}</span>
          </p>
          <button
            type="button"
            aria-label={t.dismissLabel}
            onClick={() => {
              writeDismissed(boardId, message.seq)
              setDismissed(message.seq)
            }}
          >
            {t.dismiss}
          </button>
        </>
      )}
    </div>
  )
}

function readDismissed(boardId: string): number | undefined {
  try {
    const value = Number(globalThis.sessionStorage?.getItem(DISMISSED_KEY + boardId))
    return Number.isInteger(value) && value > 0 ? value : undefined
  } catch {
    return undefined
  }
}

function writeDismissed(boardId: string, seq: number): void {
  try {
    globalThis.sessionStorage?.setItem(DISMISSED_KEY + boardId, String(seq))
  } catch {
    // Storage disabled: the dismissal lasts as long as the page.
  }
}
