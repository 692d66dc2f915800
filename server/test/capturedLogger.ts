import { Writable } from 'node:stream'
import { pino, type Logger } from 'pino'

/** A logger at the most verbose level whose lines a test can read back, for checks of what logs may hold. */
export function capturedLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = []
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean))
      done()
    },
  })
  return { logger: pino({ level: 'trace' }, sink), lines }
}
