import { useValue, type Editor } from 'tldraw'
import type { FacilitationTexts } from './facilitationTexts'
import { facilitatorLockedShapes, unlockFacilitatorLocks } from './facilitatorLocks'
import { lockTarget, toggleTargetLock } from './scaffoldingLock'

/**
 * The facilitator's lock button: the selection if there is one, else one template, the one
 * selected or in view (scaffoldingLock.ts). A shape under a facilitator's lock cannot be selected, so a second button lifts
 * every facilitator lock on the page.
 */
export function LockToggle({ editor, t }: { editor: Editor; t: FacilitationTexts }) {
  const lockedCount = useValue('facilitator locks', () => facilitatorLockedShapes(editor).length, [editor])
  const target = useValue(
    'lock target',
    () => {
      const found = lockTarget(editor)
      return { state: found ? `${found.kind}:${found.locked ? 'locked' : 'unlocked'}` : 'none', name: found?.name }
    },
    [editor],
  )
  const named = (text: string) => (target.name ? `${text}: ${target.name}` : text)
  const label = {
    'selection:locked': t.lock.unlockSelection,
    'selection:unlocked': t.lock.lockSelection,
    'template:locked': named(t.lock.unlockTemplate),
    'template:unlocked': named(t.lock.lockTemplate),
    none: t.lock.nothing,
  }[target.state]
  return (
    <>
      <button
        type="button"
        className="fac-button"
        data-testid="lock-toggle"
        data-target={target.state}
        disabled={target.state === 'none'}
        onClick={() => {
          const found = lockTarget(editor)
          if (found) toggleTargetLock(editor, found)
        }}
      >
        {label ?? t.lock.nothing}
      </button>
      {lockedCount > 0 && (
        <button type="button" className="fac-button" data-testid="unlock-facilitator-locks" onClick={() => unlockFacilitatorLocks(editor)}>
          {t.lock.unlockLocked(lockedCount)}
        </button>
      )}
    </>
  )
}
