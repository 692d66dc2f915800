import type { ServerUnderTest } from '../servers/ServerUnderTest'
import { RawSyncClient } from '../capacityClients/RawSyncClient'
import type { BoardAccess } from '../servers/ServerUnderTest'
import { pause } from '../timing/pause'
import { withTimeout } from '../timing/withTimeout'

/** The target: nothing one client does may block other boards for longer than this. */
export const STALL_TARGET_MS = 50

const HEALTHZ_INTERVAL_MS = 10
const SCENARIO_TIMEOUT_MS = 180_000
const MB = 1024 * 1024

export interface StallScenario {
  /** `idle` is the control: the same server doing nothing but answer /healthz (on a shared machine, the noise floor). */
  name: 'idle' | 'cold load' | 'JSON downloads' | 'unread downloads' | 'cold load from Postgres'
  /** Longest event-loop block in the server while it ran (overstated by at most 5 ms). */
  maxLoopDelayMs: number
  /**
   * The most CPU time the server's main thread used in one block (ProbeReply.loopCpuMaxMs):
   * what the block costs by itself, which on a machine shared with other busy processes is
   * the figure to compare with the target; null where it cannot be read.
   */
  maxLoopCpuMs: number | null
  /** Slowest /healthz answer to a client polling it every 10 ms meanwhile. */
  maxHealthzMs: number
  healthzFailures: number
  rssBeforeMb: number
  rssPeakMb: number
  durationMs: number
}

/**
 * Runs one scenario with a /healthz poller beside it, between two probes of the server (launched
 * with `loopMonitor`), and reports the longest event-loop block the scenario caused.
 */
export async function measureStall(server: ServerUnderTest, name: StallScenario['name'], scenario: (sampleRss: () => Promise<void>) => Promise<void>): Promise<StallScenario> {
  const before = await server.probe({ gc: true, resetLoopDelay: true })
  // The first interval after a reset is not recorded: let one pass before the work starts.
  await pause(50)
  let rssPeak = before.mem.rss
  const sampleRss = async () => {
    rssPeak = Math.max(rssPeak, (await server.probe()).mem.rss)
  }
  let polling = true
  let maxHealthzMs = 0
  let healthzFailures = 0
  const poller = (async () => {
    while (polling) {
      const started = performance.now()
      try {
        const res = await fetch(`${server.origin}/healthz`)
        await res.arrayBuffer()
        if (res.status !== 200) healthzFailures++
      } catch {
        healthzFailures++
      }
      maxHealthzMs = Math.max(maxHealthzMs, performance.now() - started)
      await pause(HEALTHZ_INTERVAL_MS)
    }
  })()
  const started = performance.now()
  await withTimeout(scenario(sampleRss), SCENARIO_TIMEOUT_MS, `stall scenario "${name}"`)
  const durationMs = performance.now() - started
  polling = false
  await poller
  const after = await server.probe()
  if (after.loopDelayMaxMs === null) throw new Error('the stall benchmark needs a server launched with loopMonitor')
  rssPeak = Math.max(rssPeak, after.mem.rss)
  return {
    name,
    maxLoopDelayMs: after.loopDelayMaxMs,
    maxLoopCpuMs: after.loopCpuMaxMs,
    maxHealthzMs,
    healthzFailures,
    rssBeforeMb: before.mem.rss / MB,
    rssPeakMb: rssPeak / MB,
    durationMs,
  }
}


/**
 * A board's cold load as people make it: the first client gets the stored board while the
 * room's doc is built, and the room greets it once the load is done; a second one is then
 * answered by the loaded room.
 */
export async function coldLoadByTwoClients(access: BoardAccess): Promise<void> {
  const presence = { user: { id: 'stall', name: 'Stall', color: '#2f9e44' } }
  const first = new RawSyncClient(access, 1, presence)
  await first.synced
  await first.joined
  const second = new RawSyncClient(access, 2, presence)
  await second.synced
  await Promise.all([first.close(), second.close()])
}
