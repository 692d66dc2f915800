import type { Editor } from 'tldraw'
import type { SummonRequest } from '@whiteboard/shared/facilitation/summonRequest'
import type { FacilitationDoc } from './FacilitationDoc'
import type { FacilitationTexts } from './facilitationTexts'
import { summonHere } from './summon'

/** "Bring everyone here": every other client moves its camera to what this facilitator sees now. */
interface SummonButtonProps {
  editor: Editor
  summon: SummonRequest | undefined
  selfUserId: string
  state: FacilitationDoc
  t: FacilitationTexts
  announce: (message: string) => void
}

export function SummonButton({ editor, summon, selfUserId, state, t, announce }: SummonButtonProps) {
  return (
    <button
      type="button"
      className="fac-button"
      data-testid="summon"
      onClick={() => {
        state.setSummon(summonHere(editor, summon, selfUserId))
        announce(t.summon.done)
      }}
    >
      {t.summon.button}
    </button>
  )
}
