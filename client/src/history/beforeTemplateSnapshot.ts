import { createContext, useContext } from 'react'
import type { HistoryRequests } from './HistoryRequests'

/** Keeps the board as it is in the history, right before a template goes in; never rejects. */
export type SnapshotBeforeTemplate = () => Promise<void>

/**
 * How long a template insert waits for its snapshot. The snapshot is a safety net, not a
 * condition: on a slow or broken server the facilitator still gets the template, later
 * (and can undo it with tldraw's undo).
 */
export const BEFORE_TEMPLATE_SNAPSHOT_TIMEOUT_MS = 5000

/** The step where there is no history to keep (other roles, tests of the picker alone). */
export const NO_SNAPSHOT_BEFORE_TEMPLATE: SnapshotBeforeTemplate = () => Promise.resolve()

/** Where the template picker finds the snapshot step; the board page provides it for facilitators. */
export const BeforeTemplateSnapshotContext = createContext<SnapshotBeforeTemplate>(NO_SNAPSHOT_BEFORE_TEMPLATE)

export function useSnapshotBeforeTemplate(): SnapshotBeforeTemplate {
  return useContext(BeforeTemplateSnapshotContext)
}

/** The snapshot step for one board: `POST .../snapshots {kind: 'before-template'}`, awaited so the snapshot cannot include the template. */
export function snapshotBeforeTemplate(requests: HistoryRequests, author: () => string): SnapshotBeforeTemplate {
  return async () => {
    const controller = new AbortController()
    const timer = setTimeout(() => controller.abort(), BEFORE_TEMPLATE_SNAPSHOT_TIMEOUT_MS)
    try {
      const result = await requests.take({ kind: 'before-template', author: author() }, controller.signal)
      if (!result.ok) console.warn(`[history] no snapshot before the template (${result.problem})`)
    } finally {
      clearTimeout(timer)
    }
  }
}
