import type { NoteRow } from '../api/notesExportApi'
import { voteTotals } from '../facilitation/voteCount'
import { canBeVotedOn } from '../facilitation/voteEligibility'
import type { VotingRound } from '../facilitation/votingRound'
import { noteCells } from './noteCells'

/**
 * The rows of the notes export: every note with its cell (noteCells) and its dots. The dots are
 * those of the board's voting round when its totals are shown to people (revealed, or a live
 * round): a hidden round's totals stay hidden until the facilitator reveals them, in the export
 * as on the board. Without such a round, `votes` is null.
 */
export function noteRows(records: Iterable<unknown>, votes: ReadonlyMap<string, unknown>, round: VotingRound | undefined): NoteRow[] {
  const all = [...records]
  const { notes } = noteCells(all)
  // Dots count only where the board counts them: a crafted vote on a prompt or a heading is no vote.
  const eligible = new Set(all.filter((r) => canBeVotedOn(asShape(r))).map((r) => (r as { id: string }).id))
  const totals = round && votesShown(round) ? voteTotals(votes, round, (id) => eligible.has(id)) : undefined
  return notes.map((n) => ({
    frame: n.frame,
    template: n.template,
    row: n.row,
    column: n.column,
    text: n.text,
    color: n.color,
    votes: totals ? (totals.get(n.id) ?? 0) : null,
    x: n.x,
    y: n.y,
  }))
}

function asShape(record: unknown): { type: string; meta: unknown; props: unknown } | undefined {
  if (typeof record !== 'object' || record === null) return undefined
  const r = record as { typeName?: unknown; type?: unknown; id?: unknown }
  return r.typeName === 'shape' && typeof r.type === 'string' && typeof r.id === 'string' ? (record as { type: string; meta: unknown; props: unknown }) : undefined
}

/** Whether a round's totals are shown to people, and so exported: after the reveal, or all along in a live round. */
export function votesShown(round: VotingRound): boolean {
  return round.status === 'revealed' || round.visibility === 'live'
}
