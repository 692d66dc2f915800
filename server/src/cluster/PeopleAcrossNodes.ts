import { MAX_DISPLAY_NAME_LENGTH } from '@whiteboard/shared'
import type { PersonOnBoard } from '@whiteboard/shared/api/gatheringsApi'
import { addPerson, peopleOn } from '../gatherings/countPeople'
import { clusterKeys } from './clusterKeys'
import type { RedisLink } from './RedisLink'

/**
 * How often a node reports who is on each board it holds, and how long a report counts. A
 * gathering's overview asks every few seconds; a person who joined on another node shows
 * within this, and a dead node's report is ignored after PEOPLE_REPORT_TTL_MS.
 */
export const PEOPLE_REPORT_MS = 2_000
export const PEOPLE_REPORT_TTL_MS = 6_000

/** People user ids a report may carry: a board holds at most its connection cap of people. */
const MAX_REPORTED_PEOPLE = 1_000

/** A loaded board as the report reads it (Room). */
export interface ActivityRoom {
  readonly boardId: string
  readonly presence: { statesByConnection(): Iterable<unknown[]> }
}

/** Who is on a board on other nodes (its last change is the store's: Storage.lastChangesByPeople). */
export interface ActivityElsewhere {
  /** By user id, as countPeople.ts's peopleOn. */
  people: Map<string, PersonOnBoard>
}

/** One person in a report: user id, name, looking on. A bare id is a report of an older node, which sent ids only. */
type ReportedPerson = [id: string, name: string, looking: boolean]

interface Report {
  at: number
  people: ReportedPerson[]
}

/**
 * Who is on each board across the nodes, for the gathering overview: its status answer counts
 * the people on each team board, and the node answering may not hold the board (or holds only
 * its own people's connections). Each node writes, for each board it holds, a field of its own
 * in the board's hash in Redis (the people on it here), refreshed every
 * PEOPLE_REPORT_MS; the answering node unites the other nodes' fresh reports with its own rooms.
 * While Redis is down the overview counts this node's people only.
 */
export class PeopleAcrossNodes {
  private readonly rooms = new Map<string, ActivityRoom>()
  private timer: NodeJS.Timeout | null = null

  constructor(
    private readonly link: RedisLink,
    private readonly nodeId: string,
  ) {}

  start(everyMs = PEOPLE_REPORT_MS): void {
    this.timer = setInterval(() => this.report(), everyMs)
    this.timer.unref()
  }

  track(room: ActivityRoom): void {
    this.rooms.set(room.boardId, room)
  }

  untrack(boardId: string): void {
    if (!this.rooms.delete(boardId) || !this.link.up) return
    this.link.commands.hdel(clusterKeys.people(boardId), this.nodeId).catch(() => undefined)
  }

  /** The other nodes' fresh reports of these boards; empty when Redis cannot answer. */
  async elsewhere(boardIds: readonly string[]): Promise<Map<string, ActivityElsewhere>> {
    const found = new Map<string, ActivityElsewhere>()
    if (boardIds.length === 0 || !this.link.up) return found
    let answers: [Error | null, unknown][] | null
    try {
      const pipeline = this.link.commands.pipeline()
      for (const boardId of boardIds) pipeline.hgetall(clusterKeys.people(boardId))
      answers = await pipeline.exec()
    } catch {
      return found
    }
    const freshFrom = Date.now() - PEOPLE_REPORT_TTL_MS
    boardIds.forEach((boardId, i) => {
      const fields = answers?.[i]?.[1]
      if (!fields || typeof fields !== 'object') return
      const activity: ActivityElsewhere = { people: new Map() }
      for (const [node, text] of Object.entries(fields as Record<string, string>)) {
        if (node === this.nodeId) continue
        const report = readReport(text)
        if (!report || report.at < freshFrom) continue
        for (const [id, name, looking] of report.people) addPerson(activity.people, id, { name, looking })
      }
      found.set(boardId, activity)
    })
    return found
  }

  close(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
  }

  private report(): void {
    if (!this.link.up || this.rooms.size === 0) return
    const pipeline = this.link.commands.pipeline()
    const at = Date.now()
    for (const [boardId, room] of this.rooms) {
      const people = [...peopleOn(room.presence.statesByConnection())].slice(0, MAX_REPORTED_PEOPLE).map(([id, p]): ReportedPerson => [id, p.name, p.looking])
      const report: Report = { at, people }
      pipeline.hset(clusterKeys.people(boardId), this.nodeId, JSON.stringify(report))
      pipeline.pexpire(clusterKeys.people(boardId), PEOPLE_REPORT_TTL_MS)
    }
    pipeline.exec().catch(() => undefined)
  }
}

/** A report as another node wrote it; null when it is not one (Redis is input like any other). */
function readReport(text: string): Report | null {
  try {
    const value = JSON.parse(text) as { at?: unknown; people?: unknown }
    if (typeof value.at !== 'number' || !Array.isArray(value.people) || value.people.length > MAX_REPORTED_PEOPLE) return null
    const people = (value.people as unknown[]).map(reportedPerson).filter((p): p is ReportedPerson => p !== null)
    return { at: value.at, people }
  } catch {
    return null
  }
}

function reportedPerson(entry: unknown): ReportedPerson | null {
  if (typeof entry === 'string') return [entry, '', false]
  if (!Array.isArray(entry)) return null
  const [id, name, looking] = entry as unknown[]
  if (typeof id !== 'string' || typeof name !== 'string' || typeof looking !== 'boolean') return null
  return [id, name.slice(0, MAX_DISPLAY_NAME_LENGTH), looking]
}
