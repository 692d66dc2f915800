import type { Page } from '@playwright/test'
import type { TLPageId, TLShape } from '@tldraw/tlschema'
import { getIndexAbove, type IndexKey } from '@tldraw/utils'
import { TEMPLATE_IDS } from '@whiteboard/shared/templates/catalog'
import { buildTemplate } from '@whiteboard/shared/templates/build'
import type { BenchPage } from './pageApi'

export interface TemplateInsertTiming {
  templateId: string
  shapes: number
  /** Page clock: from the insert call to the template painted (two frames later). */
  ms: number
  /** Page clock: the insert call alone (placement, store change, camera move started), before any painting. */
  callMs: number
  /** Which path was timed: the client's own insert, or the records put into the store. */
  via: 'window.__insertTemplate' | 'editor.store.put'
}

/** The template with the most shapes: the worst case a facilitator can insert. */
export function largestTemplate(): { id: string; shapes: number } {
  let best = { id: TEMPLATE_IDS[0]!, shapes: 0 }
  for (const id of TEMPLATE_IDS) {
    const shapes = buildTemplate(id, 'nb', { x: 0, y: 0 }, { pageId: 'page:page' as TLPageId }).length
    if (shapes > best.shapes) best = { id, shapes }
  }
  return best
}

interface InsertPage extends BenchPage {
  __insertTemplate?: (id: string) => unknown
  __editor?: BenchPage['__editor'] & {
    run(fn: () => void): void
    store: { put(records: unknown[]): void }
  }
}

/**
 * Times inserting the largest template into the open board. Uses the client's own insert
 * (placement beside existing content, one store change) when it exposes one as
 * `window.__insertTemplate(id)`; otherwise puts the same records, built by the shared template
 * code, into the store in one `editor.run`, which is the insert minus the placement.
 */
export async function timeTemplateInsert(page: Page, opts: { right: number; topIndex: IndexKey }): Promise<TemplateInsertTiming> {
  const template = largestTemplate()
  const hasApi = await page.evaluate(() => typeof (globalThis as unknown as InsertPage).__insertTemplate === 'function')
  if (hasApi) {
    const { ms, callMs } = await page.evaluate(
      (id) =>
        new Promise<{ ms: number; callMs: number }>((done) => {
          const p = globalThis as unknown as InsertPage
          const started = p.performance.now()
          p.__insertTemplate!(id)
          const callMs = p.performance.now() - started
          p.requestAnimationFrame(() => p.requestAnimationFrame(() => done({ ms: p.performance.now() - started, callMs })))
        }),
      template.id,
    )
    return { templateId: template.id, shapes: template.shapes, ms, callMs, via: 'window.__insertTemplate' }
  }
  const records: TLShape[] = buildTemplate(template.id, 'nb', { x: opts.right + 200, y: 0 }, { pageId: 'page:page' as TLPageId, index: getIndexAbove(opts.topIndex) })
  const { ms, callMs } = await page.evaluate(
    (recs) =>
      new Promise<{ ms: number; callMs: number }>((done) => {
        const p = globalThis as unknown as InsertPage
        const started = p.performance.now()
        p.__editor!.run(() => p.__editor!.store.put(recs))
        const callMs = p.performance.now() - started
        p.requestAnimationFrame(() => p.requestAnimationFrame(() => done({ ms: p.performance.now() - started, callMs })))
      }),
    records as unknown[],
  )
  return { templateId: template.id, shapes: records.length, ms, callMs, via: 'editor.store.put' }
}
