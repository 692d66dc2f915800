import { readFileSync } from 'node:fs'

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[]
  samples: number[]
  timeDeltas: number[]
}

export interface HotFunction {
  name: string
  location: string
  selfMs: number
  share: number
}

/**
 * The functions with the most self time in a V8 `.cpuprofile` (from `node --cpu-prof` or
 * Chromium's profiler), idle excluded. Time a thread spent blocked in a native call, such as
 * an fsync inside a SQLite commit, counts against the JS function that made the call.
 */
export function summarizeCpuProfile(file: string, top = 25): { busyMs: number; hot: HotFunction[] } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile
  const self = new Map<number, number>()
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)))
  const byFunction = new Map<string, { name: string; location: string; micros: number }>()
  let busy = 0
  for (const node of profile.nodes) {
    const micros = self.get(node.id) ?? 0
    if (node.callFrame.functionName === '(idle)') continue
    busy += micros
    const name = node.callFrame.functionName || '(anonymous)'
    const location = `${node.callFrame.url.replace(/^.*node_modules\//, '').replace(/^.*\/work\/main\//, '').replace(/^https?:\/\/[^/]+\//, '')}:${node.callFrame.lineNumber + 1}`
    const key = `${name} ${location}`
    const entry = byFunction.get(key) ?? { name, location, micros: 0 }
    entry.micros += micros
    byFunction.set(key, entry)
  }
  const hot = [...byFunction.values()]
    .sort((a, b) => b.micros - a.micros)
    .slice(0, top)
    .map((e) => ({ name: e.name, location: e.location, selfMs: e.micros / 1000, share: busy > 0 ? e.micros / busy : 0 }))
  return { busyMs: busy / 1000, hot }
}
