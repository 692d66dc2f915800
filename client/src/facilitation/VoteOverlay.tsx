import { useValue, type Editor, type TLShape, type TLShapeId } from 'tldraw'
import type { VotingRound } from '@whiteboard/shared/facilitation/votingRound'
import type { FacilitationTexts } from './facilitationTexts'
import { eligibleNoteIds } from './eligibleNotes'
import { paintsAbove } from '../board/fewShapes'

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

/**
 * A vote badge's size in page units: it grows and shrinks with the note, so at 40 % it no
 * longer covers the note's text. Never below 24 screen pixels (WCAG 2.5.8's smallest target),
 * nor above 34.
 */
const BADGE_PAGE_SIZE = 32
const MIN_BADGE_PX = 24
const MAX_BADGE_PX = 34

/** Shapes that hide what lies under them: a badge of a note under one of these is not drawn over it. */
const COVERING_TYPES: ReadonlySet<string> = new Set(['image', 'video', 'note', 'bookmark'])

/**
 * A vote control on each note of the round, centred on the note's top-right corner, where
 * the note has no text: a button while the round is open (filled when this person's dot is on
 * the note, with the total when totals are live), and a badge with the total after the reveal.
 * A note whose corner lies under an image (or another note) above it gets no badge: the
 * badge would float on the image, cut loose from its note.
 */
export function VoteOverlay({ editor, round, mine, totals, canVote, onVote, t }: VoteOverlayProps) {
  const revealed = round.status === 'revealed'
  const badges = useValue(
    'vote badges',
    () => {
      const ids = revealed ? [...(totals?.keys() ?? [])] : [...eligibleNoteIds(editor, round.frameId)]
      const screen = editor.getViewportScreenBounds()
      const zoom = editor.getZoomLevel()
      const size = Math.min(MAX_BADGE_PX, Math.max(MIN_BADGE_PX, BADGE_PAGE_SIZE * zoom))
      const out: { id: string; left: number; top: number; size: number }[] = []
      for (const id of ids) {
        const shape = editor.getShape(id as TLShapeId)
        if (!shape || editor.getAncestorPageId(shape) !== editor.getCurrentPageId()) continue
        const b = editor.getShapePageBounds(shape)
        if (!b) continue
        const corner = editor.pageToViewport({ x: b.maxX, y: b.minY })
        const left = corner.x - size / 2
        const top = corner.y - size / 2
        // Badges of notes off screen would only catch stray clicks at the edges.
        if (left < -size || top < -size || left > screen.w || top > screen.h) continue
        if (isCovered(editor, shape, { x: b.maxX - 2 / zoom, y: b.minY + 2 / zoom })) continue
        out.push({ id, left, top, size })
      }
      return out
    },
    [editor, round.frameId, revealed, totals],
  )

  return (
    <div className="fac-vote-overlay">
      {badges.map(({ id, left, top, size }) => {
        const own = mine.includes(id)
        const total = totals?.get(id) ?? 0
        const style = { left, top, width: size, height: size, fontSize: Math.round(size * 0.45) }
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

/** Whether a shape drawn above `note` (an image, another note) covers page point `point` of it. */
function isCovered(editor: Editor, note: TLShape, point: { x: number; y: number }): boolean {
  return editor
    .getShapesAtPoint(point, { hitInside: true })
    .some((other) => other.id !== note.id && COVERING_TYPES.has(other.type) && paintsAbove(editor, other, note))
}
