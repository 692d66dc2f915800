import { useSyncExternalStore } from 'react'
import { useEditor, useValue, type TLShapeId } from 'tldraw'
import { useUiLang } from '../i18n/UiLanguage'
import type { PrivateItems } from './PrivateItems'
import { privateModeTexts } from './privateModeTexts'
import './privateMode.css'

/**
 * A "Private" label on the top-left corner of each of this person's private shapes on screen,
 * and a dashed outline around it, so the author sees at a glance what nobody else sees. Drawn
 * over the canvas like the vote badges, never written into the shapes.
 */
export function PrivateMarks({ items }: { items: PrivateItems }) {
  const editor = useEditor()
  const t = privateModeTexts(useUiLang())
  const ids = useSyncExternalStore(items.subscribe, items.get)
  const marks = useValue(
    'private marks',
    () => {
      const screen = editor.getViewportScreenBounds()
      const out: { id: string; left: number; top: number; width: number; height: number }[] = []
      for (const id of ids) {
        if (!id.startsWith('shape:')) continue
        const shape = editor.getShape(id as TLShapeId)
        if (!shape || editor.getAncestorPageId(shape) !== editor.getCurrentPageId()) continue
        const b = editor.getShapePageBounds(shape)
        if (!b) continue
        const topLeft = editor.pageToViewport({ x: b.minX, y: b.minY })
        const bottomRight = editor.pageToViewport({ x: b.maxX, y: b.maxY })
        if (bottomRight.x < 0 || bottomRight.y < 0 || topLeft.x > screen.w || topLeft.y > screen.h) continue
        out.push({ id, left: topLeft.x, top: topLeft.y, width: bottomRight.x - topLeft.x, height: bottomRight.y - topLeft.y })
      }
      return out
    },
    [editor, ids],
  )
  return (
    <div className="private-marks" aria-hidden="true">
      {marks.map((m) => (
        <div key={m.id} className="private-mark" style={{ left: m.left, top: m.top, width: m.width, height: m.height }} data-testid={`private-mark-${m.id}`}>
          <span>{t.mark}</span>
        </div>
      ))}
    </div>
  )
}
