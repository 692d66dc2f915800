/** Polls `check` until it returns a truthy value or the deadline passes; tests never sleep for a fixed time. */
export async function waitFor<T>(check: () => T | Promise<T>, opts: { timeoutMs?: number; intervalMs?: number; what?: string } = {}): Promise<NonNullable<T>> {
  const deadline = Date.now() + (opts.timeoutMs ?? 10_000)
  let last: unknown
  for (;;) {
    try {
      const value = await check()
      if (value) return value
    } catch (err) {
      last = err
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${opts.what ?? 'a condition'}${last ? `: ${last instanceof Error ? last.message : JSON.stringify(last)}` : ''}`)
    await new Promise((resolve) => setTimeout(resolve, opts.intervalMs ?? 20))
  }
}
