import WebSocket from 'ws'

/**
 * A `ws` WebSocket class that dials from a given loopback address. Linux answers on all of
 * 127.0.0.0/8, so spreading simulated clients over many addresses lets a few thousand of
 * them through a per-IP connection limit that exists to stop one real machine hogging a
 * board. Every server under test is dialled the same way.
 */
export type SocketClass = new (url: string | URL, protocols?: string | string[]) => WebSocket

export function loopbackSocket(index: number): SocketClass {
  const localAddress = loopbackAddress(index)
  return class LoopbackWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols ?? [], { localAddress })
    }
  }
}

/** 127.1.0.1, 127.1.0.2, ... skipping .0 and .255 host bytes. */
export function loopbackAddress(index: number): string {
  const host = (index % 254) + 1
  const block = Math.floor(index / 254)
  return `127.${1 + Math.floor(block / 256)}.${block % 256}.${host}`
}
