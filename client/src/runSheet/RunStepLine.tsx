import type * as Y from 'yjs'
import { currentRunStep } from '@whiteboard/shared/facilitation/startStep'
import { useUiLang } from '../i18n/UiLanguage'
import { runSheetTexts } from './runSheetTexts'
import { useRunSheet } from './useRunSheet'
import './RunSheet.css'

/**
 * The current step of the run sheet in the text view, under the timer: its place in the sheet,
 * title and instruction. Not a live region itself: the step banner under the header is one
 * (RunStepBanner.tsx), so a new step is read out once, wherever focus is.
 */
export function RunStepLine({ doc }: { doc: Y.Doc }) {
  const t = runSheetTexts(useUiLang())
  const { sheet, current } = useRunSheet(doc)
  const step = currentRunStep(sheet, current)
  if (!step) return null
  return (
    <div className="text-view-step" data-testid="text-view-step">
      <p className="text-view-timer">
        {t.stepNow} ({t.stepOf(sheet.steps.indexOf(step) + 1, sheet.steps.length)}): {step.title}
      </p>
      {step.instruction && <p className="text-view-step-instruction">{step.instruction}</p>}
    </div>
  )
}
