import { useState } from 'react'
import type * as Y from 'yjs'
import { currentRunStep } from '@whiteboard/shared/facilitation/startStep'
import { useUiLang } from '../i18n/UiLanguage'
import { runSheetTexts } from './runSheetTexts'
import { useRunSheet } from './useRunSheet'
import './RunSheet.css'

/**
 * The step started last, with its instruction, as a banner under the board header for everyone.
 * A polite status region, so a screen reader reads each new step out without moving focus. Each
 * person can hide it; the next start (a new `seq`) shows it again.
 */
export function RunStepBanner({ doc }: { doc: Y.Doc }) {
  const t = runSheetTexts(useUiLang())
  const { sheet, current } = useRunSheet(doc)
  const [hiddenSeq, setHiddenSeq] = useState<number | undefined>()
  const step = currentRunStep(sheet, current)
  const visible = step !== undefined && current !== undefined && current.seq !== hiddenSeq
  const position = step ? sheet.steps.indexOf(step) + 1 : 0
  return (
    <div role="status" aria-live="polite" className={visible ? 'run-step-banner' : undefined} data-testid="run-step-banner">
      {visible && (
        <>
          <p>
            <strong>
              {t.stepOf(position, sheet.steps.length)}: <span data-testid="run-step-title">{step.title}</span>
            </strong>
            {step.instruction && <span className="run-step-instruction" data-testid="run-step-instruction">{step.instruction}</span>}
          </p>
          <button type="button" aria-label={t.dismissLabel} onClick={() => setHiddenSeq(current.seq)}>
            {t.dismiss}
          </button>
        </>
      )}
    </div>
  )
}
