import { isIPv4, isIPv6 } from 'node:net'

/**
 * The block of addresses one rate limit counts together: an IPv4 address alone (an IPv4-mapped
 * IPv6 address as that IPv4 address), an IPv6 address by its /64 network. One IPv6 subscriber
 * usually gets a whole /64, so counting single IPv6 addresses would hand one person 2^64 fresh
 * buckets. Anything else (a proxy's odd X-Forwarded-For entry) is counted as it is written.
 */
export function addressBlock(address: string): string {
  if (isIPv4(address)) return address
  if (!isIPv6(address)) return address
  const lower = address.toLowerCase()
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower)
  if (mapped && isIPv4(mapped[1]!)) return mapped[1]!
  return `${expandIPv6(lower).slice(0, 4).join(':')}::/64`
}

/** The eight groups of an IPv6 address, without leading zeros; an embedded IPv4 tail becomes two groups. */
function expandIPv6(address: string): string[] {
  let text = address.split('%')[0]!
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)
  if (v4) {
    const [a, b, c, d] = v4[1]!.split('.').map(Number) as [number, number, number, number]
    text = text.slice(0, -v4[1]!.length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const [head, tail] = text.split('::') as [string, string | undefined]
  const left = head ? head.split(':') : []
  const right = tail ? tail.split(':') : []
  const middle = tail === undefined ? [] : Array.from({ length: 8 - left.length - right.length }, () => '0')
  return [...left, ...middle, ...right].map((group) => parseInt(group, 16).toString(16))
}
