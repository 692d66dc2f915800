/**
 * Benchmark 4, large-board client: a browser holds a board of 2,000 shapes, zoomed to show
 * them all, while a second client (Node, y-websocket) moves 100 shapes per second. Frame times
 * are requestAnimationFrame deltas recorded in the page. Also times a template insert, if the
 * client exposes one to scripts.
 */
import type { Browser } from '@playwright/test'
import { YKeyValue } from 'y-utility/y-keyvalue'
import type { TLGeoShape } from '@tldraw/tlschema'
import type { IndexKey } from '@tldraw/utils'
import type * as Y from 'yjs'
import { recordsArray } from '@whiteboard/shared/board/docLayout'
import { launchServer } from './servers/ServerUnderTest'
import { seedBoardOverSync } from './board/seedBoardOverSync'
import { freshBoardContext, launchChromium } from './browser/launchChromium'
import { pageHasShapes, startFrameRecorder, takeFrames, type BenchPage } from './browser/pageApi'
import { summarize, type Distribution } from './stats/summarize'
import { startPageProfiler } from './browser/pageProfiler'
import { startMainThreadCpu } from './browser/mainThreadCpu'
import { timeTemplateInsert, type TemplateInsertTiming } from './browser/templateInsert'
import { pause } from './timing/pause'

export interface LargeBoardOptions {
  shapes: number
  movesPerSecond: number
  /** Move ticks per second; each tick moves movesPerSecond / tickHz shapes in one update. */
  tickHz: number
  idleMs: number
  movingMs: number
  chromiumPath: string
  /** Write a CPU profile of the page while it receives moves to this file. */
  profileFile?: string
  log?: (line: string) => void
}

export interface LargeBoardResult {
  shapes: number
  movesPerSecond: number
  idleFrameMs: Distribution
  movingFrameMs: Distribution
  /**
   * CPU time of the page's main thread per remote update (one tick of moves) while moving, and
   * for the template insert on the large board: unlike frame times, not stretched by other
   * processes on a shared machine.
   */
  mainThreadCpuMs: { perRemoteUpdate: number; templateInsert: number }
  /** Moves the browser had applied by the end, of those sent (a check that it kept up). */
  movesSeen: { sent: number; lastApplied: boolean }
  templateInsert: TemplateInsertTiming | { skipped: string }
  /** The same insert on an empty board, as at the start of a workshop: what the board's size adds. */
  templateInsertEmptyBoard?: TemplateInsertTiming
}

const OPEN_TIMEOUT_MS = 60_000

export async function runLargeBoard(opts: LargeBoardOptions): Promise<LargeBoardResult> {
  const log = opts.log ?? (() => {})
  const server = await launchServer('ours')
  let browser: Browser | null = null
  try {
    const access = await server.createBoard(`large board ${opts.shapes}`)
    const { writer, ids } = await seedBoardOverSync(access, opts.shapes)
    browser = await launchChromium(opts.chromiumPath)
    const context = await freshBoardContext(browser)
    const page = await context.newPage()
    await page.goto(`${server.origin}/b/${access.room}#token=${access.tokens!.facilitator}`)
    await page.waitForFunction(pageHasShapes, opts.shapes, { polling: 'raf', timeout: OPEN_TIMEOUT_MS })
    // All shapes on screen: every remote move then has to be painted.
    await page.evaluate(() => (globalThis as unknown as BenchPage).__editor!.zoomToFit())
    await page.evaluate(startFrameRecorder)
    await pause(opts.idleMs)
    const idle = await page.evaluate(takeFrames)

    const kv = new YKeyValue<TLGeoShape>(recordsArray(writer.doc) as unknown as Y.Array<{ key: string; val: TLGeoShape }>)
    const perTick = Math.max(1, Math.round(opts.movesPerSecond / opts.tickHz))
    let sent = 0
    let lastMoved: { id: string; x: number } | null = null
    await page.evaluate(startFrameRecorder)
    const profiler = opts.profileFile ? await startPageProfiler(context, page) : null
    const movingCpu = await startMainThreadCpu(context, page)
    let ticks = 0
    const timer = setInterval(() => {
      ticks++
      writer.doc.transact(() => {
        for (let j = 0; j < perTick; j++) {
          const id = ids[sent % ids.length]!
          const shape = kv.get(id)!
          const x = shape.x + 7
          kv.set(id, { ...shape, x })
          lastMoved = { id, x }
          sent++
        }
      })
    }, 1000 / opts.tickHz)
    await pause(opts.movingMs)
    clearInterval(timer)
    const moving = await page.evaluate(takeFrames)
    const perRemoteUpdate = (await movingCpu.stop()) / Math.max(1, ticks)
    if (profiler && opts.profileFile) await profiler.stop(opts.profileFile)
    const last = lastMoved as { id: string; x: number } | null
    const lastApplied = last
      ? await page
          .waitForFunction(
            ([id, x]) => (globalThis as unknown as BenchPage).__editor?.getShape(id)?.x === x,
            [last.id, last.x] as const,
            { timeout: 10_000 },
          )
          .then(() => true, () => false)
      : false
    log(`large board: frames idle p95 ${summarize(idle).p95.toFixed(1)} ms, moving p95 ${summarize(moving).p95.toFixed(1)} ms; main-thread CPU ${perRemoteUpdate.toFixed(1)} ms per remote update`)

    // Right of the seeded grid, above every seeded shape.
    const insertCpu = await startMainThreadCpu(context, page)
    const templateInsert = await timeTemplateInsert(page, { right: 50 * 150, topIndex: kv.get(ids[ids.length - 1]!)!.index })
    const templateInsertCpu = await insertCpu.stop()
    log(`large board: template ${templateInsert.templateId} (${templateInsert.shapes} shapes) inserted in ${templateInsert.ms.toFixed(0)} ms via ${templateInsert.via}`)
    writer.destroy()
    await context.close()

    const emptyAccess = await server.createBoard('empty board for a template')
    const emptyContext = await freshBoardContext(browser)
    const emptyPage = await emptyContext.newPage()
    await emptyPage.goto(`${server.origin}/b/${emptyAccess.room}#token=${emptyAccess.tokens!.facilitator}`)
    await emptyPage.waitForFunction(() => (globalThis as unknown as BenchPage).__editor !== undefined, undefined, { polling: 'raf', timeout: OPEN_TIMEOUT_MS })
    const templateInsertEmptyBoard = await timeTemplateInsert(emptyPage, { right: 0, topIndex: 'a1' as IndexKey })
    log(`large board: the same template on an empty board in ${templateInsertEmptyBoard.ms.toFixed(0)} ms`)
    await emptyContext.close()
    return {
      shapes: opts.shapes,
      movesPerSecond: opts.movesPerSecond,
      idleFrameMs: summarize(idle),
      movingFrameMs: summarize(moving),
      mainThreadCpuMs: { perRemoteUpdate, templateInsert: templateInsertCpu },
      movesSeen: { sent, lastApplied },
      templateInsert,
      templateInsertEmptyBoard,
    }
  } finally {
    await browser?.close()
    await server.dispose()
  }
}
