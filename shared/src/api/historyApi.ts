import { z } from 'zod'
import { MAX_DISPLAY_NAME_LENGTH } from '../protocol/limits'

/**
 * Board history: snapshots of a board's whole Y.Doc state, listed, previewed and restored by
 * facilitators. Routes (facilitator token in `Authorization: Bearer` or `?token=`; other roles 403):
 *
 * - `GET    /api/boards/:id/snapshots`              → `SnapshotListResponse`
 * - `POST   /api/boards/:id/snapshots`              `TakeSnapshotBody` → `201 SnapshotSummary`
 * - `GET    /api/boards/:id/snapshots/:sid`         → `SnapshotRecordsResponse` (JSON, for previews and
 *                                                      the read-only view); with `?format=yjs` the Yjs
 *                                                      state itself (`application/octet-stream`)
 * - `POST   /api/boards/:id/snapshots/:sid/restore` `RestoreSnapshotBody` → `RestoreResponse`
 * - `DELETE /api/boards/:id/snapshots/:sid`         → `204`
 */

/**
 * Why a snapshot was taken.
 * - `auto-activity`: the board changed, and the snapshot interval passed.
 * - `auto-idle`: the last person left a board that changed since the previous snapshot.
 * - `before-template`: a facilitator was about to insert a template.
 * - `before-restore`: the state a restore replaced; restoring it undoes the restore.
 * - `before-reveal`: the board as it was before a facilitator revealed everyone's private items.
 * - `manual`: taken by a facilitator, usually with a name.
 */
export const SNAPSHOT_KINDS = ['auto-activity', 'auto-idle', 'before-template', 'before-restore', 'before-reveal', 'manual'] as const
export type SnapshotKind = (typeof SNAPSHOT_KINDS)[number]

export function isSnapshotKind(value: unknown): value is SnapshotKind {
  return typeof value === 'string' && (SNAPSHOT_KINDS as readonly string[]).includes(value)
}

/** Kinds a client may ask for; the automatic ones, `before-restore` and `before-reveal` are the server's to take. */
export const REQUESTABLE_SNAPSHOT_KINDS = ['manual', 'before-template'] as const

/** Longest snapshot name. It is a label in a list ("Før avstemning"), not a description. */
export const MAX_SNAPSHOT_NAME_LENGTH = 100

/** Snapshot ids are UUIDs made by the storage; anything else is refused before a lookup. */
export const SNAPSHOT_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** The author is the facilitator's display name, as shown in presence (same limit). */
const Author = z.string().trim().max(MAX_DISPLAY_NAME_LENGTH)

/** `POST /api/boards/:id/snapshots` body. Unknown keys are refused so typos surface as 400s. */
export const TakeSnapshotBody = z
  .object({
    name: z.string().trim().max(MAX_SNAPSHOT_NAME_LENGTH).optional(),
    author: Author.optional(),
    kind: z.enum(REQUESTABLE_SNAPSHOT_KINDS).optional(),
  })
  .strict()
export type TakeSnapshotBody = z.infer<typeof TakeSnapshotBody>

/** `POST /api/boards/:id/snapshots/:sid/restore` body. */
export const RestoreSnapshotBody = z.object({ author: Author.optional() }).strict()
export type RestoreSnapshotBody = z.infer<typeof RestoreSnapshotBody>

/** One snapshot in the list. */
export interface SnapshotSummary {
  id: string
  /** Milliseconds since the epoch. */
  takenAt: number
  /** Display name of the facilitator who took it; empty for automatic ones. */
  author: string
  kind: SnapshotKind
  /** Empty unless given (manual snapshots). */
  name: string
  /** Size of the stored state. */
  bytes: number
}

/** What a board's history costs on disk. */
export interface HistoryStorageCost {
  /** All snapshots of the board together. */
  snapshotBytes: number
  /** The live board: its compacted state plus the update log. */
  boardBytes: number
  totalBytes: number
}

/** How long snapshots are kept (server config SNAPSHOT_RETENTION). */
export interface SnapshotRetention {
  /** The newest this many of `auto-activity`, `auto-idle` and `before-template` are kept. */
  autoKeep: number
  /** `manual` and `before-restore` snapshots are kept this many days; 0 means for good. */
  keptDays: number
}

/** `GET /api/boards/:id/snapshots`: newest first. */
export interface SnapshotListResponse {
  snapshots: SnapshotSummary[]
  storage: HistoryStorageCost
  retention: SnapshotRetention
}

/** `GET /api/boards/:id/snapshots/:sid`: the snapshot's tldraw records and the schema they were written with. */
export interface SnapshotRecordsResponse {
  snapshot: SnapshotSummary
  /** Serialized tldraw schema from the snapshot's `meta` map; null if it had none. */
  schema: unknown
  /** The document records (document, pages, shapes, bindings, assets) as stored. */
  records: unknown[]
}

/** `POST .../restore`: the board now shows `restored`'s content; `before` holds what it showed. */
export interface RestoreResponse {
  restored: SnapshotSummary
  before: SnapshotSummary
  /** Records set or deleted to get there. */
  changedRecords: number
}
