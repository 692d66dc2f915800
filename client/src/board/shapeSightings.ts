import { react, unsafe__withoutCapture, type Editor, type TLShapeId } from 'tldraw'

/**
 * Tells shapes the first time they come into view. One reactor per editor watches tldraw's
 * culled set and checks only the shapes still waiting: a subscription per shape would be
 * re-checked on every change to any shape (O(N) per remote move on a 2,000-shape board),
 * and a shape stops costing anything once it has been seen.
 */
class ShapeSightings {
  private readonly waiting = new Map<TLShapeId, () => void>()
  private stopReactor: (() => void) | null = null

  constructor(private readonly editor: Editor) {}

  isInView(id: TLShapeId): boolean {
    return unsafe__withoutCapture(() => !this.editor.getCulledShapes().has(id))
  }

  /** Calls `onSeen` once, when the shape is first in view (at once if it already is). Returns a cancel. */
  watch(id: TLShapeId, onSeen: () => void): () => void {
    if (this.isInView(id)) {
      onSeen()
      return () => {}
    }
    this.waiting.set(id, onSeen)
    // The reactor's first run happens inside `react()`, before it can be stopped from within.
    this.stopReactor ??= react('shapes coming into view', () => this.announce(this.editor.getCulledShapes()))
    this.stopIfIdle()
    return () => {
      if (this.waiting.get(id) === onSeen) this.waiting.delete(id)
      this.stopIfIdle()
    }
  }

  private announce(culled: ReadonlySet<TLShapeId>): void {
    for (const [id, onSeen] of this.waiting) {
      if (culled.has(id)) continue
      this.waiting.delete(id)
      onSeen()
    }
    this.stopIfIdle()
  }

  private stopIfIdle(): void {
    if (this.waiting.size > 0 || !this.stopReactor) return
    const stop = this.stopReactor
    this.stopReactor = null
    stop()
  }
}

const byEditor = new WeakMap<Editor, ShapeSightings>()

export function shapeSightings(editor: Editor): ShapeSightings {
  let sightings = byEditor.get(editor)
  if (!sightings) {
    sightings = new ShapeSightings(editor)
    byEditor.set(editor, sightings)
  }
  return sightings
}
