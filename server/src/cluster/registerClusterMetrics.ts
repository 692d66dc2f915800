import { Counter, Gauge, type Registry } from 'prom-client'
import type { ClusterCounters } from './ClusterCounters'

/** This node's fan-out figures on /metrics (multi-node mode only); read from the counters when scraped. */
export function registerClusterMetrics(registry: Registry, counters: ClusterCounters, redisUp: () => boolean): void {
  const registers = [registry]
  const counter = (name: string, help: string, value: () => number) =>
    new Counter({
      name,
      help,
      registers,
      collect() {
        this.reset()
        this.inc(value())
      },
    })
  counter('whiteboard_cluster_published_total', 'Updates this node published to the other nodes through Redis', () => counters.published)
  counter('whiteboard_cluster_publish_failures_total', 'Updates whose publish failed or was not tried (Redis down); the other nodes read them from Postgres', () => counters.publishFailures)
  counter('whiteboard_cluster_received_total', 'Updates of other nodes received through Redis', () => counters.received)
  counter('whiteboard_cluster_duplicates_total', 'Received updates dropped because their seq was applied already', () => counters.duplicates)
  counter('whiteboard_cluster_malformed_total', 'Stream entries skipped or read from Postgres because they could not be read', () => counters.malformed)
  counter('whiteboard_cluster_gaps_filled_total', 'Gaps in the seqs filled from Postgres', () => counters.gapsFilled)
  counter('whiteboard_cluster_updates_filled_total', 'Updates applied from Postgres because Redis did not bring them', () => counters.updatesFilled)
  counter('whiteboard_cluster_polls_while_redis_down_total', 'Polls of Postgres for new updates made while Redis was unreachable', () => counters.pollsWhileDown)
  counter('whiteboard_cluster_presence_published_total', 'Presence messages published to the other nodes', () => counters.presencePublished)
  counter('whiteboard_cluster_presence_received_total', 'Presence messages received from the other nodes', () => counters.presenceReceived)
  counter('whiteboard_cluster_nodes_lapsed_total', "Other nodes found dead (heartbeat lapsed) while this node showed their people, whose presence it then removed", () => counters.nodesLapsed)
  counter('whiteboard_cluster_seats_refused_total', 'Connections refused because the board was full across the nodes', () => counters.seatsRefused)
  counter('whiteboard_cluster_seats_unchecked_total', "Connections admitted on this node's own count because Redis could not answer", () => counters.seatsUnchecked)
  new Gauge({
    name: 'whiteboard_cluster_redis_lag_seconds',
    help: 'Age of the last update received through Redis when it arrived (Redis clock to this node)',
    registers,
    collect() {
      this.set(counters.lagMs / 1000)
    },
  })
  new Gauge({
    name: 'whiteboard_cluster_redis_up',
    help: '1 when this node reaches Redis, 0 when it does not (fan-out then polls Postgres)',
    registers,
    collect() {
      this.set(redisUp() ? 1 : 0)
    },
  })
}
