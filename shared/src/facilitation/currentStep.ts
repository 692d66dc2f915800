import { z } from 'zod'
import { MAX_STATE_ID_LENGTH } from './facilitationLimits'

/**
 * The step of the run sheet started last, under `FacilitationKey.RUN_STEP`. Each start
 * increments `seq`, so starting the same step again is news too (announced, banner shown
 * again to those who dismissed it). `startedAt` is the server's clock.
 */
export const CurrentStep = z.strictObject({
  seq: z.number().int().nonnegative(),
  stepId: z.string().min(1).max(MAX_STATE_ID_LENGTH),
  startedAt: z.number().finite().nonnegative(),
})
export type CurrentStep = z.infer<typeof CurrentStep>

export function parseCurrentStep(value: unknown): CurrentStep | undefined {
  const result = CurrentStep.safeParse(value)
  return result.success ? result.data : undefined
}
