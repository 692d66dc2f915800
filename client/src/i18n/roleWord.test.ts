import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const CLIENT_SRC = join(import.meta.dirname, '..')

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : []
  })
}

/**
 * The interface names the role one way in Norwegian: "fasilitator", the word the facilitation
 * tools already used, not "tilrettelegger" beside it. "Lei en samling" reads as "rent a
 * gathering"; a gathering is arranged.
 */
describe('words in the Norwegian texts', () => {
  const files = sourceFiles(CLIENT_SRC).map((path) => ({ path, text: readFileSync(path, 'utf8') }))

  it('calls the role "fasilitator" everywhere', () => {
    expect(files.filter((f) => /tilrettelegg/i.test(f.text)).map((f) => f.path)).toEqual([])
    expect(files.some((f) => /fasilitator/i.test(f.text))).toBe(true)
  })

  it('arranges a gathering rather than renting one', () => {
    expect(files.filter((f) => /\bLei (en|ei) samling/i.test(f.text)).map((f) => f.path)).toEqual([])
  })
})
