import type { BoardListing } from './Storage'

/** A row of the board listing query, which SQLite and Postgres name alike. */
export interface BoardListingRow {
  id: string
  title: string
  created_at: number
  last_used_at: number
  last_changed_at: number
  state_bytes: number
  history_bytes: number
  asset_bytes: number
  gathering_id: string | null
}

export function boardListingOf(r: BoardListingRow): BoardListing {
  return {
    id: r.id,
    title: r.title,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    lastChangedAt: r.last_changed_at,
    stateBytes: r.state_bytes,
    historyBytes: r.history_bytes,
    assetBytes: r.asset_bytes,
    gatheringId: r.gathering_id,
  }
}
