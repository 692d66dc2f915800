import type { Response } from 'express'
import { storageFailureKind } from '../storage/storageFailureText'
import { sendApiError } from './sendApiError'

/** Why the server cannot keep what a request asks it to keep. */
export type UnavailableReason = 'disk full' | 'read-only' | 'unreachable' | 'board unavailable'

const WHY: Record<UnavailableReason, string> = {
  'disk full': "the server's disk is full",
  'read-only': "the server's storage is read-only",
  unreachable: 'the server cannot reach its database',
  'board unavailable': 'the board could not be opened',
}

/** The one 503 of the API when storage cannot take a change: nothing was kept, and why, in words a person can act on. */
export function sendStorageUnavailable(res: Response, reason: UnavailableReason): void {
  sendApiError(res, 503, 'storage_unavailable', `Nothing was saved: ${WHY[reason]}. Try again later, or tell the person who runs the server.`)
}

/**
 * Runs a storage step; a full or read-only disk, or a database out of reach, answers {@link sendStorageUnavailable} and gives
 * undefined, any other error goes on to the app's error handler (500, logged).
 */
export async function storageOr503<T>(res: Response, step: () => Promise<T>): Promise<T | undefined> {
  try {
    return await step()
  } catch (err) {
    const kind = storageFailureKind(err)
    if (kind === 'storage error') throw err
    sendStorageUnavailable(res, kind)
    return undefined
  }
}
