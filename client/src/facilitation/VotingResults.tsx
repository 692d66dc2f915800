import { useState } from 'react'
import type { FacilitationTexts } from './facilitationTexts'
import { resultsAsText, type RankedResult } from './voting'
import { copyText } from '../home/copyText'

interface VotingResultsProps {
  /** The revealed round; a new reveal opens the list again. */
  roundId: string
  ranked: readonly RankedResult[]
  t: FacilitationTexts
  announce: (message: string) => void
}

/**
 * The ranked list after the reveal, for everyone, with a button that copies it as plain text.
 * Anyone can close it, as it covers part of the board, and open it again from a small button.
 */
export function VotingResults({ roundId, ranked, t, announce }: VotingResultsProps) {
  const tv = t.voting
  const [closedRound, setClosedRound] = useState<string | undefined>()
  if (closedRound === roundId) {
    return (
      <button type="button" className="fac-button fac-results-show" data-testid="voting-results-show" onClick={() => setClosedRound(undefined)}>
        {tv.showResults}
      </button>
    )
  }
  const copy = async () => {
    const ok = await copyText(resultsAsText(ranked, tv.heading, tv.untitledNote, tv.votes))
    announce(ok ? tv.copied : tv.copyFailed)
  }
  return (
    <section className="fac-results" aria-label={tv.results}>
      <h2>{tv.results}</h2>
      {ranked.length === 0 ? (
        <p data-testid="voting-results">{tv.noVotes}</p>
      ) : (
        <ol data-testid="voting-results">
          {ranked.map((r) => (
            <li key={r.noteId} data-note-id={r.noteId} data-votes={r.votes} data-rank={r.rank}>
              <span className="fac-results-rank">{r.rank}.</span> <span className="fac-results-text">{r.text.replace(/\s+/g, ' ').trim() || tv.untitledNote}</span>{' '}
              <span className="fac-results-votes">{tv.votes(r.votes)}</span>
            </li>
          ))}
        </ol>
      )}
      <div className="fac-group">
        <button type="button" className="fac-button" data-testid="voting-copy" onClick={() => void copy()}>
          {tv.copy}
        </button>
        <button type="button" className="fac-button" data-testid="voting-results-close" onClick={() => setClosedRound(roundId)}>
          {tv.closeResults}
        </button>
      </div>
    </section>
  )
}
