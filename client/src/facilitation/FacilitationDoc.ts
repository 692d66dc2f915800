import type * as Y from 'yjs'
import { facilitationMap, votesMap } from '@whiteboard/shared'
import { parseBoardFreeze, type BoardFreeze } from '@whiteboard/shared/facilitation/boardFreeze'
import { FacilitationKey } from '@whiteboard/shared/facilitation/facilitationKeys'
import { parseLoweredHands, type LoweredHands } from '@whiteboard/shared/presence/gestures'
import { parsePresenterState, type PresenterState } from '@whiteboard/shared/facilitation/presenterState'
import { parseSummonRequest, type SummonRequest } from '@whiteboard/shared/facilitation/summonRequest'
import { parseTimerState, type TimerState } from '@whiteboard/shared/facilitation/timerState'
import { parseVotingRound, type VotingRound } from '@whiteboard/shared/facilitation/votingRound'

/** Everything the facilitation tools show, read from the doc and checked. A value that does not validate reads as absent. */
export interface FacilitationSnapshot {
  timer: TimerState | undefined
  voting: VotingRound | undefined
  summon: SummonRequest | undefined
  presenter: PresenterState | undefined
  freeze: BoardFreeze | undefined
  /** Raised hands (in presence) a facilitator lowered. */
  loweredHands: LoweredHands | undefined
  /** Raw entries of the votes map by key; `voting.ts` parses and counts them. */
  votes: ReadonlyMap<string, unknown>
}

/** Transaction origin of facilitator writes. */
export const FACILITATION_ORIGIN: unique symbol = Symbol('whiteboard:facilitation')

/**
 * The facilitation state of one board's doc (layout in `shared/src/facilitation/`), as an
 * immutable snapshot that components subscribe to with `useSyncExternalStore`. The setters
 * are for facilitators; the UI offers them to no one else, and the server will refuse them.
 */
export class FacilitationDoc {
  private readonly doc: Y.Doc
  private readonly state: Y.Map<unknown>
  private readonly votes: Y.Map<unknown>
  private snapshot: FacilitationSnapshot
  private readonly listeners = new Set<() => void>()

  constructor(doc: Y.Doc) {
    this.doc = doc
    this.state = facilitationMap(doc)
    this.votes = votesMap(doc)
    this.snapshot = this.read()
  }

  getSnapshot = (): FacilitationSnapshot => this.snapshot

  /** The doc is observed while anyone listens, so nothing needs disposing. */
  subscribe = (listener: () => void): (() => void) => {
    if (this.listeners.size === 0) {
      this.state.observe(this.handleChange)
      this.votes.observe(this.handleChange)
      // Changes made while nobody listened.
      this.snapshot = this.read()
    }
    this.listeners.add(listener)
    return () => {
      if (!this.listeners.delete(listener) || this.listeners.size > 0) return
      this.state.unobserve(this.handleChange)
      this.votes.unobserve(this.handleChange)
    }
  }

  setTimer(timer: TimerState): void {
    this.write(FacilitationKey.TIMER, timer)
  }

  setVoting(round: VotingRound | undefined): void {
    this.write(FacilitationKey.VOTING, round)
  }

  setSummon(summon: SummonRequest): void {
    this.write(FacilitationKey.SUMMON, summon)
  }

  setPresenter(presenter: PresenterState): void {
    this.write(FacilitationKey.PRESENTER, presenter)
  }

  setFreeze(freeze: BoardFreeze): void {
    this.write(FacilitationKey.FREEZE, freeze)
  }

  setLoweredHands(lowered: LoweredHands): void {
    this.write(FacilitationKey.LOWERED_HANDS, lowered)
  }

  private write(key: string, value: object | undefined): void {
    this.doc.transact(() => {
      if (value === undefined) this.state.delete(key)
      // A copy: Yjs keeps the object it is given, and callers may hold on to theirs.
      else this.state.set(key, structuredClone(value))
    }, FACILITATION_ORIGIN)
  }

  private readonly handleChange = () => {
    this.snapshot = this.read()
    for (const listener of this.listeners) listener()
  }

  private read(): FacilitationSnapshot {
    return {
      timer: parseTimerState(this.state.get(FacilitationKey.TIMER)),
      voting: parseVotingRound(this.state.get(FacilitationKey.VOTING)),
      summon: parseSummonRequest(this.state.get(FacilitationKey.SUMMON)),
      presenter: parsePresenterState(this.state.get(FacilitationKey.PRESENTER)),
      freeze: parseBoardFreeze(this.state.get(FacilitationKey.FREEZE)),
      loweredHands: parseLoweredHands(this.state.get(FacilitationKey.LOWERED_HANDS)),
      votes: new Map(this.votes.entries()),
    }
  }
}
