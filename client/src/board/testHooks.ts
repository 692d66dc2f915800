import type { Editor } from 'tldraw'
import type { TemplatePlacement } from '../templates/insertTemplate'

/** What the end-to-end tests and the browser benchmarks reach into a board page for. */
interface TestWindow {
  /** The live editor, to read shapes and state. */
  __editor?: Editor
  /** The template picker's own insert (placement beside the content included); server/bench/largeBoard.ts times it. */
  __insertTemplate?: (id: string) => TemplatePlacement
}

/**
 * Puts the editor on `window` for the tests, in a test build only (`npm run build:test`, which
 * the e2e run and the benchmarks make into client/dist-test). Vite replaces the flag at build
 * time, so a production build (`npm run build`) holds none of this: a page's scripts, an
 * extension or a pasted snippet find no editor handle there. Returns the undo.
 */
export function exposeForTests(editor: Editor, insertTemplate: (id: string) => TemplatePlacement): () => void {
  if (import.meta.env.VITE_TEST_HOOKS !== '1') return () => {}
  const testWindow = window as unknown as TestWindow
  testWindow.__editor = editor
  testWindow.__insertTemplate = insertTemplate
  return () => {
    if (testWindow.__editor !== editor) return
    delete testWindow.__editor
    delete testWindow.__insertTemplate
  }
}
