import { useState } from 'react'
import { useValue, type Editor } from 'tldraw'
import { MAX_VOTES_PER_PERSON } from '@whiteboard/shared/facilitation/facilitationLimits'
import type { VotingRound, VotingVisibility } from '@whiteboard/shared/facilitation/votingRound'
import type { ServerClock } from './clockOffset'
import { pageFrames } from './eligibleNotes'
import type { FacilitationDoc } from './FacilitationDoc'
import type { FacilitationTexts } from './facilitationTexts'
import { endRound, newVotingRound, revealRound, voterCount } from './voting'

interface VotingControlsProps {
  editor: Editor
  round: VotingRound | undefined
  votes: ReadonlyMap<string, unknown>
  state: FacilitationDoc
  clock: ServerClock
  t: FacilitationTexts
}

const DEFAULT_VOTES_PER_PERSON = 3

/**
 * The facilitator's dot voting: set votes per person, where (all notes or one frame) and
 * whether totals show live, then start; end; reveal. The results themselves are shown by
 * `VotingResults`, to everyone.
 */
export function VotingControls({ editor, round, votes, state, clock, t }: VotingControlsProps) {
  const [expanded, setExpanded] = useState(false)
  const [votesPerPerson, setVotesPerPerson] = useState(String(DEFAULT_VOTES_PER_PERSON))
  const [visibility, setVisibility] = useState<VotingVisibility>('hidden')
  const [frameId, setFrameId] = useState('')
  const frames = useValue('frames', () => pageFrames(editor), [editor])
  const tv = t.voting
  const active = round && round.status !== 'revealed'
  const showSetup = !active && (expanded || round?.status === 'revealed')

  const start = () => {
    const n = Math.round(Number(votesPerPerson))
    const perPerson = Number.isFinite(n) ? Math.min(MAX_VOTES_PER_PERSON, Math.max(1, n)) : DEFAULT_VOTES_PER_PERSON
    const frame = frames.some((f) => f.id === frameId) ? frameId : null
    state.setVoting(newVotingRound({ votesPerPerson: perPerson, frameId: frame, visibility, now: clock.serverNow() }))
    setExpanded(false)
  }

  return (
    <div className="fac-group" role="group" aria-label={tv.title}>
      {!active && !showSetup && (
        <button type="button" className="fac-button" aria-expanded={false} data-testid="voting-open" onClick={() => setExpanded(true)}>
          {tv.title}
        </button>
      )}
      {showSetup && (
        <div className="fac-voting-setup">
          <label>
            <span>{tv.votesPerPerson}</span>
            <input
              type="number"
              min={1}
              max={MAX_VOTES_PER_PERSON}
              value={votesPerPerson}
              onChange={(e) => setVotesPerPerson(e.target.value)}
              data-testid="voting-votes-per-person"
            />
          </label>
          <label>
            <span>{tv.frame}</span>
            <select value={frameId} onChange={(e) => setFrameId(e.target.value)} data-testid="voting-frame">
              <option value="">{tv.allNotes}</option>
              {frames.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.name || tv.untitledFrame}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{tv.visibility}</span>
            <select value={visibility} onChange={(e) => setVisibility(e.target.value === 'live' ? 'live' : 'hidden')} data-testid="voting-visibility">
              <option value="hidden">{tv.hidden}</option>
              <option value="live">{tv.live}</option>
            </select>
          </label>
          <button type="button" className="fac-button fac-primary" data-testid="voting-start" onClick={start}>
            {round?.status === 'revealed' ? tv.newRound : tv.start}
          </button>
          {round?.status === 'revealed' ? (
            <button type="button" className="fac-button" data-testid="voting-clear" onClick={() => state.setVoting(undefined)}>
              {tv.clear}
            </button>
          ) : (
            <button type="button" className="fac-button" onClick={() => setExpanded(false)}>
              {t.templates.cancel}
            </button>
          )}
        </div>
      )}
      {round?.status === 'open' && (
        <>
          <span className="fac-status" data-testid="voting-status">
            {tv.statusOpen(voterCount(votes, round))}
          </span>
          <button type="button" className="fac-button fac-primary" data-testid="voting-end" onClick={() => state.setVoting(endRound(round))}>
            {tv.end}
          </button>
        </>
      )}
      {round?.status === 'closed' && (
        <>
          <span className="fac-status" data-testid="voting-status">
            {tv.statusClosed}
          </span>
          <button type="button" className="fac-button fac-primary" data-testid="voting-reveal" onClick={() => state.setVoting(revealRound(round))}>
            {tv.reveal}
          </button>
        </>
      )}
    </div>
  )
}
