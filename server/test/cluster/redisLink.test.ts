import { createConnection, createServer, type Socket } from 'node:net'
import pino from 'pino'
import { Redis } from 'ioredis'
import { describe, expect, it } from 'vitest'
import { RedisLink } from '../../src/cluster/RedisLink'
import { redisPerFile } from '../redis/redisPerFile'
import { waitFor } from '../waitFor'

/** The node's Redis connections against a real Redis that restarts. */

const file = redisPerFile()
const { cleanups } = file

const log = pino({ level: 'silent' })
async function openLink(): Promise<RedisLink> {
  const link = new RedisLink(file.redis.url, log)
  cleanups.push(() => link.close())
  await link.whenReady(link.subscriber, () => false)
  return link
}

async function publisher(): Promise<Redis> {
  const client = new Redis(file.redis.url)
  cleanups.push(() => client.disconnect())
  return client
}

/**
 * A TCP proxy to the test's Redis that can break every connection, and hold Redis' answers on a
 * connection from the moment it sends SUBSCRIBE (`holdAnswersToSubscribe`).
 */
async function redisProxy() {
  const pairs = new Set<[Socket, Socket]>()
  let hold = false
  let heldSubscribes = 0
  const server = createServer((client) => {
    const upstream = createConnection(Number(new URL(file.redis.url).port), '127.0.0.1')
    const pair: [Socket, Socket] = [client, upstream]
    pairs.add(pair)
    let holding = false
    client.on('data', (data: Buffer) => {
      if (hold && !holding && data.toString('latin1').toLowerCase().includes('subscribe')) {
        holding = true
        heldSubscribes++
      }
      upstream.write(data)
    })
    upstream.on('data', (data: Buffer) => {
      if (!holding) client.write(data)
    })
    const end = () => {
      pairs.delete(pair)
      client.destroy()
      upstream.destroy()
    }
    client.on('close', end).on('error', end)
    upstream.on('close', end).on('error', end)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  const proxy = {
    url: `redis://127.0.0.1:${port}`,
    get heldSubscribes() {
      return heldSubscribes
    },
    holdAnswersToSubscribe: () => void (hold = true),
    breakConnections: () => {
      for (const [client, upstream] of pairs) {
        client.destroy()
        upstream.destroy()
      }
    },
  }
  cleanups.push(() => {
    proxy.breakConnections()
    return new Promise<void>((resolve) => server.close(() => resolve()))
  })
  return proxy
}

describe('RedisLink', () => {
  it('subscribes its channels again after Redis restarted empty, and not those it left', async () => {
    const link = await openLink()
    const heard: string[] = []
    link.subscriber.on('message', (channel: string, message: string) => heard.push(`${channel}:${message}`))
    await link.subscribe('kept')
    await link.subscribe('left')
    link.unsubscribe('left')
    await file.redis.restart()
    const pub = await publisher()
    // Published until heard: the link notices the restart and subscribes again in its own time.
    await waitFor(
      async () => {
        await pub.publish('left', 'x')
        await pub.publish('kept', 'after restart')
        return heard.includes('kept:after restart')
      },
      { what: 'the kept channel to be heard again', timeoutMs: 15_000 },
    )
    expect(heard.filter((h) => h.startsWith('left:'))).toEqual([])
  }, 30_000)

  it('can be closed while it subscribes again after a reconnect, without an unhandled rejection', async () => {
    const rejections: unknown[] = []
    const onRejection = (reason: unknown) => rejections.push(reason)
    process.on('unhandledRejection', onRejection)
    cleanups.push(() => void process.off('unhandledRejection', onRejection))
    const proxy = await redisProxy()
    const link = new RedisLink(proxy.url, log)
    cleanups.push(() => link.close())
    await link.whenReady(link.subscriber, () => false)
    await link.subscribe('presence')
    // The connections break; once the subscriber is back, Redis' answer to its SUBSCRIBE is held, and the link closes meanwhile.
    proxy.holdAnswersToSubscribe()
    proxy.breakConnections()
    await waitFor(() => proxy.heldSubscribes > 0, { what: 'the subscriber to subscribe again' })
    const ended = new Promise((resolve) => link.subscriber.once('end', resolve))
    await link.close()
    await ended
    // A rejection nobody handled is reported after the microtasks of the turn that rejected it.
    await new Promise((resolve) => setImmediate(resolve))
    await new Promise((resolve) => setImmediate(resolve))
    expect(rejections).toEqual([])
  }, 30_000)
})
