import { useCallback, useMemo, useSyncExternalStore } from 'react'
import type * as Y from 'yjs'
import { facilitationMap } from '@whiteboard/shared'
import { parseCurrentStep, type CurrentStep } from '@whiteboard/shared/facilitation/currentStep'
import { FacilitationKey } from '@whiteboard/shared/facilitation/facilitationKeys'
import { parseRunSheet, type RunSheet } from '@whiteboard/shared/facilitation/runSheet'

export interface RunSheetState {
  /** The run sheet, or an empty one when the board has none (or it does not validate). */
  sheet: RunSheet
  current: CurrentStep | undefined
}

const NO_STEPS: RunSheet = { steps: [] }

/** The board's run sheet and current step, re-rendering when either changes (and only then). */
export function useRunSheet(doc: Y.Doc): RunSheetState {
  const subscribe = useCallback(
    (onChange: () => void) => {
      const map = facilitationMap(doc)
      const handler = (event: Y.YMapEvent<unknown>) => {
        if (event.keysChanged.has(FacilitationKey.RUN_SHEET) || event.keysChanged.has(FacilitationKey.RUN_STEP)) onChange()
      }
      map.observe(handler)
      return () => map.unobserve(handler)
    },
    [doc],
  )
  // The raw values are stable between changes, so they can be the snapshots; they are parsed once per change below.
  const rawSheet = useSyncExternalStore(subscribe, () => facilitationMap(doc).get(FacilitationKey.RUN_SHEET))
  const rawCurrent = useSyncExternalStore(subscribe, () => facilitationMap(doc).get(FacilitationKey.RUN_STEP))
  return useMemo(() => ({ sheet: parseRunSheet(rawSheet) ?? NO_STEPS, current: parseCurrentStep(rawCurrent) }), [rawSheet, rawCurrent])
}
