import type { PostgresTarget } from './PostgresTarget'
import type { SqliteSource } from './SqliteSource'

/** What copying one gathering did. */
export interface GatheringCopy {
  gatheringId: string
  /** Whether the gathering was new in Postgres. */
  copied: boolean
  teamsCopied: number
}

/**
 * Copies one gathering with its teams, keeping its id, creation time and the teams' order. A
 * gathering Postgres has already keeps its title, date and settings (the cluster may have
 * changed them); only teams it does not list yet are added. Runs after the boards are copied.
 */
export async function copyGathering(source: SqliteSource, target: PostgresTarget, gatheringId: string): Promise<GatheringCopy | null> {
  const gathering = source.gathering(gatheringId)
  if (!gathering) return null
  const { inserted, teamsAdded } = await target.insertGathering(gathering)
  return { gatheringId, copied: inserted, teamsCopied: teamsAdded }
}
