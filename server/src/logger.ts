import { pino, type Logger } from 'pino'
import type { LogLevel } from './config'

/**
 * Structured JSON logs to stdout. Tokens must never reach a log line: code logs paths without
 * query strings, and these redactions catch a token that slips into a logged object anyway.
 */
export function createLogger(level: LogLevel): Logger {
  return pino({
    level,
    base: { service: 'whiteboard' },
    redact: { paths: ['token', '*.token', 'tokens', '*.tokens', 'headers.authorization', '*.headers.authorization', 'url', '*.url'], censor: '[redacted]' },
  })
}
