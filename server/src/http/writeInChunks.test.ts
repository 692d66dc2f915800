import { createServer, get, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { writeInChunks } from './writeInChunks'

/** Counts turns of the event loop: one increment in each check phase. */
function turnCounter(): { now: () => number; stop: () => void } {
  let turn = 0
  let next = setImmediate(function tick() {
    turn++
    next = setImmediate(tick)
  })
  return { now: () => turn, stop: () => clearImmediate(next) }
}

function download(port: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path: '/' }, (res) => {
      const parts: Buffer[] = []
      res.on('data', (part: Buffer) => parts.push(part))
      res.on('end', () => resolve(Buffer.concat(parts)))
      res.on('error', reject)
    }).on('error', reject)
  })
}

describe('writeInChunks', () => {
  let server: Server | null = null
  afterEach(async () => {
    await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined))
    server = null
  })

  it('hands a client that reads at once each piece in its own turn of the event loop, and the whole body', async () => {
    const body = Buffer.alloc(64 * 1024)
    for (let i = 0; i < body.length; i++) body[i] = i % 251
    const turnsOfPieces: number[] = []
    const turns = turnCounter()
    let finished: Promise<boolean> = Promise.resolve(false)
    server = createServer((_req, res) => {
      const write = res.write.bind(res) as (chunk: Uint8Array) => boolean
      res.write = ((chunk: Uint8Array) => {
        turnsOfPieces.push(turns.now())
        return write(chunk)
      }) as typeof res.write
      res.setHeader('Content-Length', String(body.length))
      finished = writeInChunks(res, body, 1024)
    })
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
    const received = await download((server.address() as AddressInfo).port)
    turns.stop()

    expect(await finished).toBe(true)
    expect(received.equals(body)).toBe(true)
    expect(turnsOfPieces).toHaveLength(64)
    // The kernel takes 1 KiB pieces at once, so without a wait between them every piece went
    // out in the turn of the first, and no other socket was read or written meanwhile.
    for (let i = 1; i < turnsOfPieces.length; i++) expect(turnsOfPieces[i]).toBeGreaterThan(turnsOfPieces[i - 1]!)
  })
})
