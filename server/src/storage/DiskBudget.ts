import { readdir, stat, statfs } from 'node:fs/promises'
import { join } from 'node:path'
import type { Logger } from 'pino'
import { formatBytes } from '../sync/formatBytes'

/**
 * Free space DATA_DIR's file system must keep (MIN_FREE_DISK_BYTES): 1 GiB. Below it the server
 * refuses new content (boards, gatherings, uploads, snapshots, sync writes that add) but keeps
 * serving and accepting deletions. A full disk fails SQLite commits for every board at once
 * (and the WAL checkpoint that would give space back); stopping a gigabyte short leaves room
 * for what is already under way: a compaction writes a board of up to 25 MiB again, WAL
 * checkpoints and the log file keep growing a little, and the operator gets time to act.
 */
export const MIN_FREE_DISK_BYTES = 1024 * 1024 * 1024

/**
 * How often the free space (and DATA_DIR's size) is read again. Requests read the cached
 * answer, so a flood of uploads costs no system calls; ten seconds is far shorter than the
 * time a burst at the upload limits (per address, per board) needs to eat the 1 GiB margin.
 */
export const DISK_CHECK_INTERVAL_MS = 10_000

export interface DiskReading {
  /** Bytes an unprivileged process may still write on DATA_DIR's file system. */
  freeBytes: number
  /** Bytes the files directly in DATA_DIR take (the database, its WAL, the secret). */
  dataBytes: number
}

/** Reads the disk; throws when it cannot. Tests inject their own. */
export type ReadDisk = () => Promise<DiskReading>

export interface DiskBudgetOptions {
  /** Refuse new content below this much free space. */
  minFreeBytes: number
  /** Refuse new content once DATA_DIR holds this much (DATA_BUDGET_BYTES); undefined: no such budget. */
  dataBudgetBytes: number | undefined
  read: ReadDisk
  log: Logger
  /** Defaults to DISK_CHECK_INTERVAL_MS. */
  intervalMs?: number
}

/**
 * The server's global disk budget: past it, new content is refused with `problem` as the
 * reason, everywhere content comes in, and /readyz reports it. It is read with `statfs` on
 * DATA_DIR every DISK_CHECK_INTERVAL_MS and cached; a reading that fails leaves the last
 * verdict (the first time: no refusal), since refusing everything because `statfs` failed
 * would turn a harmless fault into an outage.
 */
export class DiskBudget {
  private reading: DiskReading | null = null
  private timer: NodeJS.Timeout | null = null
  private readFailed = false
  private refreshing: Promise<void> | null = null

  constructor(private readonly opts: DiskBudgetOptions) {}

  /** Reads the disk once, then again every interval (an unref'd timer). */
  async start(): Promise<void> {
    await this.refresh()
    this.timer = setInterval(() => void this.refresh(), this.opts.intervalMs ?? DISK_CHECK_INTERVAL_MS)
    // The budget must not keep a stopping process alive.
    this.timer.unref()
  }

  /** Reads the disk now; concurrent calls share one reading. */
  refresh(): Promise<void> {
    this.refreshing ??= this.readNow().finally(() => {
      this.refreshing = null
    })
    return this.refreshing
  }

  private async readNow(): Promise<void> {
    const wasProblem = this.problem
    try {
      this.reading = await this.opts.read()
      this.readFailed = false
    } catch (err) {
      if (!this.readFailed) this.opts.log.warn({ err }, 'the free disk space cannot be read; the disk budget keeps its last reading')
      this.readFailed = true
      return
    }
    const problem = this.problem
    if (problem !== wasProblem) {
      if (problem) this.opts.log.error({ ...this.reading }, `disk budget reached: ${problem}`)
      else this.opts.log.info({ ...this.reading }, 'disk budget: there is room again')
    }
  }

  /** Why new content is refused now, in plain words; null while there is room. */
  get problem(): string | null {
    const r = this.reading
    if (!r) return null
    if (r.freeBytes < this.opts.minFreeBytes) {
      return `the server's disk is almost full (${formatBytes(r.freeBytes)} free, at least ${formatBytes(this.opts.minFreeBytes)} must stay free)`
    }
    if (this.opts.dataBudgetBytes !== undefined && r.dataBytes >= this.opts.dataBudgetBytes) {
      return `the server's data has reached its budget (${formatBytes(r.dataBytes)} of ${formatBytes(this.opts.dataBudgetBytes)})`
    }
    return null
  }

  /** The last reading, for /readyz; null before the first one succeeded. */
  get lastReading(): DiskReading | null {
    return this.reading
  }

  close(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
  }
}

/** The refusal text of an HTTP request that would add content while the budget is reached. */
export function diskBudgetRefusalText(problem: string): string {
  return `Nothing was saved: ${problem}. Deleting boards, images or snapshots frees space; or tell the person who runs the server.`
}

/** Reads DATA_DIR's file system with `statfs`, and sums the sizes of the files directly in it. */
export function readDataDir(dataDir: string): ReadDisk {
  return async () => {
    const fs = await statfs(dataDir)
    let dataBytes = 0
    for (const entry of await readdir(dataDir, { withFileTypes: true })) {
      if (!entry.isFile()) continue
      try {
        dataBytes += (await stat(join(dataDir, entry.name))).size
      } catch {
        // Gone between the listing and the stat (a WAL being truncated): it takes nothing.
      }
    }
    return { freeBytes: fs.bavail * fs.bsize, dataBytes }
  }
}
