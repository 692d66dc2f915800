import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ENVIRONMENT_VARIABLES } from './config'

/** Read when the web app is built, not by the server: in the README's table, not in config.ts. */
const BUILD_TIME_VARIABLES = ['VITE_TLDRAW_LICENSE_KEY']

/** The variables the README's configuration table names: every `UPPER_CASE` name in its first column. */
function documentedVariables(): string[] {
  const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8')
  const section = readme.split(/^## /m).find((s) => s.startsWith('Configuration'))
  if (section === undefined) throw new Error('README.md has no "## Configuration" section')
  const names = section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .flatMap((line) => [...(line.split('|')[1] ?? '').matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1]!))
  return [...new Set(names)].sort()
}

describe("the README's configuration table", () => {
  it('lists exactly the environment variables the server reads, and the build-time ones', () => {
    expect(documentedVariables()).toEqual([...ENVIRONMENT_VARIABLES, ...BUILD_TIME_VARIABLES].sort())
  })
})
