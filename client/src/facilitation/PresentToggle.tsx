import { useEditor, useValue } from 'tldraw'
import type { PresenterState } from '@whiteboard/shared/facilitation/presenterState'
import type { ServerClock } from './clockOffset'
import type { FacilitationDoc } from './FacilitationDoc'
import type { FacilitationTexts } from './facilitationTexts'
import { presenterLeader } from './presenter'

/**
 * Starts and stops "follow me": while on, every other client follows this facilitator's camera.
 * Beside it, who follows this facilitator now (their presence says whom they follow), so the
 * facilitator sees who has stopped.
 */
interface PresentToggleProps {
  presenter: PresenterState | undefined
  selfUserId: string
  state: FacilitationDoc
  clock: ServerClock
  t: FacilitationTexts
  announce: (message: string) => void
}

export function PresentToggle({ presenter, selfUserId, state, clock, t, announce }: PresentToggleProps) {
  const presenting = presenter?.presenceUserId === selfUserId
  const editor = useEditor()
  const followers = useValue(
    'followers',
    () => {
      const me = presenterLeader(selfUserId)
      const names = editor.getCollaborators().flatMap((c) => (c.followingUserId === me ? [c.userName] : []))
      return [...new Set(names)].sort((a, b) => a.localeCompare(b)).join(', ')
    },
    [editor, selfUserId],
  )
  return (
    <>
      <button
        type="button"
        className={`fac-button${presenting ? ' is-active' : ''}`}
        data-testid="present-toggle"
        aria-pressed={presenting}
        onClick={() => {
          state.setPresenter({ presenceUserId: presenting ? null : selfUserId, since: clock.serverNow() })
          if (!presenting) announce(t.present.presenting)
        }}
      >
        {presenting ? t.present.stop : t.present.start}
      </button>
      {followers && (
        <span className="fac-status" data-testid="followers">
          {t.present.followers(followers)}
        </span>
      )}
    </>
  )
}
