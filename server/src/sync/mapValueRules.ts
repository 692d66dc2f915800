import { z } from 'zod'
import { DOC_FACILITATION, DOC_META, DOC_VOTES, MAX_TITLE_LENGTH, MetaKey } from '@whiteboard/shared'
import { unsafeJsonReason } from '@whiteboard/shared/board/recordGuard'
import { FacilitationKey } from '@whiteboard/shared/facilitation/facilitationKeys'
import { PresenterState } from '@whiteboard/shared/facilitation/presenterState'
import { SummonRequest } from '@whiteboard/shared/facilitation/summonRequest'
import { TimerState } from '@whiteboard/shared/facilitation/timerState'
import { isVoteKey, VoteEntry } from '@whiteboard/shared/facilitation/voteEntry'
import { VotingRound } from '@whiteboard/shared/facilitation/votingRound'
import type { MapRoot } from './boardRoots'

/** Most template ids in a board's provenance; a board starts from one template, and a facilitator may add a few. */
const MAX_TEMPLATE_IDS = 50

/** Longest template id; catalog ids are short slugs. */
const MAX_TEMPLATE_ID_LENGTH = 64

const META_VALUES: Record<string, z.ZodType> = {
  // The serialized tldraw schema: clients read it defensively (yjsBinding.ts), so any plain object passes.
  [MetaKey.SCHEMA]: z.record(z.string(), z.unknown()),
  [MetaKey.TITLE]: z.string().max(MAX_TITLE_LENGTH),
  [MetaKey.LANG]: z.enum(['nb', 'en']),
  [MetaKey.TEMPLATES]: z.array(z.string().max(MAX_TEMPLATE_ID_LENGTH)).max(MAX_TEMPLATE_IDS),
}

const FACILITATION_VALUES: Record<string, z.ZodType> = {
  [FacilitationKey.TIMER]: TimerState,
  [FacilitationKey.VOTING]: VotingRound,
  [FacilitationKey.SUMMON]: SummonRequest,
  [FacilitationKey.PRESENTER]: PresenterState,
}

/**
 * Why a value may not be stored under `key` in one of the board's maps, or undefined if it
 * may. Keys and value shapes are the shared contracts (docLayout.ts, facilitation/); peers
 * check them too, but a value that reaches storage stays there for every later reader.
 */
export function mapValueProblem(root: MapRoot, key: string, val: unknown): string | undefined {
  const unsafe = unsafeJsonReason(val)
  if (unsafe) return `${root}.${key.slice(0, 40)}: ${unsafe}`
  let schema: z.ZodType | undefined
  if (root === DOC_META) schema = Object.hasOwn(META_VALUES, key) ? META_VALUES[key] : undefined
  else if (root === DOC_FACILITATION) schema = Object.hasOwn(FACILITATION_VALUES, key) ? FACILITATION_VALUES[key] : undefined
  else if (root === DOC_VOTES) schema = isVoteKey(key) ? VoteEntry : undefined
  if (!schema) return `${root}: unknown key ${key.slice(0, 40)}`
  return schema.safeParse(val).success ? undefined : `${root}.${key}: not a valid value`
}
