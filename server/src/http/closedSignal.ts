import type { ServerResponse } from 'node:http'

/** Aborts when the answer closes before it was finished (the client went away, or a timeout destroyed its socket), so queued work for it is dropped. */
export function closedSignal(res: ServerResponse): AbortSignal {
  const controller = new AbortController()
  if (res.destroyed) controller.abort(new Error('the client went away'))
  else res.once('close', () => controller.abort(new Error('the client went away')))
  return controller.signal
}
