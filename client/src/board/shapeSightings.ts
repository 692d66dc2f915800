import { react, unsafe__withoutCapture, type Editor, type TLShapeId } from 'tldraw'

/**
 * Below this zoom a shape with a far look (`farLook.ts`) shows it instead of its full content
 * until it is first seen closer. It is tldraw's own level of detail: below it tldraw already
 * draws geo shapes solid and notes without shadows, and a label's text is a few pixels high.
 */
export const FAR_ZOOM = 0.25

/** What a shape waits for before it draws its full content. */
export type Sighting = 'in view' | 'close up'

/**
 * Tells shapes the first time they come into view, or close enough to the camera. One reactor
 * per editor watches tldraw's culled set (and, for shapes waiting to be seen close up, the zoom,
 * the selection and the shape being edited) and checks only the shapes still waiting: a
 * subscription per shape would be re-checked on every change to any shape (O(N) per remote move
 * on a 2,000-shape board), and a shape stops costing anything once it has been seen.
 */
class ShapeSightings {
  private readonly waiting = new Map<TLShapeId, { sighting: Sighting; onSeen: () => void }>()
  private stopReactor: (() => void) | null = null

  constructor(private readonly editor: Editor) {}

  isSeen(id: TLShapeId, sighting: Sighting): boolean {
    return unsafe__withoutCapture(() => this.check(id, sighting))
  }

  /** Calls `onSeen` once, when the shape is first seen as asked (at once if it already is). Returns a cancel. */
  watch(id: TLShapeId, sighting: Sighting, onSeen: () => void): () => void {
    if (this.isSeen(id, sighting)) {
      onSeen()
      return () => {}
    }
    const entry = { sighting, onSeen }
    this.waiting.set(id, entry)
    // The reactor's first run happens inside `react()`, before it can be stopped from within.
    this.stopReactor ??= react('shapes coming into view', () => this.announce())
    this.stopIfIdle()
    return () => {
      if (this.waiting.get(id) === entry) this.waiting.delete(id)
      this.stopIfIdle()
    }
  }

  /** Reads only what the asked sighting needs, so a reactor with no close-up waiters does not rerun on zoom. */
  private check(id: TLShapeId, sighting: Sighting): boolean {
    if (this.editor.getCulledShapes().has(id)) return false
    if (sighting === 'in view') return true
    return this.editor.getEfficientZoomLevel() >= FAR_ZOOM || this.editor.getEditingShapeId() === id || this.editor.getSelectedShapeIds().includes(id)
  }

  private announce(): void {
    for (const [id, { sighting, onSeen }] of this.waiting) {
      if (!this.check(id, sighting)) continue
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
