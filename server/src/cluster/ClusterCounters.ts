/**
 * The fan-out figures of one node, plain numbers bumped on the hot path and read by /metrics
 * when it is scraped (registerClusterMetrics.ts).
 */
export interface ClusterCounters {
  /** Updates this node published to the other nodes. */
  published: number
  /** Publishes that failed or were not tried (Redis down); the other nodes read those from Postgres. */
  publishFailures: number
  /** Updates of other nodes received through Redis. */
  received: number
  /** Received entries dropped because their seq was applied already. */
  duplicates: number
  /** Stream entries that were not an update of this server, or held an unreadable one. */
  malformed: number
  /** Fills from Postgres that applied something Redis did not bring... */
  gapsFilled: number
  /** ...and the updates they applied. */
  updatesFilled: number
  /** Polls of Postgres made because Redis was down. */
  pollsWhileDown: number
  /** Age of the last entry received when it arrived (ms): the lag of the fan-out through Redis. */
  lagMs: number
  /** Presence messages published and received through Redis. */
  presencePublished: number
  presenceReceived: number
  /** Other nodes found dead (heartbeat lapsed) while this node showed their people. */
  nodesLapsed: number
  /** Connections refused because the board was full across the nodes. */
  seatsRefused: number
  /** Seat checks that fell back to this node's own count because Redis could not answer. */
  seatsUnchecked: number
}

export function newClusterCounters(): ClusterCounters {
  return {
    published: 0,
    publishFailures: 0,
    received: 0,
    duplicates: 0,
    malformed: 0,
    gapsFilled: 0,
    updatesFilled: 0,
    pollsWhileDown: 0,
    lagMs: 0,
    presencePublished: 0,
    presenceReceived: 0,
    nodesLapsed: 0,
    seatsRefused: 0,
    seatsUnchecked: 0,
  }
}
