import { useId, useState, type FormEvent } from 'react'
import { MAX_STEP_INSTRUCTION_LENGTH, MAX_STEP_TITLE_LENGTH, MAX_TIMER_MINUTES } from '@whiteboard/shared/facilitation/facilitationLimits'
import type { RunStep, StepFrame } from '@whiteboard/shared/facilitation/runSheet'
import type { RunSheetTexts } from './runSheetTexts'

/** A frame the step can take everyone to. */
export interface FrameChoice {
  /** The select's value: the frame's shape id on a board, the template id in a gathering. */
  value: string
  name: string
  frame: StepFrame
}

/**
 * The facilitator's form for one step, new or edited. The fields carry the limits the server
 * enforces (`maxLength`, `max`), so nobody types a step the server would refuse.
 */
export function StepForm({ step, frames, t, onSave, onCancel }: { step: RunStep | undefined; frames: readonly FrameChoice[]; t: RunSheetTexts; onSave: (step: Omit<RunStep, 'id'>) => void; onCancel?: () => void }) {
  const id = useId()
  const [title, setTitle] = useState(step?.title ?? '')
  const [instruction, setInstruction] = useState(step?.instruction ?? '')
  const [minutes, setMinutes] = useState(String(step?.minutes ?? 10))
  const [frame, setFrame] = useState(() => (step?.frame ? (frameChoiceFor(frames, step.frame)?.value ?? '') : ''))
  const [error, setError] = useState<string | undefined>()

  const submit = (event: FormEvent) => {
    event.preventDefault()
    const m = Number(minutes)
    if (title.trim() === '') return setError(t.needTitle)
    if (!Number.isInteger(m) || m < 0 || m > MAX_TIMER_MINUTES) return setError(t.badMinutes(MAX_TIMER_MINUTES))
    setError(undefined)
    onSave({ title: title.trim(), instruction: instruction.trim(), minutes: m, frame: frames.find((f) => f.value === frame)?.frame ?? null })
    if (!step) {
      setTitle('')
      setInstruction('')
    }
  }

  return (
    <form className="run-sheet-form" onSubmit={submit} data-testid="run-sheet-form">
      <label htmlFor={`${id}-title`}>{t.fieldTitle}</label>
      <input id={`${id}-title`} value={title} maxLength={MAX_STEP_TITLE_LENGTH} onChange={(e) => setTitle(e.target.value)} data-testid="step-title" />
      <label htmlFor={`${id}-instruction`}>{t.fieldInstruction}</label>
      <textarea id={`${id}-instruction`} value={instruction} rows={3} maxLength={MAX_STEP_INSTRUCTION_LENGTH} onChange={(e) => setInstruction(e.target.value)} data-testid="step-instruction" />
      <label htmlFor={`${id}-minutes`}>{t.fieldMinutes}</label>
      <input id={`${id}-minutes`} type="number" inputMode="numeric" min={0} max={MAX_TIMER_MINUTES} step={1} value={minutes} onChange={(e) => setMinutes(e.target.value)} data-testid="step-minutes" />
      <label htmlFor={`${id}-frame`}>{t.fieldFrame}</label>
      <select id={`${id}-frame`} value={frame} onChange={(e) => setFrame(e.target.value)} data-testid="step-frame">
        <option value="">{t.noFrame}</option>
        {frames.map((f) => (
          <option key={f.value} value={f.value}>
            {f.name}
          </option>
        ))}
      </select>
      {error && (
        <p className="run-sheet-error" role="alert">
          {error}
        </p>
      )}
      <div className="run-sheet-actions">
        <button type="submit" className="run-sheet-button run-sheet-primary" data-testid="step-save">
          {step ? t.save : t.add}
        </button>
        {onCancel && (
          <button type="button" className="run-sheet-button" onClick={onCancel}>
            {t.cancel}
          </button>
        )}
      </div>
    </form>
  )
}

/** The choice showing a step's frame: the same shape, else (a gathering's step, a copied board) the first of its template, as the start finds it. */
export function frameChoiceFor(frames: readonly FrameChoice[], frame: StepFrame): FrameChoice | undefined {
  return frames.find((c) => frame.shapeId !== null && c.frame.shapeId === frame.shapeId) ?? frames.find((c) => frame.template !== null && c.frame.template === frame.template)
}
