import { z } from 'zod'

/**
 * How long everyone on a board is told of a restore, on the server's clock. The board changes
 * in front of them at that moment; someone who opens it later sees the restored board as it is
 * and needs no news of it. Two minutes covers a glance away from the screen.
 */
export const RESTORE_NOTICE_SHOWN_MS = 2 * 60_000

/**
 * The last restore of the board, under `FacilitationKey.RESTORED`, so everyone on the board is
 * told "the facilitator restored the version from 10:42", each in their own language and time
 * zone. Only the server writes it, in the same change as the restore (history/restoreSnapshot.ts);
 * no client does, so the update guard has no rule that admits it. `seq` counts restores, so a
 * person who dismissed one notice sees the next; `at` is when it was restored and `versionAt`
 * when the restored version was taken, both on the server's clock.
 */
export const RestoreNotice = z.object({
  seq: z.number().int().nonnegative(),
  at: z.number().finite().nonnegative(),
  versionAt: z.number().finite().nonnegative(),
})
export type RestoreNotice = z.infer<typeof RestoreNotice>

export function parseRestoreNotice(value: unknown): RestoreNotice | undefined {
  const result = RestoreNotice.safeParse(value)
  return result.success ? result.data : undefined
}
