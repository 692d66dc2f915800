import { useValue, type Editor, type TLShapeId } from 'tldraw'
import type { VotingRound } from '@whiteboard/shared/facilitation/votingRound'
import type { FacilitationTexts } from './facilitationTexts'
import { eligibleNoteIds } from './eligibleNotes'

interface VoteOverlayProps {
  editor: Editor
  round: VotingRound
  /** This person's dots in the round. */
  mine: readonly string[]
  /** Dots per note, when this person may see them (live round, or revealed). */
  totals: ReadonlyMap<string, number> | undefined
  /** Whether this person may vote at all (viewers may not). */
  canVote: boolean
  onVote: (noteId: string) => void
  t: FacilitationTexts
}

/** Size of a vote badge in screen pixels, and its distance from the note's top-right corner. */
const BADGE_PX = 30
const BADGE_INSET_PX = 6

/**
 * A vote control on each note of the round, pinned to the note's top-right corner on
 * screen: a button while the round is open (filled when this person's dot is on the note,
 * with the total when totals are live), and a badge with the total after the reveal.
 */
export function VoteOverlay({ editor, round, mine, totals, canVote, onVote, t }: VoteOverlayProps) {
  const revealed = round.status === 'revealed'
  const badges = useValue(
    'vote badges',
    () => {
      const ids = revealed ? [...(totals?.keys() ?? [])] : [...eligibleNoteIds(editor, round.frameId)]
      const screen = editor.getViewportScreenBounds()
      const out: { id: string; left: number; top: number }[] = []
      for (const id of ids) {
        const shape = editor.getShape(id as TLShapeId)
        if (!shape || editor.getAncestorPageId(shape) !== editor.getCurrentPageId()) continue
        const b = editor.getShapePageBounds(shape)
        if (!b) continue
        const corner = editor.pageToViewport({ x: b.maxX, y: b.minY })
        const left = corner.x - BADGE_PX - BADGE_INSET_PX
        const top = corner.y + BADGE_INSET_PX
        // Badges of notes off screen would only catch stray clicks at the edges.
        if (left < -BADGE_PX || top < -BADGE_PX || left > screen.w || top > screen.h) continue
        out.push({ id, left, top })
      }
      return out
    },
    [editor, round.frameId, revealed, totals],
  )

  return (
    <div className="fac-vote-overlay">
      {badges.map(({ id, left, top }) => {
        const own = mine.includes(id)
        const total = totals?.get(id) ?? 0
        const style = { left, top, width: BADGE_PX, height: BADGE_PX }
        if (revealed || round.status === 'closed' || !canVote) {
          if (!totals && !own) return null
          return (
            <span key={id} className={`fac-vote-badge is-result${own ? ' is-mine' : ''}`} style={style} data-testid={`vote-${id}`} data-total={totals ? total : undefined}>
              {totals ? total : '•'}
            </span>
          )
        }
        return (
          <button
            key={id}
            type="button"
            className={`fac-vote-badge${own ? ' is-mine' : ''}`}
            style={style}
            data-testid={`vote-${id}`}
            data-total={totals ? total : undefined}
            aria-pressed={own}
            aria-label={own ? t.voting.unvote : t.voting.voteOn}
            title={own ? t.voting.unvote : t.voting.voteOn}
            onPointerDown={(e) => e.stopPropagation()}
            onClick={() => onVote(id)}
          >
            {totals ? total : own ? '●' : '○'}
          </button>
        )
      })}
    </div>
  )
}
