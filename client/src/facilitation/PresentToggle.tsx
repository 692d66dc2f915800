import type { PresenterState } from '@whiteboard/shared/facilitation/presenterState'
import type { ServerClock } from './clockOffset'
import type { FacilitationDoc } from './FacilitationDoc'
import type { FacilitationTexts } from './facilitationTexts'

/** Starts and stops "follow me": while on, every other client follows this facilitator's camera. */
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
  return (
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
  )
}
