import { describe, expect, it } from 'vitest'
import { HeavyWorkQueue, QueueFullError } from './HeavyWorkQueue'

/** A job that runs until `finish` is called, and records when it started. */
function gate(log: string[], name: string) {
  let finish!: () => void
  const done = new Promise<void>((resolve) => (finish = resolve))
  return {
    job: async () => {
      log.push(`start ${name}`)
      await done
      log.push(`end ${name}`)
      return name
    },
    finish: () => finish(),
  }
}

const turn = () => new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)))

describe('HeavyWorkQueue', () => {
  it('runs at most `concurrency` jobs at once, in arrival order, and refuses past `maxWaiting`', async () => {
    const log: string[] = []
    const queue = new HeavyWorkQueue('test', 2, 2)
    const a = gate(log, 'a')
    const b = gate(log, 'b')
    const c = gate(log, 'c')
    const d = gate(log, 'd')
    const results = [queue.run(a.job), queue.run(b.job), queue.run(c.job), queue.run(d.job)]
    await expect(queue.run(async () => 'e')).rejects.toBeInstanceOf(QueueFullError)
    await turn()
    expect(log).toEqual(['start a', 'start b'])
    expect(queue.running).toBe(2)
    expect(queue.queued).toBe(2)
    b.finish()
    await turn()
    expect(log).toEqual(['start a', 'start b', 'end b', 'start c'])
    a.finish()
    c.finish()
    d.finish()
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c', 'd'])
    expect(queue.running).toBe(0)
  })

  it('starts the next job only after a poll for I/O, not in the same turn as the one that ended', async () => {
    const queue = new HeavyWorkQueue('test', 1, 10)
    const order: string[] = []
    const first = queue.run(() => {
      order.push('first')
      // An I/O-phase callback queued while the first job runs must come before the second job.
      setImmediate(() => order.push('other work'))
    })
    const second = queue.run(() => {
      order.push('second')
    })
    await Promise.all([first, second])
    expect(order).toEqual(['first', 'other work', 'second'])
  })

  it('drops a waiting job whose signal aborts, and runs the rest', async () => {
    const log: string[] = []
    const queue = new HeavyWorkQueue('test', 1, 10)
    const a = gate(log, 'a')
    const running = queue.run(a.job)
    const gone = new AbortController()
    const dropped = queue.run(async () => log.push('dropped ran'), gone.signal)
    const kept = queue.run(async () => 'kept')
    gone.abort(new Error('client went away'))
    await expect(dropped).rejects.toThrow('client went away')
    expect(queue.queued).toBe(1)
    a.finish()
    expect(await running).toBe('a')
    expect(await kept).toBe('kept')
    expect(log).not.toContain('dropped ran')
  })

  it('frees the slot of a job that throws', async () => {
    const queue = new HeavyWorkQueue('test', 1, 10)
    await expect(queue.run(() => Promise.reject(new Error('broken')))).rejects.toThrow('broken')
    expect(await queue.run(() => 'next')).toBe('next')
  })
})
