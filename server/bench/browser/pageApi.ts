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

/** Page-clock milestones of opening a board (milliseconds since navigation started). */
export interface OpenMilestones {
  /** The last script finished downloading. */
  scriptsMs: number
  /** `window.__editor` first seen (the first check, if it was already there). */
  editorMs: number
  /** The editor's page holds all the shapes. */
  shapesMs: number
  /** Two frames later: the shapes have been painted. */
  paintedMs: number
}

/** Evaluated in the page right after navigation: resolves once `count` shapes are painted. */
export function watchOpen(count: number): Promise<OpenMilestones> {
  const page = globalThis as unknown as BenchPage & {
    performance: { getEntriesByType(type: string): { name: string; responseEnd: number }[] }
  }
  return new Promise((done) => {
    let editorMs = -1
    const check = () => {
      const now = page.performance.now()
      if (editorMs < 0 && page.__editor) editorMs = now
      if ((page.__editor?.getCurrentPageShapeIds().size ?? 0) < count) {
        page.requestAnimationFrame(check)
        return
      }
      page.requestAnimationFrame(() =>
        page.requestAnimationFrame(() => {
          const scripts = page.performance.getEntriesByType('resource').filter((r) => /\.m?js(\?|$)/.test(r.name))
          done({ scriptsMs: Math.max(0, ...scripts.map((r) => r.responseEnd)), editorMs, shapesMs: now, paintedMs: page.performance.now() })
        }),
      )
    }
    check()
  })
}
