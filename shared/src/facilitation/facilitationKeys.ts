/**
 * Keys of `doc.getMap('facilitation')` (DOC_FACILITATION). Each key holds one plain JSON
 * object that a facilitator replaces whole on every change, never edits in place: a
 * reader then sees a complete state or the previous one, and the server can check a
 * write by looking at one value. Participants and viewers never write to this map; their
 * votes go to `doc.getMap('votes')` (DOC_VOTES).
 */
export const FacilitationKey = {
  /** {@link TimerState} */
  TIMER: 'timer',
  /** {@link VotingRound} of the current or last dot-voting round. */
  VOTING: 'voting',
  /** {@link SummonRequest}: the last "bring everyone here". */
  SUMMON: 'summon',
  /** {@link PresenterState}: whose camera the participants follow. */
  PRESENTER: 'presenter',
  /** {@link BroadcastMessage}: the gathering facilitator's last message to every team board; written by the server only. */
  BROADCAST: 'broadcast',
  /** {@link RestoreNotice}: the last restore of the board, so everyone on it is told; written by the server only. */
  RESTORED: 'restored',
  /** {@link PrivateModeState}: whether participants' new items stay in their private docs (private mode). */
  PRIVATE_MODE: 'privateMode',
  /** {@link BoardFreeze}: whether the facilitator has frozen the board for participants. */
  FREEZE: 'freeze',
  /** {@link LoweredHands}: raised hands (in presence) a facilitator has lowered. */
  LOWERED_HANDS: 'loweredHands',
  /** {@link RunSheet}: the session's steps, written by a facilitator (or a gathering's run sheet, by the server). */
  RUN_SHEET: 'runSheet',
  /** {@link CurrentStep}: which step of the run sheet was started last. */
  RUN_STEP: 'runStep',
} as const

export type FacilitationKey = (typeof FacilitationKey)[keyof typeof FacilitationKey]
