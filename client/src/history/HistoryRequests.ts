import type {
  RestoreResponse,
  SnapshotListResponse,
  SnapshotRecordsResponse,
  SnapshotSummary,
  TakeSnapshotBody,
} from '@whiteboard/shared/api/historyApi'

/** Why a history request failed, for a message in the person's language (the server's own text is English only). */
export type HistoryProblem = 'forbidden' | 'not-found' | 'limit' | 'storage' | 'network' | 'failed'

export type HistoryResult<T> = { ok: true; value: T } | { ok: false; problem: HistoryProblem }

/**
 * The board history API (shared/src/api/historyApi.ts) for one board and token. Each call
 * answers a result, never throws: the panel shows the problem and stays usable.
 */
export class HistoryRequests {
  constructor(
    readonly boardId: string,
    private readonly token: string,
    private readonly fetchImpl: typeof fetch = (...args) => fetch(...args),
  ) {}

  list(): Promise<HistoryResult<SnapshotListResponse>> {
    return this.request('GET', '/snapshots', undefined, isListResponse)
  }

  take(body: TakeSnapshotBody, signal?: AbortSignal): Promise<HistoryResult<SnapshotSummary>> {
    return this.request('POST', '/snapshots', body, isSummary, signal)
  }

  records(snapshotId: string): Promise<HistoryResult<SnapshotRecordsResponse>> {
    return this.request('GET', `/snapshots/${encodeURIComponent(snapshotId)}`, undefined, isRecordsResponse)
  }

  restore(snapshotId: string, author: string): Promise<HistoryResult<RestoreResponse>> {
    return this.request('POST', `/snapshots/${encodeURIComponent(snapshotId)}/restore`, { author }, isRestoreResponse)
  }

  delete(snapshotId: string): Promise<HistoryResult<null>> {
    return this.request('DELETE', `/snapshots/${encodeURIComponent(snapshotId)}`, undefined, (v): v is null => v === null)
  }

  private async request<T>(method: string, path: string, body: unknown, isValue: (v: unknown) => v is T, signal?: AbortSignal): Promise<HistoryResult<T>> {
    let res: Response
    try {
      res = await this.fetchImpl(`/api/boards/${encodeURIComponent(this.boardId)}${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${this.token}`,
          Accept: 'application/json',
          ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        ...(signal ? { signal } : {}),
      })
    } catch {
      return { ok: false, problem: 'network' }
    }
    const json: unknown = res.status === 204 ? null : await res.json().catch(() => undefined)
    if (res.ok && isValue(json)) return { ok: true, value: json }
    return { ok: false, problem: problemOf(res.status, json) }
  }
}

function problemOf(status: number, body: unknown): HistoryProblem {
  if (status === 401 || status === 403) return 'forbidden'
  if (status === 404) return 'not-found'
  if (status === 409) return 'limit'
  // 507: the board's history quota (`history_full`: deleting snapshots makes room, as for the
  // count limit) or the server's disk budget (nothing can be stored now).
  if (status === 507) return isObject(body) && body.error === 'history_full' ? 'limit' : 'storage'
  if (status === 503) return 'storage'
  return 'failed'
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object'
}

function isSummary(value: unknown): value is SnapshotSummary {
  return (
    isObject(value) &&
    typeof value.id === 'string' &&
    typeof value.takenAt === 'number' &&
    typeof value.author === 'string' &&
    typeof value.kind === 'string' &&
    typeof value.name === 'string' &&
    typeof value.bytes === 'number'
  )
}

function isListResponse(value: unknown): value is SnapshotListResponse {
  return isObject(value) && Array.isArray(value.snapshots) && value.snapshots.every(isSummary) && isObject(value.storage) && isObject(value.retention)
}

function isRecordsResponse(value: unknown): value is SnapshotRecordsResponse {
  return isObject(value) && isSummary(value.snapshot) && Array.isArray(value.records)
}

function isRestoreResponse(value: unknown): value is RestoreResponse {
  return isObject(value) && isSummary(value.restored) && isSummary(value.before)
}
