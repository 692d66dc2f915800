import { z } from 'zod'
import { MAX_RUN_SHEET_STEPS, MAX_STATE_ID_LENGTH, MAX_STEP_INSTRUCTION_LENGTH, MAX_STEP_TITLE_LENGTH, MAX_TIMER_MINUTES } from './facilitationLimits'

const id = z.string().min(1).max(MAX_STATE_ID_LENGTH)

/**
 * Where a step takes everyone: a frame on the board. `shapeId` names the frame on the board the
 * step was written on; `template` names the template the frame was made from, so the same step
 * finds "its" frame on another board made from that template (each team board of a gathering has
 * its own copy, with its own shape ids). At least one of the two is given.
 */
export const StepFrame = z
  .strictObject({ shapeId: id.nullable(), template: id.nullable() })
  .refine((f) => f.shapeId !== null || f.template !== null, { message: 'a frame needs a shape id or a template' })
export type StepFrame = z.infer<typeof StepFrame>

/**
 * One step of the session. `minutes` is the timer started with the step; 0 starts none (a
 * break, a plenary talk). `id` stays the same while the facilitator edits the step, so the
 * current step survives edits to the list.
 */
export const RunStep = z.strictObject({
  id,
  title: z.string().min(1).max(MAX_STEP_TITLE_LENGTH),
  instruction: z.string().max(MAX_STEP_INSTRUCTION_LENGTH),
  minutes: z.number().int().min(0).max(MAX_TIMER_MINUTES),
  frame: StepFrame.nullable(),
})
export type RunStep = z.infer<typeof RunStep>

/**
 * The run sheet (kjøreplan), under `FacilitationKey.RUN_SHEET`: the session's steps in order.
 * Content of the board like its notes, so it is kept by history and restored with a version;
 * which step runs now is session state, apart (`CurrentStep`). Strict objects: a field no
 * reader knows would otherwise be stored for every later reader.
 */
export const RunSheet = z
  .strictObject({ steps: z.array(RunStep).max(MAX_RUN_SHEET_STEPS) })
  .refine((sheet) => new Set(sheet.steps.map((s) => s.id)).size === sheet.steps.length, { message: 'step ids must differ' })
export type RunSheet = z.infer<typeof RunSheet>

export function parseRunSheet(value: unknown): RunSheet | undefined {
  const result = RunSheet.safeParse(value)
  return result.success ? result.data : undefined
}
