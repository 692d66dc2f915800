/** A measurement window or pacing interval: the benchmarks measure over fixed spans of time. */
export function pause(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms))
}
