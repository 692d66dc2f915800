import { z } from 'zod'
import { MAX_PAGE_COORDINATE, MAX_STATE_ID_LENGTH } from './facilitationLimits'

const coordinate = z.number().finite().min(-MAX_PAGE_COORDINATE).max(MAX_PAGE_COORDINATE)
const extent = z.number().finite().positive().max(MAX_PAGE_COORDINATE)

/**
 * "Bring everyone here", under `FacilitationKey.SUMMON`: the facilitator's viewport in
 * page coordinates. Each summon increments `seq`; clients move their camera when they see
 * a `seq` they have not acted on, never for the value they found when they joined.
 * `by` is the summoner's presence user id, so their own client does not move.
 */
export const SummonRequest = z.object({
  seq: z.number().int().nonnegative(),
  by: z.string().min(1).max(MAX_STATE_ID_LENGTH),
  pageId: z.string().min(1).max(MAX_STATE_ID_LENGTH),
  bounds: z.object({ x: coordinate, y: coordinate, w: extent, h: extent }),
})
export type SummonRequest = z.infer<typeof SummonRequest>

export function parseSummonRequest(value: unknown): SummonRequest | undefined {
  const result = SummonRequest.safeParse(value)
  return result.success ? result.data : undefined
}
