import type { BoardLang } from '@whiteboard/shared'

/**
 * A gathering (samling) as storage keeps it: what it is, and which boards are its teams.
 * The boards themselves are ordinary boards (created with `createBoard`, deleted with
 * `deleteBoard`); the gathering only lists them, in the order the facilitator gave.
 */
export interface NewGathering {
  id: string
  title: string
  /** `YYYY-MM-DD`. */
  date: string
  lang: BoardLang
  allowPeek: boolean
  teams: NewGatheringTeam[]
}

export interface NewGatheringTeam {
  boardId: string
  name: string
}

export interface GatheringTeamRecord extends NewGatheringTeam {
  archived: boolean
}

export interface GatheringRecord extends Omit<NewGathering, 'teams'> {
  archived: boolean
  /** Milliseconds since the epoch. */
  createdAt: number
  teams: GatheringTeamRecord[]
}

export interface GatheringPatch {
  title?: string
  date?: string
  allowPeek?: boolean
  archived?: boolean
}

export interface GatheringTeamPatch {
  name?: string
  archived?: boolean
}
