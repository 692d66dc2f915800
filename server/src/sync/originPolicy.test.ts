import { describe, expect, it } from 'vitest'
import { normalizeOrigin, originAllowed } from './originPolicy'

const none = { allowed: new Set<string>(), publicUrl: undefined }

describe('originAllowed', () => {
  it('allows the same origin as the Host header, and requests without Origin', () => {
    expect(originAllowed('http://127.0.0.1:8080', '127.0.0.1:8080', none)).toBe(true)
    expect(originAllowed('https://Tavle.Kommune.no', 'tavle.kommune.no', none)).toBe(true)
    expect(originAllowed(undefined, 'tavle.kommune.no', none)).toBe(true)
  })

  it('refuses other origins, other ports, "null" and garbage', () => {
    expect(originAllowed('https://evil.example', 'tavle.kommune.no', none)).toBe(false)
    expect(originAllowed('http://127.0.0.1:9999', '127.0.0.1:8080', none)).toBe(false)
    expect(originAllowed('null', 'tavle.kommune.no', none)).toBe(false)
    expect(originAllowed('file:///etc/passwd', 'tavle.kommune.no', none)).toBe(false)
    expect(originAllowed('not a url', 'tavle.kommune.no', none)).toBe(false)
    expect(originAllowed('https://evil.example', undefined, none)).toBe(false)
  })

  it('allows PUBLIC_URL (behind a proxy that rewrites Host) and the listed origins', () => {
    const policy = { allowed: new Set([normalizeOrigin('https://intranett.kommune.no/')!]), publicUrl: 'https://tavle.kommune.no' }
    expect(originAllowed('https://tavle.kommune.no', '127.0.0.1:8080', policy)).toBe(true)
    expect(originAllowed('https://intranett.kommune.no', '127.0.0.1:8080', policy)).toBe(true)
    expect(originAllowed('http://intranett.kommune.no', '127.0.0.1:8080', policy)).toBe(false)
  })
})
