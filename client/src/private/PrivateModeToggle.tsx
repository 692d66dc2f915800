import { useEffect, useMemo, useState } from 'react'
import type * as Y from 'yjs'
import { useEditor } from 'tldraw'
import type { PrivateCount } from '@whiteboard/shared/api/privateApi'
import { useUiLang } from '../i18n/UiLanguage'
import { privateModeTexts } from './privateModeTexts'
import { PrivateRequests } from './privateRequests'
import { setPrivateMode } from './privateModeState'
import { usePrivateMode } from './usePrivateMode'
import './privateMode.css'

/**
 * How often the facilitator's counts are asked for while private mode is on. The counts are a
 * glance ("is everyone writing?"), not a live feed; every few seconds costs the server one small
 * read per facilitator.
 */
const COUNTS_EVERY_MS = 4_000

/**
 * The facilitator's "Private mode" control: turns it on; while on, shows how many private items
 * each person holds (never what they are) and "Reveal". Turning it off without revealing asks:
 * reveal now, or let everyone keep their private items.
 */
export function PrivateModeToggle({ doc, boardId, token }: { doc: Y.Doc; boardId: string; token: string }) {
  const t = privateModeTexts(useUiLang())
  const editor = useEditor()
  const on = usePrivateMode(doc)
  const requests = useMemo(() => new PrivateRequests(boardId, token), [boardId, token])
  const [counts, setCounts] = useState<PrivateCount[] | undefined>()
  const [asking, setAsking] = useState(false)
  const [busy, setBusy] = useState(false)
  const [said, setSaid] = useState('')

  useEffect(() => {
    if (!on) {
      setCounts(undefined)
      return
    }
    let stopped = false
    const ask = () =>
      void requests.counts().then((answer) => {
        if (!stopped && answer) setCounts(answer.people)
      })
    ask()
    const timer = setInterval(ask, COUNTS_EVERY_MS)
    return () => {
      stopped = true
      clearInterval(timer)
    }
  }, [on, requests])

  const reveal = async () => {
    setBusy(true)
    const answer = await requests.reveal(editor.user.getName())
    setBusy(false)
    setAsking(false)
    setSaid(answer ? t.revealed(answer.revealed) : t.failed)
    if (answer) setCounts([])
  }

  const turnOn = () => {
    setPrivateMode(doc, true, Date.now())
    setSaid(t.turnedOn)
  }

  const keep = () => {
    setPrivateMode(doc, false, Date.now())
    setAsking(false)
    setSaid(t.keptPrivate)
  }

  return (
    <div className="fac-group private-mode" data-testid="private-mode">
      {!on && (
        <button type="button" className="fac-button" aria-pressed={false} data-testid="private-mode-toggle" onClick={turnOn}>
          {t.toggleOn}
        </button>
      )}
      {on && (
        <>
          <p className="private-mode-state">
            <strong>{t.on}</strong>
          </p>
          <h3 className="private-mode-title">{t.countsTitle}</h3>
          {counts && counts.length === 0 && <p className="fac-hint">{t.countsNone}</p>}
          {counts && counts.length > 0 && (
            <ul className="private-mode-counts" data-testid="private-counts">
              {counts.map((c) => (
                <li key={c.personId} data-testid="private-count" data-items={c.items}>
                  <span>{c.name || t.unnamed}</span> <span>{t.items(c.items)}</span>
                </li>
              ))}
            </ul>
          )}
          <div className="private-mode-actions">
            <button type="button" className="fac-button fac-primary" aria-label={t.revealLabel} data-testid="private-reveal" disabled={busy} onClick={() => void reveal()}>
              {t.reveal}
            </button>
            <button type="button" className="fac-button" aria-pressed={true} aria-expanded={asking} data-testid="private-mode-off" onClick={() => setAsking(true)}>
              {t.turnOff}
            </button>
          </div>
          {asking && (
            <div role="group" aria-label={t.turnOff} className="private-mode-ask" data-testid="private-mode-ask">
              <p>{t.offQuestion}</p>
              <button type="button" className="fac-button fac-primary" disabled={busy} onClick={() => void reveal()} data-testid="private-off-reveal">
                {t.offReveal}
              </button>
              <button type="button" className="fac-button" onClick={keep} data-testid="private-off-keep">
                {t.offKeep}
              </button>
              <button type="button" className="fac-button" onClick={() => setAsking(false)}>
                {t.cancel}
              </button>
            </div>
          )}
        </>
      )}
      <p role="status" className="private-mode-said">
        {said}
      </p>
    </div>
  )
}
