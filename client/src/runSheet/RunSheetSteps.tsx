import { useState } from 'react'
import type { CurrentStep } from '@whiteboard/shared/facilitation/currentStep'
import { MAX_RUN_SHEET_STEPS } from '@whiteboard/shared/facilitation/facilitationLimits'
import type { RunSheet, RunStep } from '@whiteboard/shared/facilitation/runSheet'
import { stepAfter } from '@whiteboard/shared/facilitation/startStep'
import { frameChoiceFor, StepForm, type FrameChoice } from './StepForm'
import type { RunSheetTexts } from './runSheetTexts'

interface RunSheetStepsProps {
  sheet: RunSheet
  current: CurrentStep | undefined
  t: RunSheetTexts
  /** The frames a step can go to; the name of a step's frame is looked up here. */
  frames: readonly FrameChoice[]
  /** Given to facilitators only: without it the list is read-only. */
  edit?: {
    onChange: (sheet: RunSheet) => void
    onStart: (step: RunStep) => void
  }
}

/**
 * The steps of a run sheet as an ordered list, the current one marked (`aria-current`). For a
 * facilitator each step can be started, edited, moved up and removed, new steps added, and
 * "Next step" starts the one after the current. Used on the board and on the gathering overview.
 */
export function RunSheetSteps({ sheet, current, t, frames, edit }: RunSheetStepsProps) {
  const [editing, setEditing] = useState<string | undefined>()
  const next = stepAfter(sheet, current)
  const frameName = (step: RunStep) => (step.frame ? frameChoiceFor(frames, step.frame)?.name : undefined)
  const replace = (steps: RunStep[]) => edit?.onChange({ steps })

  return (
    <>
      {edit && sheet.steps.length > 0 && (
        <p className="run-sheet-next">
          {next ? (
            <button type="button" className="run-sheet-button run-sheet-primary" aria-label={t.nextLabel(next.title)} onClick={() => edit.onStart(next)} data-testid="run-sheet-next">
              {t.next}
            </button>
          ) : (
            <span>{t.finished}</span>
          )}
        </p>
      )}
      {sheet.steps.length === 0 ? (
        <p className="run-sheet-empty">{edit ? t.emptyFacilitator : t.empty}</p>
      ) : (
        <ol className="run-sheet-steps" data-testid="run-sheet-steps">
          {sheet.steps.map((step, i) => {
            const isCurrent = current?.stepId === step.id
            const name = frameName(step)
            return (
              <li key={step.id} className={isCurrent ? 'is-current' : undefined} aria-current={isCurrent ? 'step' : undefined} data-testid="run-sheet-step">
                {editing === step.id && edit ? (
                  <StepForm
                    step={step}
                    frames={frames}
                    t={t}
                    onCancel={() => setEditing(undefined)}
                    onSave={(changed) => {
                      replace(sheet.steps.map((s) => (s.id === step.id ? { ...changed, id: step.id } : s)))
                      setEditing(undefined)
                    }}
                  />
                ) : (
                  <>
                    <p className="run-sheet-step-head">
                      {isCurrent && <strong className="run-sheet-now">{t.current}: </strong>}
                      <strong>{step.title}</strong> <span className="run-sheet-meta">({t.minutes(step.minutes)})</span>
                    </p>
                    {step.instruction && <p className="run-sheet-instruction">{step.instruction}</p>}
                    {name !== undefined && <p className="run-sheet-meta">{t.frameNamed(name)}</p>}
                    {edit && (
                      <div className="run-sheet-actions">
                        <button type="button" className="run-sheet-button run-sheet-primary" aria-label={t.startLabel(step.title)} onClick={() => edit.onStart(step)} data-testid="run-sheet-start">
                          {t.start}
                        </button>
                        <button type="button" className="run-sheet-button" aria-label={t.editLabel(step.title)} onClick={() => setEditing(step.id)}>
                          {t.edit}
                        </button>
                        {i > 0 && (
                          <button type="button" className="run-sheet-button" aria-label={t.moveUpLabel(step.title)} onClick={() => replace(sheet.steps.toSpliced(i - 1, 2, step, sheet.steps[i - 1]!))}>
                            {t.moveUp}
                          </button>
                        )}
                        <button type="button" className="run-sheet-button" aria-label={t.removeLabel(step.title)} onClick={() => replace(sheet.steps.filter((s) => s.id !== step.id))}>
                          {t.remove}
                        </button>
                      </div>
                    )}
                  </>
                )}
              </li>
            )
          })}
        </ol>
      )}
      {edit &&
        (sheet.steps.length >= MAX_RUN_SHEET_STEPS ? (
          <p className="run-sheet-empty">{t.full(MAX_RUN_SHEET_STEPS)}</p>
        ) : (
          <StepForm step={undefined} frames={frames} t={t} onSave={(added) => replace([...sheet.steps, { ...added, id: newStepId() }])} />
        ))}
    </>
  )
}

/** A step's id: random, so two facilitators adding a step at once do not collide (getRandomValues works on plain http too, randomUUID does not). */
function newStepId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('')
}
