import type * as Y from 'yjs'
import { facilitationMap } from '@whiteboard/shared'
import { parseCurrentStep } from '@whiteboard/shared/facilitation/currentStep'
import { FacilitationKey } from '@whiteboard/shared/facilitation/facilitationKeys'
import { parseRunSheet, type RunSheet } from '@whiteboard/shared/facilitation/runSheet'
import { startStep } from '@whiteboard/shared/facilitation/startStep'
import { parseSummonRequest } from '@whiteboard/shared/facilitation/summonRequest'
import type { GatheringRunSheetResponse, RunSheetFrameChoice } from '@whiteboard/shared/api/gatheringRunSheetApi'
import { readTemplateMeta } from '@whiteboard/shared/templates/templateMeta'
import { jsonEqual } from '../sync/jsonEqual'
import { latestRecords } from './latestRecords'
import { OVERVIEW_SUMMONER } from './summonToContentChange'

/**
 * The doc changes of a gathering's run sheet, applied to each team board as a server change
 * (fanOutChange.ts), in the layout the board's own run sheet uses, so a team's facilitator and
 * participants see and follow it like their own.
 */

/** The gathering's run sheet becomes the board's. */
export function writeRunSheetChange(sheet: RunSheet): (doc: Y.Doc) => void {
  return (doc) => {
    const state = facilitationMap(doc)
    if (!jsonEqual(state.get(FacilitationKey.RUN_SHEET), sheet)) state.set(FacilitationKey.RUN_SHEET, sheet)
  }
}

/**
 * "Start step" on one team board: the gathering's run sheet (written again if the board's
 * differs, e.g. a team added after it was written), the step current, its timer running from
 * `now` and everyone on the board brought to the board's own frame of the step's template.
 * Throws when the sheet has no such step, so the board is reported as not reached.
 */
export function startStepChange(sheet: RunSheet, stepId: string, now: number): (doc: Y.Doc) => void {
  return (doc) => {
    const state = facilitationMap(doc)
    const previous = { current: parseCurrentStep(state.get(FacilitationKey.RUN_STEP)), summon: parseSummonRequest(state.get(FacilitationKey.SUMMON)) }
    const start = startStep(sheet, stepId, previous, latestRecords(doc).values(), now, OVERVIEW_SUMMONER)
    if (!start) throw new Error('the run sheet has no such step')
    doc.transact(() => {
      if (!jsonEqual(state.get(FacilitationKey.RUN_SHEET), sheet)) state.set(FacilitationKey.RUN_SHEET, sheet)
      state.set(FacilitationKey.RUN_STEP, start.current)
      if (start.timer) state.set(FacilitationKey.TIMER, start.timer)
      if (start.summon) state.set(FacilitationKey.SUMMON, start.summon)
    })
  }
}

/** What one board holds of a run sheet: its sheet and current step, and the template frames on it. */
export function readRunSheetState(doc: Y.Doc): GatheringRunSheetResponse & { hasSheet: boolean } {
  const state = facilitationMap(doc)
  const sheet = parseRunSheet(state.get(FacilitationKey.RUN_SHEET))
  const frames: RunSheetFrameChoice[] = []
  // A Set rather than searching `frames`: a board may hold tens of thousands of frames, and this runs for every team board.
  const seen = new Set<string>()
  for (const record of latestRecords(doc).values()) {
    if (record === null || typeof record !== 'object') continue
    const r = record as { typeName?: unknown; type?: unknown; meta?: unknown; props?: { name?: unknown } }
    if (r.typeName !== 'shape' || r.type !== 'frame') continue
    const meta = readTemplateMeta(r.meta)
    if (meta?.role !== 'frame' || seen.has(meta.template)) continue
    seen.add(meta.template)
    frames.push({ template: meta.template, name: typeof r.props?.name === 'string' ? r.props.name : meta.template })
  }
  return { sheet: sheet ?? { steps: [] }, current: parseCurrentStep(state.get(FacilitationKey.RUN_STEP)) ?? null, frames, hasSheet: sheet !== undefined }
}
