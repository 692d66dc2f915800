import { useEffect, useId, useRef, useState } from 'react'
import { useUiLang } from '../i18n/UiLanguage'
import type { BoardGatheringInfo, PeekResponse } from '@whiteboard/shared/api/gatheringsApi'
import { gatheringsClient } from './gatheringsClient'
import { gatheringTexts } from './gatheringTexts'
import './gatherings.css'

type PeekState = { kind: 'loading' } | { kind: 'ready'; teams: PeekResponse['teams'] } | { kind: 'failed'; message: string }

/**
 * "Other teams" on a team board of a gathering whose facilitator allows peeking: asks the
 * server for viewer links of the other teams' boards (with this board's own token) and lists
 * them; each opens read-only in a new tab. Only offered when the board info says peeking is
 * allowed; the server decides again on every request.
 */
export function PeekMenu({ gathering, boardId, token }: { gathering: BoardGatheringInfo; boardId: string; token: string }) {
  const t = gatheringTexts(useUiLang()).board
  const [open, setOpen] = useState(false)
  const [state, setState] = useState<PeekState>({ kind: 'loading' })
  const buttonRef = useRef<HTMLButtonElement>(null)
  const panelId = useId()
  const headingId = useId()

  useEffect(() => {
    if (!open) return
    let cancelled = false
    setState({ kind: 'loading' })
    void gatheringsClient.peek(gathering.id, boardId, token).then((result) => {
      if (cancelled) return
      setState(result.ok ? { kind: 'ready', teams: result.value.teams } : { kind: 'failed', message: result.message ?? t.peekFailed })
    })
    return () => {
      cancelled = true
    }
  }, [open, gathering.id, boardId, token, t.peekFailed])

  const close = () => {
    setOpen(false)
    buttonRef.current?.focus()
  }

  return (
    <div className="gathering-peek">
      <button
        ref={buttonRef}
        type="button"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        data-testid="peek-open"
        onClick={() => (open ? close() : setOpen(true))}
      >
        {t.peek}
      </button>
      {open && (
        <div
          id={panelId}
          role="dialog"
          aria-labelledby={headingId}
          className="gathering-peek-panel"
          data-testid="peek-panel"
          onKeyDown={(e) => {
            if (e.key === 'Escape') close()
          }}
        >
          <h2 id={headingId}>{t.peekHeading}</h2>
          {state.kind === 'loading' && <p role="status">…</p>}
          {state.kind === 'failed' && <p role="alert">{state.message}</p>}
          {state.kind === 'ready' &&
            (state.teams.length === 0 ? (
              <p>{t.peekNone}</p>
            ) : (
              <ul>
                {state.teams.map((team) => (
                  <li key={team.boardId}>
                    <a href={team.link} target="_blank" rel="noopener" data-testid="peek-link" aria-label={t.peekOpen(team.name)}>
                      {team.name}
                    </a>
                  </li>
                ))}
              </ul>
            ))}
          <button type="button" onClick={close} autoFocus>
            {t.close}
          </button>
        </div>
      )}
    </div>
  )
}
