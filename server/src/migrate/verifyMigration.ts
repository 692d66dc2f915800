import { createHash } from 'node:crypto'
import type { Storage } from '../storage/Storage'
import { compareDocs } from './compareDocs'
import { docOfState } from './docOfState'

export interface Verification {
  boards: number
  /** Boards whose doc in Postgres holds exactly what SQLite's holds. */
  identicalBoards: number
  historySnapshots: number
  images: number
  /** People's private-mode docs, each of which Postgres holds whole. */
  privateDocs: number
  gatherings: number
  teams: number
  /** What is missing or different in Postgres: the migration failed. */
  problems: string[]
  /** Differences the cluster made after an earlier run (a renamed board, a board edited further): kept. */
  notes: string[]
}

/** The reads the verification makes, on either side. */
export type VerifiedStorage = Pick<Storage, 'getBoardMeta' | 'listBoards' | 'loadBoard' | 'listSnapshots' | 'getSnapshot' | 'listAssets' | 'getAsset' | 'getGathering' | 'listPrivateDocs' | 'loadPrivateDoc'>

export interface VerifyInput {
  source: VerifiedStorage
  target: VerifiedStorage
  boardIds: readonly string[]
  gatheringIds: readonly string[]
  /** Boards and gatherings this run created in Postgres: every field must equal SQLite's. */
  createdNow: ReadonlySet<string>
}

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex')

/**
 * Checks, through the Storage interface the servers use, that Postgres holds everything of
 * SQLite: every board with its metadata (and, when copied now, its last use and last change) and a doc holding the same content (compared as Yjs
 * docs), every history snapshot with its label, author, kind, time and bytes (SHA-256), every
 * image with its type and bytes (SHA-256), every person's private-mode doc (compared as Yjs docs),
 * every gathering with its teams in order.
 *
 * Titles, names and settings of what an earlier run created may have been changed on the
 * cluster since; those differences are notes, not problems.
 */
export async function verifyMigration(input: VerifyInput): Promise<Verification> {
  const { source, target, createdNow } = input
  const result: Verification = { boards: 0, identicalBoards: 0, historySnapshots: 0, images: 0, privateDocs: 0, gatherings: 0, teams: 0, problems: [], notes: [] }
  const changed = (id: string, what: string) => (createdNow.has(id) ? result.problems : result.notes).push(what)
  const times = async (storage: VerifiedStorage) => new Map((await storage.listBoards()).map((b) => [b.id, b]))
  const [sourceTimes, targetTimes] = await Promise.all([times(source), times(target)])

  for (const boardId of input.boardIds) {
    const [sourceMeta, targetMeta] = await Promise.all([source.getBoardMeta(boardId), target.getBoardMeta(boardId)])
    if (!sourceMeta) continue
    result.boards++
    if (!targetMeta) {
      result.problems.push(`board ${boardId} is missing in Postgres`)
      continue
    }
    if (targetMeta.createdAt !== sourceMeta.createdAt || targetMeta.lang !== sourceMeta.lang || JSON.stringify(targetMeta.templates) !== JSON.stringify(sourceMeta.templates)) {
      result.problems.push(`board ${boardId}: its creation time, language or templates differ in Postgres`)
    }
    if (targetMeta.title !== sourceMeta.title) changed(boardId, `board ${boardId}: its title differs in Postgres (kept as the cluster has it)`)
    // Board retention counts from the last use: a board copied now must keep its own, or it would be deleted early or late.
    if (createdNow.has(boardId) && targetTimes.get(boardId)?.lastUsedAt !== sourceTimes.get(boardId)?.lastUsedAt) result.problems.push(`board ${boardId}: its last use differs in Postgres`)
    // Its last change comes along too; once the cluster edits the board, it moves on there.
    if (createdNow.has(boardId) && targetTimes.get(boardId)?.lastChangedAt !== sourceTimes.get(boardId)?.lastChangedAt) result.problems.push(`board ${boardId}: its last change differs in Postgres`)

    const [sourceState, targetState] = await Promise.all([source.loadBoard(boardId), target.loadBoard(boardId)])
    const sourceDoc = docOfState(sourceState!)
    const targetDoc = docOfState(targetState!)
    const comparison = compareDocs(targetDoc, sourceDoc)
    sourceDoc.destroy()
    targetDoc.destroy()
    if (comparison === 'identical') result.identicalBoards++
    else if (comparison === 'lacks') result.problems.push(`board ${boardId}: its content in Postgres lacks changes that SQLite holds`)
    else changed(boardId, `board ${boardId}: Postgres holds later changes besides everything from SQLite`)

    for (const info of await source.listSnapshots(boardId)) {
      result.historySnapshots++
      const [fromSource, fromTarget] = await Promise.all([source.getSnapshot(boardId, info.id), target.getSnapshot(boardId, info.id)])
      if (!fromTarget) result.problems.push(`board ${boardId}: history snapshot ${info.id} is missing in Postgres`)
      else if (JSON.stringify(fromTarget.info) !== JSON.stringify(info) || sha256(fromTarget.data) !== sha256(fromSource!.data)) {
        result.problems.push(`board ${boardId}: history snapshot ${info.id} differs in Postgres`)
      }
    }
    for (const { id } of await source.listAssets(boardId)) {
      result.images++
      const [fromSource, fromTarget] = await Promise.all([source.getAsset(boardId, id), target.getAsset(boardId, id)])
      if (!fromTarget) result.problems.push(`board ${boardId}: image ${id} is missing in Postgres`)
      else if (fromTarget.contentType !== fromSource!.contentType || sha256(fromTarget.data) !== sha256(fromSource!.data)) {
        result.problems.push(`board ${boardId}: image ${id} differs in Postgres`)
      }
    }
    // A person may have added to their private items on the cluster since: lacking is the only problem.
    for (const personId of await source.listPrivateDocs(boardId)) {
      result.privateDocs++
      const [own, copied] = await Promise.all([source.loadPrivateDoc(boardId, personId), target.loadPrivateDoc(boardId, personId)])
      const ownDoc = docOfState(own!)
      const copiedDoc = docOfState(copied!)
      if (compareDocs(copiedDoc, ownDoc) === 'lacks') result.problems.push(`board ${boardId}: a person's private items in Postgres lack some that SQLite holds`)
      ownDoc.destroy()
      copiedDoc.destroy()
    }
  }

  for (const gatheringId of input.gatheringIds) {
    const [fromSource, fromTarget] = await Promise.all([source.getGathering(gatheringId), target.getGathering(gatheringId)])
    if (!fromSource) continue
    result.gatherings++
    result.teams += fromSource.teams.length
    if (!fromTarget) {
      result.problems.push(`gathering ${gatheringId} is missing in Postgres`)
      continue
    }
    if (fromTarget.createdAt !== fromSource.createdAt || fromTarget.lang !== fromSource.lang) {
      result.problems.push(`gathering ${gatheringId}: its creation time or language differs in Postgres`)
    }
    const settings = (g: typeof fromSource) => JSON.stringify([g.title, g.date, g.allowPeek, g.archived])
    if (settings(fromTarget) !== settings(fromSource)) changed(gatheringId, `gathering ${gatheringId}: its title, date or settings differ in Postgres (kept as the cluster has them)`)
    const targetTeams = new Map(fromTarget.teams.map((t, position) => [t.boardId, { ...t, position }]))
    let lastPosition = -1
    for (const team of fromSource.teams) {
      const there = targetTeams.get(team.boardId)
      if (!there) {
        result.problems.push(`gathering ${gatheringId}: team board ${team.boardId} is missing in Postgres`)
        continue
      }
      if (there.position < lastPosition) result.problems.push(`gathering ${gatheringId}: the teams are in another order in Postgres`)
      lastPosition = there.position
      if (there.name !== team.name || there.archived !== team.archived) changed(gatheringId, `gathering ${gatheringId}: team ${team.boardId} has another name or state in Postgres (kept as the cluster has it)`)
    }
  }
  return result
}
