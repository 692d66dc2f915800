/**
 * Longest wait for a frame. Browsers stop animation frames in background tabs, and a
 * participant who switched to the video call must still receive the board when they
 * come back without a burst of stale work, so a timer runs alongside the frame request.
 */
export const FRAME_FALLBACK_MS = 100

/**
 * Runs `callback` once, on the next animation frame or after `FRAME_FALLBACK_MS`,
 * whichever comes first. Returns a function that cancels it. Falls back to a timer
 * where `requestAnimationFrame` does not exist (node, tests).
 */
export function nextFrame(callback: () => void): () => void {
  let done = false
  const run = () => {
    if (done) return
    done = true
    cancel()
    callback()
  }
  const raf = typeof globalThis.requestAnimationFrame === 'function' ? globalThis.requestAnimationFrame(run) : undefined
  const timer = setTimeout(run, raf === undefined ? 0 : FRAME_FALLBACK_MS)
  function cancel() {
    done = true
    if (raf !== undefined) globalThis.cancelAnimationFrame(raf)
    clearTimeout(timer)
  }
  return cancel
}
