import { useCallback, useState, useSyncExternalStore } from 'react'
import type * as Y from 'yjs'
import { facilitationMap } from '@whiteboard/shared'
import { broadcastShownUntil, parseBroadcastMessage, type BroadcastMessage } from '@whiteboard/shared/facilitation/broadcastMessage'
import { FacilitationKey } from '@whiteboard/shared/facilitation/facilitationKeys'
import type { ServerClock } from '../facilitation/clockOffset'
import { useBeforeServerTime } from '../facilitation/useBeforeServerTime'
import { useUiLang } from '../i18n/UiLanguage'
import { gatheringTexts } from './gatheringTexts'
import './gatherings.css'

const DISMISSED_KEY = 'whiteboard.broadcastDismissed.'

/**
 * The gathering facilitator's last message to every team board, as a banner under the board
 * header. It lives in the board's facilitation map (written by the server), so it reaches
 * everyone on the board live; each person can dismiss it, and the next message shows again.
 * It shows for BROADCAST_SHOWN_MS after it was sent, on the server's clock (someone who opens
 * the board later does not get an old message), and goes away everywhere when the facilitator
 * withdraws it. A status region, so screen readers read a new message out without moving focus.
 */
export function BroadcastBanner({ doc, boardId, clock }: { doc: Y.Doc; boardId: string; clock: ServerClock }) {
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

  const fresh = useBeforeServerTime(message && broadcastShownUntil(message), clock)
  const visible = message !== undefined && fresh && message.seq !== dismissed
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
