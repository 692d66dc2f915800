import type { PrivateCountsResponse, RevealResponse } from '@whiteboard/shared/api/privateApi'

/** Private mode's API for a facilitator (shared/src/api/privateApi.ts); each call answers null when it failed, never throws. */
export class PrivateRequests {
  constructor(
    private readonly boardId: string,
    private readonly token: string,
  ) {}

  counts(): Promise<PrivateCountsResponse | null> {
    return this.request('GET', '/private/counts', undefined, (v): v is PrivateCountsResponse => Array.isArray((v as PrivateCountsResponse | null)?.people))
  }

  reveal(author: string): Promise<RevealResponse | null> {
    return this.request('POST', '/private/reveal', { author }, (v): v is RevealResponse => typeof (v as RevealResponse | null)?.revealed === 'number')
  }

  private async request<T>(method: string, path: string, body: unknown, isValue: (v: unknown) => v is T): Promise<T | null> {
    try {
      const res = await fetch(`/api/boards/${encodeURIComponent(this.boardId)}${path}`, {
        method,
        headers: { Authorization: `Bearer ${this.token}`, Accept: 'application/json', ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      })
      if (!res.ok) return null
      const value: unknown = await res.json()
      return isValue(value) ? value : null
    } catch {
      return null
    }
  }
}
