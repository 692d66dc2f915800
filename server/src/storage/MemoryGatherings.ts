import type { GatheringPatch, GatheringRecord, GatheringTeamPatch, NewGathering, NewGatheringTeam } from './GatheringRecord'

/** The gathering half of `MemoryStorage`. Returns copies, so callers never hold its state. */
export class MemoryGatherings {
  private readonly gatherings = new Map<string, GatheringRecord>()
  /** Board id to the gathering listing it: a board is a team of at most one gathering. */
  private readonly byBoard = new Map<string, string>()

  create(gathering: NewGathering): GatheringRecord {
    if (this.gatherings.has(gathering.id)) throw new Error(`gathering ${gathering.id} already exists`)
    const boardIds = gathering.teams.map((t) => t.boardId)
    if (new Set(boardIds).size !== boardIds.length || boardIds.some((id) => this.byBoard.has(id))) throw new Error('a board can be a team of one gathering only')
    const stored: GatheringRecord = {
      id: gathering.id,
      title: gathering.title,
      date: gathering.date,
      lang: gathering.lang,
      allowPeek: gathering.allowPeek,
      archived: false,
      createdAt: Date.now(),
      teams: gathering.teams.map((t) => ({ boardId: t.boardId, name: t.name, archived: false })),
    }
    this.gatherings.set(stored.id, stored)
    for (const id of boardIds) this.byBoard.set(id, stored.id)
    return copy(stored)
  }

  get(gatheringId: string): GatheringRecord | null {
    const found = this.gatherings.get(gatheringId)
    return found ? copy(found) : null
  }

  ofBoard(boardId: string): GatheringRecord | null {
    const gatheringId = this.byBoard.get(boardId)
    return gatheringId === undefined ? null : this.get(gatheringId)
  }

  update(gatheringId: string, patch: GatheringPatch): GatheringRecord | null {
    const found = this.gatherings.get(gatheringId)
    if (!found) return null
    if (patch.title !== undefined) found.title = patch.title
    if (patch.date !== undefined) found.date = patch.date
    if (patch.allowPeek !== undefined) found.allowPeek = patch.allowPeek
    if (patch.archived !== undefined) found.archived = patch.archived
    return copy(found)
  }

  addTeam(gatheringId: string, team: NewGatheringTeam): GatheringRecord | null {
    const found = this.gatherings.get(gatheringId)
    if (!found) return null
    if (this.byBoard.has(team.boardId)) throw new Error('a board can be a team of one gathering only')
    found.teams.push({ boardId: team.boardId, name: team.name, archived: false })
    this.byBoard.set(team.boardId, gatheringId)
    return copy(found)
  }

  updateTeam(gatheringId: string, boardId: string, patch: GatheringTeamPatch): GatheringRecord | null {
    const found = this.gatherings.get(gatheringId)
    const team = found?.teams.find((t) => t.boardId === boardId)
    if (!found || !team) return null
    if (patch.name !== undefined) team.name = patch.name
    if (patch.archived !== undefined) team.archived = patch.archived
    return copy(found)
  }

  removeTeam(gatheringId: string, boardId: string): boolean {
    const found = this.gatherings.get(gatheringId)
    const index = found?.teams.findIndex((t) => t.boardId === boardId) ?? -1
    if (!found || index < 0) return false
    found.teams.splice(index, 1)
    this.byBoard.delete(boardId)
    return true
  }

  forgetBoard(boardId: string): void {
    const gatheringId = this.byBoard.get(boardId)
    if (gatheringId !== undefined) this.removeTeam(gatheringId, boardId)
  }

  delete(gatheringId: string): boolean {
    const found = this.gatherings.get(gatheringId)
    if (!found) return false
    for (const team of found.teams) this.byBoard.delete(team.boardId)
    return this.gatherings.delete(gatheringId)
  }
}

function copy(g: GatheringRecord): GatheringRecord {
  return { ...g, teams: g.teams.map((t) => ({ ...t })) }
}
