import { useValue, type Editor } from 'tldraw'
import type { FacilitationTexts } from './facilitationTexts'
import { tidyNotes, tidyTarget } from './tidyNotes'

/** "Tidy notes": the selected frame's notes, or the selected notes, into a grid grouped by colour (tidyNotes.ts). */
export function TidyNotesButton({ editor, t, announce }: { editor: Editor; t: FacilitationTexts; announce: (message: string) => void }) {
  const count = useValue('tidy target', () => tidyTarget(editor)?.noteIds.length ?? 0, [editor])
  return (
    <button
      type="button"
      className="fac-button"
      data-testid="tidy-notes"
      disabled={count === 0}
      title={count === 0 ? t.tidy.hint : undefined}
      onClick={() => {
        const target = tidyTarget(editor)
        if (!target) return
        tidyNotes(editor, target, (color, n) => t.tidy.heading(t.tidy.colors[color as keyof typeof t.tidy.colors] ?? color, n))
        announce(t.tidy.done(target.noteIds.length))
      }}
    >
      {t.tidy.button}
    </button>
  )
}
