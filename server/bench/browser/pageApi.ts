/**
 * What the benchmarks use of a board page, typed for code that runs inside the page
 * (`page.evaluate`), since the server's tsconfig has no DOM types. The client exposes its
 * tldraw editor as `window.__editor` once the board is loaded.
 */
export interface PageEditor {
  getCurrentPageShapeIds(): { size: number }
  getShape(id: string): { x: number; y: number } | undefined
  zoomToFit(opts?: { animation?: { duration: number } }): void
}

export interface BenchPage {
  __editor?: PageEditor
  __benchFrames?: { deltas: number[]; running: boolean }
  requestAnimationFrame(callback: (time: number) => void): number
  performance: { now(): number }
}

/** Evaluated in the page: true once the editor holds at least `count` shapes on its page. */
export function pageHasShapes(count: number): boolean {
  const page = globalThis as unknown as BenchPage
  return (page.__editor?.getCurrentPageShapeIds().size ?? 0) >= count
}

/** Evaluated in the page: resolves with the page clock after the next two frames, i.e. once what is in the store has been painted. */
export function afterTwoFrames(): Promise<number> {
  const page = globalThis as unknown as BenchPage
  return new Promise((done) => page.requestAnimationFrame(() => page.requestAnimationFrame(() => done(page.performance.now()))))
}

/** Evaluated in the page: starts recording requestAnimationFrame deltas into `__benchFrames`. */
export function startFrameRecorder(): void {
  const page = globalThis as unknown as BenchPage
  const state = { deltas: [] as number[], running: true }
  page.__benchFrames = state
  let last = -1
  const tick = (time: number) => {
    if (last >= 0) state.deltas.push(time - last)
    last = time
    if (state.running) page.requestAnimationFrame(tick)
  }
  page.requestAnimationFrame(tick)
}

/** Evaluated in the page: stops the recorder and returns (and clears) the deltas. */
export function takeFrames(): number[] {
  const page = globalThis as unknown as BenchPage
  const state = page.__benchFrames
  if (!state) return []
  state.running = false
  return state.deltas.splice(0)
}
