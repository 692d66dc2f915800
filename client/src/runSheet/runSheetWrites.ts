import type { Editor } from 'tldraw'
import type * as Y from 'yjs'
import { facilitationMap } from '@whiteboard/shared'
import { parseCurrentStep } from '@whiteboard/shared/facilitation/currentStep'
import { FacilitationKey } from '@whiteboard/shared/facilitation/facilitationKeys'
import type { RunSheet } from '@whiteboard/shared/facilitation/runSheet'
import { startStep, type StepStart } from '@whiteboard/shared/facilitation/startStep'
import { parseSummonRequest } from '@whiteboard/shared/facilitation/summonRequest'
import { FACILITATION_ORIGIN } from '../facilitation/FacilitationDoc'
import { goToSummon } from '../facilitation/summon'

/** A facilitator's new run sheet, replacing the old one whole (the facilitation map's rule). */
export function writeRunSheet(doc: Y.Doc, sheet: RunSheet): void {
  doc.transact(() => facilitationMap(doc).set(FacilitationKey.RUN_SHEET, structuredClone(sheet)), FACILITATION_ORIGIN)
}

/**
 * "Start step" on this board: the step, its timer and the summon to its frame in one change,
 * so nobody sees the new step with the old timer. `now` is the server's clock. The facilitator's
 * own camera goes to the frame too (a summon moves everyone but its sender).
 */
export function startStepOnBoard(editor: Editor, doc: Y.Doc, sheet: RunSheet, stepId: string, now: number, by: string): StepStart | undefined {
  const state = facilitationMap(doc)
  const previous = { current: parseCurrentStep(state.get(FacilitationKey.RUN_STEP)), summon: parseSummonRequest(state.get(FacilitationKey.SUMMON)) }
  const start = startStep(sheet, stepId, previous, editor.store.allRecords(), now, by)
  if (!start) return undefined
  doc.transact(() => {
    state.set(FacilitationKey.RUN_STEP, start.current)
    if (start.timer) state.set(FacilitationKey.TIMER, start.timer)
    if (start.summon) state.set(FacilitationKey.SUMMON, start.summon)
  }, FACILITATION_ORIGIN)
  if (start.summon) goToSummon(editor, start.summon, true)
  return start
}
