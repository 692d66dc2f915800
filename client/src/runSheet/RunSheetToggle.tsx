import type { RefObject } from 'react'
import type * as Y from 'yjs'
import { useUiLang } from '../i18n/UiLanguage'
import { RUN_SHEET_PANEL_ID } from './RunSheetPanel'
import { runSheetTexts } from './runSheetTexts'
import { useRunSheet } from './useRunSheet'

/**
 * The header button "Run sheet" that opens and closes the run sheet beside the canvas. A
 * facilitator always has it (to write the first step); others once there are steps to read.
 */
export function RunSheetToggle({ doc, facilitator, open, onToggle, buttonRef }: { doc: Y.Doc; facilitator: boolean; open: boolean; onToggle: () => void; buttonRef: RefObject<HTMLButtonElement | null> }) {
  const t = runSheetTexts(useUiLang())
  const { sheet } = useRunSheet(doc)
  if (!facilitator && sheet.steps.length === 0 && !open) return null
  return (
    <button ref={buttonRef} type="button" className="run-sheet-toggle" aria-expanded={open} aria-controls={open ? RUN_SHEET_PANEL_ID : undefined} data-testid="run-sheet-open" onClick={onToggle}>
      {t.open}
    </button>
  )
}
