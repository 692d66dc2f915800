import type { ServerUnderTest } from './ServerUnderTest'

/**
 * Resolves when the server logs a JSON line with this `msg` (and, if given, these fields).
 * Start waiting before causing the event, so the line cannot slip past.
 */
export function untilLogLine(server: ServerUnderTest, msg: string, fields: Record<string, unknown> = {}, timeoutMs = 30_000): Promise<Record<string, unknown>> {
  return new Promise((done, fail) => {
    const timer = setTimeout(() => {
      off()
      fail(new Error(`the server did not log "${msg}" within ${timeoutMs} ms`))
    }, timeoutMs)
    const off = server.onLogLine((line) => {
      let entry: Record<string, unknown>
      try {
        entry = JSON.parse(line) as Record<string, unknown>
      } catch {
        return
      }
      if (entry.msg !== msg || Object.entries(fields).some(([key, value]) => entry[key] !== value)) return
      clearTimeout(timer)
      off()
      done(entry)
    })
  })
}
