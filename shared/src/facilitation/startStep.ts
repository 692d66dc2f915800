import type { CurrentStep } from './currentStep'
import type { RunSheet, RunStep } from './runSheet'
import { stepFrameView } from './stepFrameView'
import type { SummonRequest } from './summonRequest'
import type { TimerState } from './timerState'

/** What starting a step writes into a board's facilitation map, in one transaction. */
export interface StepStart {
  current: CurrentStep
  /** A running timer of the step's minutes; absent for a step of 0 minutes, which leaves the timer alone. */
  timer?: TimerState
  /** Everyone to the step's frame; absent when the step has none or this board lacks it. */
  summon?: SummonRequest
}

/**
 * "Start step": the step becomes current (`seq` one past the last), its timer runs from `now`
 * (the server's clock) and everyone is brought to its frame on this board (`records`, the
 * board's raw records), through the ordinary summon and timer, so every client already knows
 * how to follow. The same rules serve the facilitator's own board and the server's gathering-wide
 * start. Undefined when the sheet has no step `stepId`.
 */
export function startStep(
  sheet: RunSheet,
  stepId: string,
  previous: { current: CurrentStep | undefined; summon: SummonRequest | undefined },
  records: Iterable<unknown>,
  now: number,
  by: string,
): StepStart | undefined {
  const step = sheet.steps.find((s) => s.id === stepId)
  if (!step) return undefined
  const start: StepStart = { current: { seq: (previous.current?.seq ?? 0) + 1, stepId, startedAt: now } }
  if (step.minutes > 0) {
    const durationMs = step.minutes * 60_000
    start.timer = { status: 'running', durationMs, endsAt: now + durationMs }
  }
  const view = step.frame ? stepFrameView(records, step.frame) : undefined
  if (view) start.summon = { seq: (previous.summon?.seq ?? 0) + 1, by, pageId: view.pageId, bounds: view.bounds }
  return start
}

/** The step "Next step" starts: the one after the current step, the first when none is current (or it was removed); undefined after the last. */
export function stepAfter(sheet: RunSheet, current: CurrentStep | undefined): RunStep | undefined {
  const at = current ? sheet.steps.findIndex((s) => s.id === current.stepId) : -1
  return sheet.steps[at + 1]
}

/** The current step's entry in the sheet, if it is still there. */
export function currentRunStep(sheet: RunSheet | undefined, current: CurrentStep | undefined): RunStep | undefined {
  return current ? sheet?.steps.find((s) => s.id === current.stepId) : undefined
}
