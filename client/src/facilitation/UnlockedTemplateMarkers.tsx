import { useValue, type Editor } from 'tldraw'
import type { FacilitationTexts } from './facilitationTexts'
import { lockTargetFully, unlockedTemplates, type LockTarget } from './scaffoldingLock'

interface Mark {
  target: LockTarget
  left: number
  top: number
  width: number
  height: number
}

/**
 * For facilitators: while a template has scaffolding unlocked, the board outlines its frame and
 * says so at its top edge, with a button that locks it again. An unlocked template is easy to
 * forget, and participants then see no difference until someone moves a heading.
 */
export function UnlockedTemplateMarkers({ editor, t }: { editor: Editor; t: FacilitationTexts }) {
  const marks = useValue(
    'unlocked template marks',
    () => {
      const out: Mark[] = []
      for (const target of unlockedTemplates(editor)) {
        const bounds = target.frameId && editor.getShapePageBounds(target.frameId)
        if (!bounds) continue
        const topLeft = editor.pageToViewport({ x: bounds.minX, y: bounds.minY })
        const bottomRight = editor.pageToViewport({ x: bounds.maxX, y: bounds.maxY })
        out.push({ target, left: topLeft.x, top: topLeft.y, width: bottomRight.x - topLeft.x, height: bottomRight.y - topLeft.y })
      }
      return out
    },
    [editor],
  )
  if (marks.length === 0) return null
  return (
    <div className="fac-template-marks">
      {marks.map(({ target, left, top, width, height }) => (
        <div key={target.frameId} className="fac-template-mark" style={{ left, top, width, height }} data-testid="template-unlocked-mark">
          <button
            type="button"
            className="fac-template-mark-button"
            data-testid="template-unlocked-lock"
            onClick={() => lockTargetFully(editor, target)}
          >
            {target.name ? `${t.lock.unlockedMarker} (${target.name})` : t.lock.unlockedMarker}
          </button>
        </div>
      ))}
    </div>
  )
}
