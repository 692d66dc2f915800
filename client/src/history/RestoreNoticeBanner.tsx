import { useCallback, useState, useSyncExternalStore } from 'react'
import type * as Y from 'yjs'
import { facilitationMap } from '@whiteboard/shared'
import { FacilitationKey } from '@whiteboard/shared/facilitation/facilitationKeys'
import { parseRestoreNotice, RESTORE_NOTICE_SHOWN_MS } from '@whiteboard/shared/facilitation/restoreNotice'
import type { ServerClock } from '../facilitation/clockOffset'
import { useBeforeServerTime } from '../facilitation/useBeforeServerTime'
import { useUiLang } from '../i18n/UiLanguage'
import { formatVersionTime } from './formatVersionTime'
import { restoreNoticeTexts } from './restoreNoticeTexts'
import './RestoreNoticeBanner.css'

/**
 * Tells everyone on the board that the facilitator restored a version, and which ("The
 * facilitator restored the version from 10:42"), in their own language and time zone. The
 * server writes the notice in the restore's own change, so it arrives with the changed board.
 * It shows for RESTORE_NOTICE_SHOWN_MS on the server's clock (someone who opens the board later
 * just sees the board), and each person can dismiss it. A status region: screen readers read it
 * out without moving focus.
 */
export function RestoreNoticeBanner({ doc, clock }: { doc: Y.Doc; clock: ServerClock }) {
  const lang = useUiLang()
  const t = restoreNoticeTexts(lang)
  const subscribe = useCallback(
    (onChange: () => void) => {
      const map = facilitationMap(doc)
      const handler = (event: Y.YMapEvent<unknown>) => {
        if (event.keysChanged.has(FacilitationKey.RESTORED)) onChange()
      }
      map.observe(handler)
      return () => map.unobserve(handler)
    },
    [doc],
  )
  // The raw value is stable between changes, so it can be the snapshot; it is parsed below.
  const raw = useSyncExternalStore(subscribe, () => facilitationMap(doc).get(FacilitationKey.RESTORED))
  const notice = parseRestoreNotice(raw)
  const [dismissed, setDismissed] = useState<number | undefined>()
  const fresh = useBeforeServerTime(notice ? notice.at + RESTORE_NOTICE_SHOWN_MS : undefined, clock)
  const visible = notice !== undefined && fresh && notice.seq !== dismissed
  return (
    <div role="status" aria-live="polite" className={visible ? 'restore-notice' : undefined} data-testid="restore-notice">
      {visible && (
        <>
          <p data-testid="restore-notice-text">{t.restored(formatVersionTime(notice.versionAt, clock.serverNow(), lang))}</p>
          <button type="button" aria-label={t.dismissLabel} onClick={() => setDismissed(notice.seq)}>
            {t.dismiss}
          </button>
        </>
      )}
    </div>
  )
}
