/**
 * A job the server runs in the background every interval (the asset sweep, board retention,
 * the watch for boards deleted elsewhere): its timer never keeps a stopping process alive, a
 * failed run is reported and the next interval tries again, a run asked for while one is under
 * way shares it, and `close` waits for the run under way so storage can close after it.
 */
export class PeriodicRun<T> {
  private timer: NodeJS.Timeout | null = null
  private running: Promise<T> | null = null

  constructor(
    private readonly job: () => Promise<T>,
    private readonly onFailure: (err: unknown) => void,
  ) {}

  /** Runs every `intervalMs`, the first time one interval after the start. */
  start(intervalMs: number): void {
    this.timer = setInterval(() => {
      this.run().catch(this.onFailure)
    }, intervalMs)
    this.timer.unref()
  }

  /** Runs now, or shares the run under way. */
  run(): Promise<T> {
    this.running ??= this.job().finally(() => {
      this.running = null
    })
    return this.running
  }

  /** Stops the timer and waits for a run under way. */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    await this.running?.catch(() => undefined)
  }
}
