/** Count, p50, p95, p99 and max of a sample (nearest-rank percentiles). */
export interface Distribution {
  count: number
  p50: number
  p95: number
  p99: number
  max: number
}

export function summarize(values: readonly number[]): Distribution {
  if (values.length === 0) return { count: 0, p50: NaN, p95: NaN, p99: NaN, max: NaN }
  const sorted = Float64Array.from(values).sort()
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!
  return { count: sorted.length, p50: rank(0.5), p95: rank(0.95), p99: rank(0.99), max: sorted[sorted.length - 1]! }
}

export function median(values: readonly number[]): number {
  return summarize(values).p50
}
