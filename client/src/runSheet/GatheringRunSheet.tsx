import { useCallback, useEffect, useId, useState } from 'react'
import type { GatheringRunSheetResponse } from '@whiteboard/shared/api/gatheringRunSheetApi'
import type { FanOutResponse } from '@whiteboard/shared/api/gatheringsApi'
import type { RunSheet } from '@whiteboard/shared/facilitation/runSheet'
import { gatheringsClient, type ApiResult } from '../gatherings/gatheringsClient'
import { useUiLang } from '../i18n/UiLanguage'
import { RunSheetSteps } from './RunSheetSteps'
import { runSheetTexts } from './runSheetTexts'
import type { FrameChoice } from './StepForm'
import './RunSheet.css'

/**
 * The gathering's run sheet on the overview: the facilitator writes the steps once and starts
 * each on every team board at once (the server writes it into each board, see
 * server/src/http/gatheringRunSheetApi.ts). A step's frame is chosen by template, so every team
 * goes to its own copy.
 */
export function GatheringRunSheet({ gatheringId, token, announce }: { gatheringId: string; token: string; announce: (text: string) => void }) {
  const t = runSheetTexts(useUiLang())
  const heading = useId()
  const [state, setState] = useState<GatheringRunSheetResponse | undefined>()

  const load = useCallback(async () => {
    const result = await gatheringsClient.runSheet(gatheringId, token)
    if (result.ok) setState(result.value)
    else announce(result.message ? `${t.failed} ${result.message}` : t.failed)
  }, [gatheringId, token, announce, t])
  useEffect(() => void load(), [load])

  const afterFanOut = async (result: ApiResult<FanOutResponse>, done: (reached: number, total: number) => string) => {
    if (!result.ok) announce(result.message ? `${t.failed} ${result.message}` : t.failed)
    else announce(done(result.value.boards.filter((b) => b.ok).length, result.value.boards.length))
    await load()
  }

  const frames: FrameChoice[] = (state?.frames ?? []).map((f) => ({ value: f.template, name: f.name, frame: { shapeId: null, template: f.template } }))
  return (
    <section className="gathering-panel" aria-labelledby={heading} data-testid="gathering-run-sheet">
      <h2 id={heading}>{t.gatheringHeading}</h2>
      <p>{t.gatheringIntro}</p>
      {state && (
        <RunSheetSteps
          sheet={state.sheet}
          current={state.current ?? undefined}
          t={t}
          frames={frames}
          edit={{
            onChange: (sheet: RunSheet) => {
              setState({ ...state, sheet })
              void gatheringsClient.putRunSheet(gatheringId, token, sheet).then((r) => afterFanOut(r, t.savedOnBoards))
            },
            onStart: (step) => void gatheringsClient.startStep(gatheringId, token, { stepId: step.id }).then((r) => afterFanOut(r, t.startedOnBoards)),
          }}
        />
      )}
    </section>
  )
}
