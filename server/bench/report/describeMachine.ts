import { cpus, freemem, loadavg, totalmem, release } from 'node:os'

export interface MachineDescription {
  cpu: string
  cores: number
  memoryGb: number
  os: string
  node: string
  /** 1-minute load average when the run started: other work on a shared machine skews latencies. */
  loadAtStart: number
  freeMemoryGbAtStart: number
}

export function describeMachine(): MachineDescription {
  const list = cpus()
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    os: `${process.platform} ${release()}`,
    node: process.version,
    loadAtStart: loadavg()[0] ?? 0,
    freeMemoryGbAtStart: Math.round((freemem() / 2 ** 30) * 10) / 10,
  }
}
