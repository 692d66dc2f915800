import type { Editor } from 'tldraw'

/**
 * Notes remembered per board in this browser. A board's records say nothing about who made a
 * note (nothing about people is kept on the board), so "your notes" are those this browser made.
 */
export const MAX_OWN_NOTES = 2_000

const keyOf = (boardId: string) => `wb-own-notes:${boardId}`

/** The ids of the notes made in this browser on one board: read once, kept in localStorage. */
export class OwnNotes {
  private readonly ids: string[]

  constructor(private readonly boardId: string) {
    this.ids = read(boardId)
  }

  has(id: string): boolean {
    return this.ids.includes(id)
  }

  add(id: string): void {
    if (this.has(id)) return
    this.ids.push(id)
    // The oldest fall off first: a long workshop keeps its latest notes editable.
    if (this.ids.length > MAX_OWN_NOTES) this.ids.splice(0, this.ids.length - MAX_OWN_NOTES)
    try {
      localStorage.setItem(keyOf(this.boardId), JSON.stringify(this.ids))
    } catch {
      // Storage full or off: the notes stay own for this page's life.
    }
  }

  /** Remembers every note this person makes on the canvas too; returns the unsubscribe. */
  track(editor: Editor): () => void {
    return editor.sideEffects.registerAfterCreateHandler('shape', (shape, source) => {
      if (source === 'user' && shape.type === 'note') this.add(shape.id)
    })
  }
}

function read(boardId: string): string[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(keyOf(boardId)) ?? '[]')
    return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string').slice(-MAX_OWN_NOTES) : []
  } catch {
    return []
  }
}
