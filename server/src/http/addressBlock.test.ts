import { describe, expect, it } from 'vitest'
import { addressBlock } from './addressBlock'

describe('addressBlock', () => {
  it('keeps an IPv4 address, and reads an IPv4-mapped IPv6 address as IPv4', () => {
    expect(addressBlock('203.0.113.7')).toBe('203.0.113.7')
    expect(addressBlock('::ffff:203.0.113.7')).toBe('203.0.113.7')
    expect(addressBlock('::FFFF:203.0.113.7')).toBe('203.0.113.7')
  })

  it('counts IPv6 addresses by their /64, however they are written', () => {
    const block = '2001:db8:0:1::/64'
    expect(addressBlock('2001:db8:0:1::1')).toBe(block)
    expect(addressBlock('2001:0DB8:0000:0001:ffff:ffff:ffff:ffff')).toBe(block)
    expect(addressBlock('2001:db8::1:0:0:0:7')).toBe(block)
    expect(addressBlock('2001:db8:0:2::1')).not.toBe(block)
    expect(addressBlock('::1')).toBe('0:0:0:0::/64')
    expect(addressBlock('fe80::1%eth0')).toBe('fe80:0:0:0::/64')
    expect(addressBlock('64:ff9b::203.0.113.7')).toBe('64:ff9b:0:0::/64')
  })

  it('leaves anything that is not an address as it is', () => {
    expect(addressBlock('unknown')).toBe('unknown')
    expect(addressBlock('proxy.internal')).toBe('proxy.internal')
  })
})
