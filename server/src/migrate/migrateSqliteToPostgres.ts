import { copyBoard, type BoardCopy } from './copyBoard'
import { copyGathering, type GatheringCopy } from './copyGathering'
import { copyTeamTemplates, type TeamTemplatesCopy } from './copyTeamTemplates'
import { PostgresTarget } from './PostgresTarget'
import { SqliteSource } from './SqliteSource'
import { verifyMigration, type Verification } from './verifyMigration'

export interface MigrationReport {
  dataDir: string
  boards: BoardCopy[]
  gatherings: GatheringCopy[]
  teamTemplates: TeamTemplatesCopy
  verification: Verification
}

/**
 * Copies every board (content, history, images), every gathering and every team template of a single server's
 * DATA_DIR into the cluster's Postgres, then verifies that Postgres holds all of it. Safe to run
 * again: what is there already is neither duplicated nor overwritten (copyBoard.ts).
 * `onProgress` hears one line per board or gathering copied.
 */
export async function migrateSqliteToPostgres(opts: { dataDir: string; databaseUrl: string; onProgress?: (line: string) => void }): Promise<MigrationReport> {
  const source = SqliteSource.open(opts.dataDir)
  let target: PostgresTarget
  try {
    target = await PostgresTarget.open(opts.databaseUrl)
  } catch (err) {
    await source.close()
    throw err
  }
  try {
    const boardIds = source.boardIds()
    const gatheringIds = source.gatheringIds()
    const boards: BoardCopy[] = []
    for (const [i, boardId] of boardIds.entries()) {
      const copy = await copyBoard(source, target, boardId)
      if (!copy) continue
      boards.push(copy)
      opts.onProgress?.(`board ${i + 1}/${boardIds.length} ${boardId}: ${copy.content}`)
    }
    const gatherings: GatheringCopy[] = []
    for (const gatheringId of gatheringIds) {
      const copy = await copyGathering(source, target, gatheringId)
      if (copy) gatherings.push(copy)
    }
    const teamTemplates = await copyTeamTemplates(source.storage, target.storage)
    const createdNow = new Set([...boards.filter((b) => b.content === 'copied').map((b) => b.boardId), ...gatherings.filter((g) => g.copied).map((g) => g.gatheringId)])
    const verification = await verifyMigration({ source: source.storage, target: target.storage, boardIds, gatheringIds, createdNow })
    verification.problems.push(...teamTemplates.problems)
    return { dataDir: source.dataDir, boards, gatherings, teamTemplates, verification }
  } finally {
    await Promise.allSettled([source.close(), target.close()])
  }
}
