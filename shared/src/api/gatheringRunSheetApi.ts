import { z } from 'zod'
import { MAX_STATE_ID_LENGTH } from '../facilitation/facilitationLimits'
import type { CurrentStep } from '../facilitation/currentStep'
import { RunSheet } from '../facilitation/runSheet'

/**
 * A gathering's run sheet (`/api/gatherings/:id/run-sheet`), with the gathering's facilitator
 * token. It is kept where every board keeps its own: in each active team board's doc, written by
 * the server, so the teams see it like a run sheet of their board.
 *
 * - `GET`: the run sheet, the current step and the template frames the team boards hold.
 * - `PUT` (a {@link RunSheet}): the run sheet of every active team board.
 * - `POST .../start` ({@link StartStepBody}): on every active team board at once, the step
 *   becomes current, its timer runs and everyone goes to the board's own frame of the step's template.
 */
export const PutRunSheetBody = RunSheet
export type PutRunSheetBody = RunSheet

export const StartStepBody = z.object({ stepId: z.string().min(1).max(MAX_STATE_ID_LENGTH) }).strict()
export type StartStepBody = z.infer<typeof StartStepBody>

/** A template frame found on the team boards, for the step editor's choice of frame. */
export interface RunSheetFrameChoice {
  template: string
  /** The frame's name on the first board that has it. */
  name: string
}

export interface GatheringRunSheetResponse {
  sheet: RunSheet
  /** The step started last on the first active team board. */
  current: CurrentStep | null
  frames: RunSheetFrameChoice[]
}
