import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const repoRoot = resolve(import.meta.dirname, '..', '..', '..')
const dockerfile = readFileSync(join(repoRoot, 'Dockerfile'), 'utf8')
const scripts = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts

/** The instructions of one stage, continuation lines joined. */
function stages(): string[][] {
  const lines = dockerfile
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
  const result: string[][] = []
  for (const line of lines) {
    if (line.startsWith('FROM ')) result.push([])
    result.at(-1)?.push(line)
  }
  return result
}

/**
 * CI cannot build the image (no base image can be fetched where it runs), so this holds the
 * Dockerfile to what productionStart.test.ts proves outside a container: the same build, the
 * production dependencies only, the same start command, a user who is not root, /healthz.
 */
describe('the Dockerfile', () => {
  const [build, run] = stages()

  it('builds on node:20-bookworm-slim with npm ci, npm run build and npm prune --omit=dev', () => {
    expect(build?.[0]).toMatch(/^FROM node:20-bookworm-slim AS build$/)
    const commands = build?.filter((line) => line.startsWith('RUN ')).join('\n') ?? ''
    expect(commands).toMatch(/npm ci\b/)
    expect(commands).toMatch(/npm run build && npm prune --omit=dev/)
  })

  it('runs the built server as npm run serve does, as a user who is not root, with DATA_DIR=/data as a volume, HOST=0.0.0.0 and a health check on /healthz', () => {
    expect(run?.[0]).toBe('FROM node:20-bookworm-slim')
    const cmd = run?.find((line) => line.startsWith('CMD '))
    expect(cmd && (JSON.parse(cmd.slice(4)) as string[]).join(' ')).toBe(scripts.serve)
    const user = run?.filter((line) => line.startsWith('USER ')).at(-1)
    expect(user).toBeDefined()
    expect(user).not.toMatch(/^USER (root|0)(:|$)/)
    expect(run).toContain('VOLUME /data')
    const env = run?.filter((line) => line.startsWith('ENV ')).join(' ') ?? ''
    expect(env).toMatch(/\bDATA_DIR=\/data\b/)
    expect(env).toMatch(/\bHOST=0\.0\.0\.0\b/)
    expect(run?.find((line) => line.startsWith('HEALTHCHECK '))).toMatch(/\/healthz/)
  })

  it('copies the built server and web app, which npm run build writes', () => {
    expect(scripts.build).toMatch(/build:server/)
    expect(run).toContain('COPY --from=build /app/server/dist ./server/dist')
    expect(run).toContain('COPY --from=build /app/client/dist ./client/dist')
  })
})
