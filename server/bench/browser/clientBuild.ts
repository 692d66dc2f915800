import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import buildTestClient, { TEST_CLIENT_DIST } from '../../../e2e/fixtures/buildTestClient'

/**
 * The browser benchmarks drive the test build, as the e2e specs do: they reach the editor through its test hooks.
 * BENCH_CLIENT_DIST points them at another test build instead (`vite build --outDir`), so two versions of the
 * client can be measured in alternation on the same machine without rebuilding between runs.
 */
export const BENCH_CLIENT_DIST = process.env.BENCH_CLIENT_DIST ? resolve(process.env.BENCH_CLIENT_DIST) : TEST_CLIENT_DIST

export function clientIsBuilt(): boolean {
  return existsSync(join(BENCH_CLIENT_DIST, 'index.html'))
}

/** Builds the web app with its test hooks (`npm run build:test`). Throws if the build fails. */
export function buildClient(log: (line: string) => void): void {
  log('building the client (vite build with test hooks) for the browser benchmarks...')
  buildTestClient()
}
