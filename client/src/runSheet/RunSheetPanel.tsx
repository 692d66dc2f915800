import { useEffect, useRef } from 'react'
import { useValue, type Editor } from 'tldraw'
import type * as Y from 'yjs'
import { canFacilitate, type BoardInfoResponse } from '@whiteboard/shared'
import { useServerClock } from '../facilitation/useServerClock'
import { useUiLang } from '../i18n/UiLanguage'
import { boardFrameChoices } from './boardFrameChoices'
import { RunSheetSteps } from './RunSheetSteps'
import { runSheetTexts } from './runSheetTexts'
import { startStepOnBoard, writeRunSheet } from './runSheetWrites'
import { useRunSheet } from './useRunSheet'
import './RunSheet.css'

/** The panel's id, which its header button controls. */
export const RUN_SHEET_PANEL_ID = 'run-sheet'

/**
 * The run sheet beside the canvas (the whole width on a narrow window). Facilitators write the
 * steps and start them; everyone else reads the steps and sees which one runs now. Its heading
 * takes focus on opening, Escape closes it.
 */
export function RunSheetPanel({ editor, doc, board, onClose }: { editor: Editor; doc: Y.Doc; board: BoardInfoResponse; onClose: () => void }) {
  const t = runSheetTexts(useUiLang())
  const { sheet, current } = useRunSheet(doc)
  const clock = useServerClock()
  const facilitator = canFacilitate(board.role)
  const frames = useValue('run sheet frames', () => boardFrameChoices(editor), [editor])
  const selfUserId = useValue('self user id', () => editor.user.getExternalId(), [editor])
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => heading.current?.focus(), [])

  return (
    <aside
      id={RUN_SHEET_PANEL_ID}
      className="side-panel run-sheet"
      aria-labelledby={`${RUN_SHEET_PANEL_ID}-heading`}
      data-testid="run-sheet"
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose()
      }}
    >
      <div className="run-sheet-head">
        <h2 id={`${RUN_SHEET_PANEL_ID}-heading`} ref={heading} tabIndex={-1}>
          {t.title}
        </h2>
        <button type="button" className="run-sheet-button" onClick={onClose} data-testid="run-sheet-close">
          {t.close}
        </button>
      </div>
      <p className="run-sheet-intro">{t.intro}</p>
      <RunSheetSteps
        sheet={sheet}
        current={current}
        t={t}
        frames={frames}
        {...(facilitator
          ? {
              edit: {
                onChange: (next) => writeRunSheet(doc, next),
                onStart: (step) => void startStepOnBoard(editor, doc, sheet, step.id, clock.serverNow(), selfUserId),
              },
            }
          : {})}
      />
    </aside>
  )
}
