import { Gauge, type Registry } from 'prom-client'
import type { AnswerBudget } from '../http/AnswerBudget'

/** Gauges of the large-answer budget on /metrics: what downloads hold in memory now, and how many wait for it. */
export function registerAnswerBudgetMetrics(registry: Registry, budget: AnswerBudget): void {
  const registers = [registry]
  new Gauge({
    name: 'whiteboard_answer_bytes_in_flight',
    help: 'Bytes of large answers (snapshot downloads, images) held in memory while they go out',
    registers,
    collect() {
      this.set(budget.bytesInFlight)
    },
  })
  new Gauge({
    name: 'whiteboard_answers_waiting',
    help: 'Large answers waiting for room in the memory budget',
    registers,
    collect() {
      this.set(budget.waitingCount)
    },
  })
}
