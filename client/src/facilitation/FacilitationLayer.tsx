import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react'
import type * as Y from 'yjs'
import { useEditor, useValue, type TLShapeId } from 'tldraw'
import { canEdit, canFacilitate, type BoardInfoResponse } from '@whiteboard/shared'
import { canBeVotedOn } from '@whiteboard/shared/facilitation/voteEligibility'
import { useNarrowWindow } from '../board/useNarrowWindow'
import { useUiLang } from '../i18n/UiLanguage'
import { castVote } from './castVote'
import { TemplatePicker } from '../templates/TemplatePicker'
import { SaveTemplateButton } from '../templates/SaveTemplateButton'
import { TldrImportButton } from '../tldr/TldrImportButton'
import { FacilitationAnnouncer, type Announcement } from './FacilitationAnnouncer'
import { facilitationTexts } from './facilitationTexts'
import { guardFacilitatorLocks, markFacilitatorLocks } from './facilitatorLocks'
import { FreezeToggle } from './FreezeToggle'
import { LockToggle } from './LockToggle'
import { PresenterFollower, presenterLeader } from './presenter'
import { PresentToggle } from './PresentToggle'
import { guardScaffoldingLocks } from './scaffoldingLock'
import { goToSummon, isNewSummon } from './summon'
import { SummonButton } from './SummonButton'
import { timerRemainingMs } from './timer'
import { TimerControls } from './TimerControls'
import { upcomingMilestones } from './timerMilestones'
import { TidyNotesButton } from './TidyNotesButton'
import { TimerDisplay } from './TimerDisplay'
import { UnlockedTemplateMarkers } from './UnlockedTemplateMarkers'
import { useFacilitationDoc } from './useFacilitationDoc'
import { useServerClock } from './useServerClock'
import { useVoterId } from './useVoterId'
import type { VoterCredentials } from './voterId'
import { VoteOverlay } from './VoteOverlay'
import { ownVotes, rankResults, totalsVisible, voteTotals } from './voting'
import { VotingControls } from './VotingControls'
import { VotingResults } from './VotingResults'
import './facilitation.css'

/** How long an announcement stays on screen. */
const ANNOUNCEMENT_MS = 8_000

/**
 * The workshop tools on a live board. Render it as a child of <Tldraw>, which gives it the
 * editor. Facilitators get the toolbar (templates, timer, summon, present, dot voting,
 * lock); everyone gets the timer, the vote controls on notes, the results, and is moved by
 * summons and presentations. The state lives in the board's doc (FacilitationDoc); this
 * component only wires it to the editor.
 */
export function FacilitationLayer({ doc, board, voter, tools }: { doc: Y.Doc; board: BoardInfoResponse; voter: Promise<VoterCredentials | undefined>; tools?: ReactNode }) {
  const editor = useEditor()
  const t = facilitationTexts(useUiLang())
  const facilitator = canFacilitate(board.role)
  const canVote = canEdit(board.role)
  const [state, snapshot] = useFacilitationDoc(doc)
  const clock = useServerClock()
  const voterId = useVoterId(voter)
  const selfUserId = useValue('self user id', () => editor.user.getExternalId(), [editor])
  const { timer, voting: round, summon, presenter, votes, freeze } = snapshot
  const frozen = freeze?.frozen === true

  const [announcement, setAnnouncement] = useState<Announcement | undefined>()
  const announce = useCallback((text: string) => setAnnouncement((prev) => ({ text, key: (prev?.key ?? 0) + 1 })), [])
  useEffect(() => {
    if (!announcement) return
    const timeout = setTimeout(() => setAnnouncement(undefined), ANNOUNCEMENT_MS)
    return () => clearTimeout(timeout)
  }, [announcement])

  // Only a facilitator may unlock template scaffolding.
  useEffect(() => (facilitator ? undefined : guardScaffoldingLocks(editor)), [editor, facilitator])
  // A facilitator's lock is a facilitator lock, which only a facilitator may lift.
  useEffect(() => (facilitator ? markFacilitatorLocks(editor) : guardFacilitatorLocks(editor)), [editor, facilitator])

  // Summons: act on each new one by someone else, never on the one found on joining.
  const lastSummon = useRef(summon?.seq)
  useEffect(() => {
    if (!isNewSummon(summon, lastSummon.current, selfUserId)) return
    lastSummon.current = summon.seq
    goToSummon(editor, summon, true)
    announce(t.summon.arrived)
  }, [editor, summon, selfUserId, announce, t])

  // Presentations: follow the presenter until this person stops.
  const [follower, setFollower] = useState<PresenterFollower | undefined>()
  useEffect(() => {
    const created = new PresenterFollower(editor, selfUserId)
    setFollower(created)
    return () => created.dispose()
  }, [editor, selfUserId])
  useEffect(() => follower?.update(presenter), [follower, presenter])
  const presenterName = useValue(
    'presenter followed',
    () => {
      const id = presenter?.presenceUserId
      if (!id || id === selfUserId) return undefined
      const leader = presenterLeader(id)
      if (editor.getInstanceState().followingUserId !== leader) return undefined
      return editor.getCollaborators().find((c) => c.userId === leader)?.userName ?? ''
    },
    [editor, presenter, selfUserId],
  )
  const stoppedFollowing = useValue('stopped following the presenter', () => follower?.hasLeft() ?? false, [follower, presenter])

  // The timer's end, and 5 minutes and 1 minute before it, announced once per run to those who are there.
  const endsAt = timer?.status === 'running' ? timer.endsAt : undefined
  useEffect(() => {
    if (endsAt === undefined) return
    const left = timerRemainingMs(timer, clock.serverNow())
    if (left <= 0) return
    const timeouts = [
      setTimeout(() => announce(t.timer.ended), left),
      ...upcomingMilestones(left).map((m) => setTimeout(() => announce(t.timer.minutesLeft(m.leftMs / 60_000)), m.inMs)),
    ]
    return () => timeouts.forEach((timeout) => clearTimeout(timeout))
    // `timer` is read for the remaining time only: a new run has a new `endsAt`.
  }, [endsAt, clock, announce, t])

  // A freeze and its end, told to those it binds when it changes while they are here.
  const lastFrozen = useRef(frozen)
  useEffect(() => {
    if (frozen === lastFrozen.current) return
    lastFrozen.current = frozen
    if (canVote && !facilitator) announce(frozen ? t.freeze.frozen : t.freeze.thawed)
  }, [frozen, canVote, facilitator, announce, t])

  // Voting: tell people when a round starts, ends and is revealed.
  const roundKey = round ? `${round.roundId}:${round.status}` : undefined
  const lastRoundKey = useRef(roundKey)
  useEffect(() => {
    if (roundKey === lastRoundKey.current) return
    lastRoundKey.current = roundKey
    if (!round) return
    if (round.status === 'open' && canVote) announce(t.voting.started(round.votesPerPerson))
    else if (round.status === 'closed') announce(t.voting.ended)
    else if (round.status === 'revealed') announce(t.voting.revealed)
  }, [roundKey, round, canVote, announce, t])

  const mine = round && voterId !== undefined ? ownVotes(votes, voterId, round) : []
  const totals = useValue(
    'vote totals',
    () => (round && totalsVisible(round) ? voteTotals(votes, round, (id) => canBeVotedOn(editor.getShape(id as TLShapeId))) : undefined),
    [editor, round, votes],
  )
  const ranked = useValue(
    'ranked results',
    () => {
      if (round?.status !== 'revealed' || !totals) return []
      return rankResults(totals, (id) => {
        const shape = editor.getShape(id as TLShapeId)
        return shape ? (editor.getShapeUtil(shape).getText(shape) ?? '') : ''
      })
    },
    [editor, round, totals],
  )

  const vote = (noteId: string) => {
    if (!round) return
    const result = castVote(editor, doc, state, round, voterId, noteId)
    if (!result.ok) announce(result.reason === 'no-voter' ? t.voting.noVoter : t.voting.refusals[result.reason])
  }

  // The tools start open on a wide window, closed (one button) on a narrow one, where they would cover the board.
  const narrow = useNarrowWindow()
  const [dockOpen, setDockOpen] = useState(!narrow)
  useEffect(() => setDockOpen(!narrow), [narrow])

  const showTimer = !facilitator && timer !== undefined && timer.status !== 'idle'
  return (
    <>
      {facilitator && <UnlockedTemplateMarkers editor={editor} t={t} />}
      {round && <VoteOverlay editor={editor} round={round} mine={mine} totals={totals} canVote={canVote} onVote={vote} t={t} />}
      <div className="fac-layer">
        <div className="fac-top">
          {showTimer && <TimerDisplay timer={timer} clock={clock} t={t} hideWhenFaded />}
          {presenterName !== undefined && (
            <div className="fac-banner" data-testid="following-presenter">
              <span>{t.present.following(presenterName)}</span>
              <button type="button" className="fac-button" onClick={() => follower?.leave()}>
                {t.present.leave}
              </button>
            </div>
          )}
          {presenterName === undefined && stoppedFollowing && (
            <div className="fac-banner" data-testid="stopped-following">
              <span>{t.present.stopped}</span>
              <button type="button" className="fac-button" data-testid="follow-again" onClick={() => follower?.rejoin()}>
                {t.present.followAgain}
              </button>
            </div>
          )}
          {round && round.status === 'open' && canVote && (
            <div className="fac-banner">
              <strong data-testid="votes-remaining" data-remaining={round.votesPerPerson - mine.length}>
                {t.voting.remaining(round.votesPerPerson - mine.length, round.votesPerPerson)}
              </strong>
              <span className="fac-hint">{t.voting.instructions}</span>
            </div>
          )}
          {round && round.status === 'closed' && !facilitator && <div className="fac-banner">{t.voting.ended}</div>}
          {frozen && (
            <div className="fac-banner fac-frozen" data-testid="board-frozen">
              {facilitator ? t.freeze.frozenForFacilitator : t.freeze.frozen}
            </div>
          )}
        </div>
        <div className="fac-side">
          {facilitator && (
            <details className="fac-dock" open={dockOpen} onToggle={(e) => setDockOpen(e.currentTarget.open)} data-testid="facilitator-tools">
              <summary>{t.toolbar}</summary>
              <div className="fac-dock-body">
                <TemplatePicker editor={editor} boardLang={board.lang} announce={announce} />
                <SaveTemplateButton editor={editor} announce={announce} />
                <TldrImportButton editor={editor} boardId={board.id} announce={announce} />
                <TimerControls timer={timer} state={state} clock={clock} t={t} announce={announce} />
                <div className="fac-group">
                  <SummonButton editor={editor} summon={summon} selfUserId={selfUserId} state={state} t={t} announce={announce} />
                  <PresentToggle presenter={presenter} selfUserId={selfUserId} state={state} clock={clock} t={t} announce={announce} />
                </div>
                <VotingControls editor={editor} round={round} votes={votes} state={state} clock={clock} t={t} />
                <LockToggle editor={editor} t={t} />
                <FreezeToggle freeze={freeze} state={state} clock={clock} t={t} />
                <TidyNotesButton editor={editor} t={t} announce={announce} />
                {tools}
              </div>
            </details>
          )}
          {round && round.status === 'revealed' && <VotingResults roundId={round.roundId} ranked={ranked} t={t} announce={announce} />}
        </div>
        <FacilitationAnnouncer announcement={announcement} />
      </div>
    </>
  )
}
