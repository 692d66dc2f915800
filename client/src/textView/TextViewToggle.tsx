import type { RefObject } from 'react'
import { useUiLang } from '../i18n/UiLanguage'
import { textViewTexts } from './textViewTexts'

/** The header button "Text view" that opens and closes the text view beside the canvas. */
export function TextViewToggle({ open, onToggle, buttonRef }: { open: boolean; onToggle: () => void; buttonRef: RefObject<HTMLButtonElement | null> }) {
  const t = textViewTexts(useUiLang())
  return (
    <button ref={buttonRef} type="button" className="text-view-toggle" aria-expanded={open} aria-controls={open ? 'text-view' : undefined} data-testid="text-view-open" onClick={onToggle}>
      {t.open}
    </button>
  )
}
