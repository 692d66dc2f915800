import { readdirSync, readFileSync } from 'node:fs'

/** USER_HZ: the unit of /proc/<pid>/stat's CPU times. 100 on every mainstream Linux build. */
const CLOCK_TICKS_PER_SECOND = 100

/**
 * What the kernel has counted of a process's CPU time at one moment: its whole time in clock
 * ticks, and each live thread's own time in nanoseconds.
 */
export interface ProcessCpuReading {
  /** User + system time of the whole process, dead threads included, in 10 ms ticks. */
  tickSeconds: number
  /** Thread id -> CPU time it has run (`/proc/<pid>/task/<tid>/schedstat`), in nanoseconds; null where schedstat is missing. */
  threadNanos: Map<number, number> | null
}

/**
 * Reads a process's CPU time from the kernel's accounting in /proc. Unlike asking the process
 * itself, this answers at once even when the server's event loop is saturated, so a
 * measurement window starts and ends when the benchmark says, not when the server gets round
 * to replying. Null where there is no /proc.
 */
export function readProcessCpu(pid: number): ProcessCpuReading | null {
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
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) return null
  return { tickSeconds: (utime + stime) / CLOCK_TICKS_PER_SECOND, threadNanos: readThreadNanos(pid) }
}

function readThreadNanos(pid: number): Map<number, number> | null {
  const threads = new Map<number, number>()
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      // First field: time spent on the CPU, in nanoseconds (the scheduler's own sum, not sampled).
      const nanos = Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0])
      if (!Number.isFinite(nanos)) return null
      threads.set(Number(tid), nanos)
    }
  } catch {
    // No schedstat (a kernel without CONFIG_SCHEDSTATS), or a thread ended between the listing and the read.
    return null
  }
  return threads
}

/**
 * CPU seconds a process used between two readings. From the threads' own nanosecond counts
 * when every thread of the first reading still ran at the second (a thread that ended took
 * its time with it); otherwise from the process's clock ticks, which count dead threads too
 * but only in 10 ms steps: at 3 people a five-second window holds about 30 of them, so the
 * ticks alone move a round by several per cent.
 */
export function cpuSecondsBetween(before: ProcessCpuReading, after: ProcessCpuReading): number {
  const a = before.threadNanos
  const b = after.threadNanos
  if (a && b && [...a.keys()].every((tid) => b.has(tid))) {
    let nanos = 0
    let reused = false
    for (const [tid, end] of b) {
      // A thread started in the window counts from zero.
      const start = a.get(tid) ?? 0
      // Less than before: the thread ended and another got its id.
      if (end < start) reused = true
      nanos += end - start
    }
    if (!reused) return nanos / 1e9
  }
  return after.tickSeconds - before.tickSeconds
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
