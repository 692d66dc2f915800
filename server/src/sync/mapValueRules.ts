import { z } from 'zod'
import { DOC_FACILITATION, DOC_META, DOC_VOTES, MAX_TITLE_LENGTH, MetaKey } from '@whiteboard/shared'
import { BOARD_LANGS } from '@whiteboard/shared/board/boardLang'
import { unsafeJsonReason } from '@whiteboard/shared/board/recordGuard'
import { BoardFreeze } from '@whiteboard/shared/facilitation/boardFreeze'
import { LoweredHands } from '@whiteboard/shared/presence/gestures'
import { FacilitationKey } from '@whiteboard/shared/facilitation/facilitationKeys'
import { PresenterState } from '@whiteboard/shared/facilitation/presenterState'
import { PrivateModeState } from '@whiteboard/shared/facilitation/privateModeState'
import { CurrentStep } from '@whiteboard/shared/facilitation/currentStep'
import { RunSheet } from '@whiteboard/shared/facilitation/runSheet'
import { SummonRequest } from '@whiteboard/shared/facilitation/summonRequest'
import { TimerState } from '@whiteboard/shared/facilitation/timerState'
import { isVoteKey, VoteEntry } from '@whiteboard/shared/facilitation/voteEntry'
import { VotingRound } from '@whiteboard/shared/facilitation/votingRound'
import type { MapRoot } from './boardRoots'

/**
 * The `meta` entries a client may write, a facilitator's only (updateGuard.ts, metaGuard): the
 * board's title and language. The schema and the template provenance are the server's alone
 * (SERVER_META_KEYS); no client of ours writes them, so a write is an attack.
 */
const META_VALUES: Record<string, z.ZodType> = {
  [MetaKey.TITLE]: z.string().max(MAX_TITLE_LENGTH),
  [MetaKey.LANG]: z.enum(BOARD_LANGS),
}

/** `meta` keys only the server writes: the schema (storedSchema.ts) and the templates the board was made from. */
export const SERVER_META_KEYS: ReadonlySet<string> = new Set([MetaKey.SCHEMA, MetaKey.TEMPLATES])

const FACILITATION_VALUES: Record<string, z.ZodType> = {
  [FacilitationKey.TIMER]: TimerState,
  [FacilitationKey.VOTING]: VotingRound,
  [FacilitationKey.SUMMON]: SummonRequest,
  [FacilitationKey.PRESENTER]: PresenterState,
  [FacilitationKey.PRIVATE_MODE]: PrivateModeState,
  [FacilitationKey.FREEZE]: BoardFreeze,
  [FacilitationKey.LOWERED_HANDS]: LoweredHands,
  [FacilitationKey.RUN_SHEET]: RunSheet,
  [FacilitationKey.RUN_STEP]: CurrentStep,
}

/**
 * Why a value may not be stored under `key` in one of the board's maps, or undefined if it
 * may. Keys and value shapes are the shared contracts (docLayout.ts, facilitation/); peers
 * check them too, but a value that reaches storage stays there for every later reader.
 */
export function mapValueProblem(root: MapRoot, key: string, val: unknown): string | undefined {
  let schema: z.ZodType | undefined
  if (root === DOC_META) schema = Object.hasOwn(META_VALUES, key) ? META_VALUES[key] : undefined
  else if (root === DOC_FACILITATION) schema = Object.hasOwn(FACILITATION_VALUES, key) ? FACILITATION_VALUES[key] : undefined
  else if (root === DOC_VOTES) schema = isVoteKey(key) ? VoteEntry : undefined
  // Reasons go to the log and the refused client: they name known keys only, never a key or value the client made up.
  if (!schema) return `${root}: unknown key`
  const place = root === DOC_VOTES ? `${root} entry` : `${root}.${key}`
  const unsafe = unsafeJsonReason(val)
  if (unsafe) return `${place}: ${unsafe}`
  return schema.safeParse(val).success ? undefined : `${place}: not a valid value`
}
