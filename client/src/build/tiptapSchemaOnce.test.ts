import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import type { TransformResult } from 'vite'
import { tiptapSchemaOnce } from './tiptapSchemaOnce'

/** Where npm installs tldraw's TipTap (hoisted to the repository's node_modules). */
const TIPTAP_CORE = join(import.meta.dirname, '..', '..', '..', 'node_modules', '@tiptap', 'core', 'dist', 'index.js')

function transform(code: string, id: string): TransformResult | null {
  const hook = tiptapSchemaOnce().transform as (code: string, id: string) => TransformResult | null
  return hook(code, id)
}

/** Runs a transformed bundle's getSchema with a stand-in for the schema builder. */
function getSchemaOf(code: string): { getSchema(extensions: unknown, editor?: unknown): unknown; builds: () => number } {
  let builds = 0
  const getSchema = runInNewContext(`${code}\ngetSchema`, { build: () => ({ schema: ++builds }) }) as (extensions: unknown, editor?: unknown) => unknown
  return { getSchema, builds: () => builds }
}

const BUNDLE = 'function getSchemaByResolvedExtensions() { return build() }\nfunction resolveExtensions(e) { return e }\nfunction getSchema(extensions, editor) {\n\treturn getSchemaByResolvedExtensions(resolveExtensions(extensions), editor);\n}'

describe('tiptapSchemaOnce', () => {
  it('builds the schema of one extension list once, and again for a live editor or another list', () => {
    const out = transform(BUNDLE, '/x/node_modules/@tiptap/core/dist/index.js')
    const { getSchema, builds } = getSchemaOf(typeof out === 'object' && out?.code ? out.code : '')
    const extensions = [{ name: 'a' }]
    const first = getSchema(extensions)
    expect(getSchema(extensions)).toBe(first)
    expect(builds()).toBe(1)
    getSchema(extensions, { editor: true })
    getSchema([{ name: 'a' }])
    expect(builds()).toBe(3)
  })

  it('leaves every other module alone', () => {
    expect(transform(BUNDLE, '/x/node_modules/@tiptap/pm/dist/index.js')).toBeNull()
  })

  it('fails the build when TipTap no longer has the function it replaces', () => {
    expect(() => transform('function other() {}', '/x/node_modules/@tiptap/core/dist/index.js')).toThrow(/tiptapSchemaOnce/)
  })

  it('finds the function in the installed TipTap', () => {
    expect(readFileSync(TIPTAP_CORE, 'utf8')).toContain('function getSchema(extensions, editor) {')
  })
})
