import type { BoardFreeze } from '@whiteboard/shared/facilitation/boardFreeze'
import type { ServerClock } from './clockOffset'
import type { FacilitationDoc } from './FacilitationDoc'
import type { FacilitationTexts } from './facilitationTexts'

interface FreezeToggleProps {
  freeze: BoardFreeze | undefined
  state: FacilitationDoc
  clock: ServerClock
  t: FacilitationTexts
}

/** "Freeze board": participants' editors turn read-only, and the server refuses their changes until it is unfrozen. */
export function FreezeToggle({ freeze, state, clock, t }: FreezeToggleProps) {
  const frozen = freeze?.frozen === true
  return (
    <button
      type="button"
      className={`fac-button${frozen ? ' is-active' : ''}`}
      data-testid="freeze-toggle"
      aria-pressed={frozen}
      onClick={() => state.setFreeze({ frozen: !frozen, since: clock.serverNow() })}
    >
      {frozen ? t.freeze.unfreeze : t.freeze.freeze}
    </button>
  )
}
