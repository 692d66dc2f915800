import { clusterKeys } from './clusterKeys'
import type { RedisLink } from './RedisLink'

/**
 * How long a node's heartbeat key lives without being refreshed. A node that dies (kill -9,
 * power cut, SIGSTOP) is taken for dead this long after its last refresh at most, and the
 * others then drop its people's presence: well inside the 10 seconds within which cursors of
 * people who are gone should vanish, and long enough that a busy event loop (a large board
 * loading) does not make a living node look dead.
 */
export const NODE_TTL_MS = 5_000

/** How often a node refreshes its key, and looks at the keys of the nodes whose presence it holds. */
export const NODE_HEARTBEAT_MS = 2_000

/**
 * This node's heartbeat in Redis (a key with a short expiry, refreshed while the node lives),
 * and the question whether other nodes are alive. When Redis is unreachable nobody can tell,
 * and `alive` answers null rather than declaring everyone dead.
 */
export class NodeHeartbeat {
  private timer: NodeJS.Timeout | null = null

  constructor(
    private readonly link: RedisLink,
    private readonly nodeId: string,
    readonly ttlMs = NODE_TTL_MS,
  ) {
    // Beat at once when Redis is back, not at the next tick: a restarted Redis holds no heartbeats.
    link.onChange((up) => {
      if (up) this.beat()
    })
  }

  start(everyMs = NODE_HEARTBEAT_MS): void {
    this.beat()
    this.timer = setInterval(() => this.beat(), everyMs)
    this.timer.unref()
  }

  /** Which of `nodeIds` have a live heartbeat; null when Redis cannot be asked. */
  async alive(nodeIds: readonly string[]): Promise<Set<string> | null> {
    if (nodeIds.length === 0) return new Set()
    if (!this.link.up) return null
    try {
      const values = await this.link.commands.mget(nodeIds.map(clusterKeys.node))
      return new Set(nodeIds.filter((_, i) => values[i] !== null))
    } catch {
      return null
    }
  }

  /** Stops beating and removes the key: the others drop this node's presence at once (it closed its connections first). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    if (!this.link.up) return
    await this.link.commands.del(clusterKeys.node(this.nodeId)).catch(() => undefined)
  }

  private beat(): void {
    if (!this.link.up) return
    this.link.commands.set(clusterKeys.node(this.nodeId), String(Date.now()), 'PX', this.ttlMs).catch(() => undefined)
  }
}
