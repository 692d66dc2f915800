import { describe, expect, it } from 'vitest'
import { parseCurrentStep } from './currentStep'
import { MAX_RUN_SHEET_STEPS, MAX_STEP_INSTRUCTION_LENGTH, MAX_STEP_TITLE_LENGTH, MAX_TIMER_MINUTES } from './facilitationLimits'
import { parseRunSheet, type RunStep } from './runSheet'
import { currentRunStep, startStep, stepAfter } from './startStep'
import { stepFrameView } from './stepFrameView'

const step = (id: string, over: Partial<RunStep> = {}): RunStep => ({ id, title: `Step ${id}`, instruction: 'Write notes', minutes: 5, frame: null, ...over })

const page = { typeName: 'page', id: 'page:p', index: 'a1' }
const frameShape = (id: string, template: string | undefined, x: number, index: string, parentId = 'page:p') => ({
  typeName: 'shape',
  type: 'frame',
  id,
  parentId,
  x,
  y: 20,
  index,
  props: { w: 800, h: 600 },
  meta: template ? { template, role: 'frame', scaffolding: true } : {},
})

describe('the run sheet read from the doc', () => {
  it('accepts steps within the limits and refuses oversized or malformed ones', () => {
    expect(parseRunSheet({ steps: [step('a'), step('b', { frame: { shapeId: 'shape:f', template: null } })] })).toBeDefined()
    expect(parseRunSheet({ steps: [] })).toEqual({ steps: [] })
    expect(parseRunSheet({ steps: Array.from({ length: MAX_RUN_SHEET_STEPS + 1 }, (_, i) => step(`s${i}`)) })).toBeUndefined()
    expect(parseRunSheet({ steps: [step('a', { title: 'x'.repeat(MAX_STEP_TITLE_LENGTH + 1) })] })).toBeUndefined()
    expect(parseRunSheet({ steps: [step('a', { title: '' })] })).toBeUndefined()
    expect(parseRunSheet({ steps: [step('a', { instruction: 'x'.repeat(MAX_STEP_INSTRUCTION_LENGTH + 1) })] })).toBeUndefined()
    expect(parseRunSheet({ steps: [step('a', { minutes: MAX_TIMER_MINUTES + 1 })] })).toBeUndefined()
    expect(parseRunSheet({ steps: [step('a', { minutes: 1.5 })] })).toBeUndefined()
    expect(parseRunSheet({ steps: [step('a', { frame: { shapeId: null, template: null } })] })).toBeUndefined()
    expect(parseRunSheet({ steps: [step('a'), step('a')] })).toBeUndefined()
    expect(parseRunSheet({ steps: [{ ...step('a'), colour: 'red' }] })).toBeUndefined()
    expect(parseCurrentStep({ seq: 1, stepId: 'a', startedAt: 5 })).toBeDefined()
    expect(parseCurrentStep({ seq: 1, stepId: '', startedAt: 5 })).toBeUndefined()
  })
})

describe('starting a step', () => {
  const sheet = { steps: [step('a', { frame: { shapeId: 'shape:mine', template: 'journey' } }), step('b', { minutes: 0 }), step('c')] }

  it('makes the step current, runs its timer on the given clock and summons everyone to its frame', () => {
    const records = [page, frameShape('shape:mine', 'journey', 100, 'a2')]
    const start = startStep(sheet, 'a', { current: { seq: 4, stepId: 'c', startedAt: 1 }, summon: { seq: 9, by: 'x', pageId: 'page:p', bounds: { x: 0, y: 0, w: 1, h: 1 } } }, records, 1_000, 'me')
    expect(start).toEqual({
      current: { seq: 5, stepId: 'a', startedAt: 1_000 },
      timer: { status: 'running', durationMs: 300_000, endsAt: 301_000 },
      summon: { seq: 10, by: 'me', pageId: 'page:p', bounds: { x: 100, y: 20, w: 800, h: 600 } },
    })
  })

  it('leaves the timer alone for a step of no minutes, moves nobody without a frame, and refuses an unknown step', () => {
    const start = startStep(sheet, 'b', { current: undefined, summon: undefined }, [page], 0, 'me')
    expect(start).toEqual({ current: { seq: 1, stepId: 'b', startedAt: 0 } })
    expect(startStep(sheet, 'zz', { current: undefined, summon: undefined }, [page], 0, 'me')).toBeUndefined()
  })

  it('goes on to the next step, from the first, and stops after the last', () => {
    expect(stepAfter(sheet, undefined)?.id).toBe('a')
    expect(stepAfter(sheet, { seq: 1, stepId: 'a', startedAt: 0 })?.id).toBe('b')
    expect(stepAfter(sheet, { seq: 1, stepId: 'c', startedAt: 0 })).toBeUndefined()
    expect(currentRunStep(sheet, { seq: 1, stepId: 'b', startedAt: 0 })?.minutes).toBe(0)
    expect(currentRunStep(sheet, { seq: 1, stepId: 'gone', startedAt: 0 })).toBeUndefined()
  })
})

describe("a step's frame on a board", () => {
  it('finds the frame by its id, else the first frame of the same template in page order, in page coordinates', () => {
    const group = { typeName: 'shape', type: 'group', id: 'shape:g', parentId: 'page:p', x: 1000, y: 1000, index: 'a1', props: {} }
    const records = [page, frameShape('shape:late', 'journey', 5000, 'a9'), frameShape('shape:nested', 'journey', 10, 'a1', 'shape:g'), group, frameShape('shape:other', 'matrix', 0, 'a3')]
    expect(stepFrameView(records, { shapeId: 'shape:elsewhere', template: 'journey' })).toEqual({ shapeId: 'shape:nested', pageId: 'page:p', bounds: { x: 1010, y: 1020, w: 800, h: 600 } })
    expect(stepFrameView(records, { shapeId: 'shape:late', template: 'journey' })?.shapeId).toBe('shape:late')
    expect(stepFrameView(records, { shapeId: null, template: 'matrix' })?.bounds.x).toBe(0)
    expect(stepFrameView(records, { shapeId: 'shape:elsewhere', template: null })).toBeUndefined()
    expect(stepFrameView(records, { shapeId: null, template: 'persona' })).toBeUndefined()
  })

  it('ignores a parent cycle and frames without a size', () => {
    const a = { ...frameShape('shape:a', 'journey', 0, 'a1', 'shape:b') }
    const b = { ...frameShape('shape:b', 'journey', 0, 'a1', 'shape:a') }
    const sizeless = { ...frameShape('shape:c', 'journey', 0, 'a1'), props: {} }
    expect(stepFrameView([page, a, b, sizeless], { shapeId: null, template: 'journey' })).toBeUndefined()
  })
})
