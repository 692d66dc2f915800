import { readFileSync } from 'node:fs'

/** USER_HZ: the unit of /proc/<pid>/stat's CPU times. 100 on every mainstream Linux build. */
const CLOCK_TICKS_PER_SECOND = 100

/**
 * CPU seconds (user + system) a process has used, read by the kernel's accounting in
 * /proc/<pid>/stat. Unlike asking the process itself, this answers at once even when the
 * server's event loop is saturated, so a measurement window starts and ends when the benchmark
 * says, not when the server gets round to replying. Null where there is no /proc.
 */
export function processCpuSeconds(pid: number): number | null {
  let stat: string
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  } catch {
    return null
  }
  // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  // utime and stime are fields 14 and 15 of the whole line, so 12 and 13 after the name.
  const utime = Number(fields[11])
  const stime = Number(fields[12])
  return Number.isFinite(utime) && Number.isFinite(stime) ? (utime + stime) / CLOCK_TICKS_PER_SECOND : null
}

/** Resident set size of a process in MiB, from /proc/<pid>/status; null where there is no /proc. */
export function processRssMb(pid: number): number | null {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match ? Number(match[1]) / 1024 : null
  } catch {
    return null
  }
}
