/** Why an image did not reach the board. Server codes come from `ApiError.error` of the assets API. */
export type UploadErrorCode =
  | 'too_large'
  | 'unsupported_type'
  | 'svg_refused'
  | 'forbidden'
  | 'unauthorized'
  | 'not_found'
  | 'network'
  // The board's image quotas and the server's disk budget (server/src/assets/BoardAssets.ts).
  | 'too_many_images'
  | 'images_too_large'
  | 'board_too_large'
  | 'disk_budget'
  // Uploads from one client address (server/src/http/creationLimits.ts).
  | 'rate_limited'
  | 'unknown'

const KNOWN: readonly UploadErrorCode[] = [
  'too_large',
  'unsupported_type',
  'svg_refused',
  'forbidden',
  'unauthorized',
  'not_found',
  'network',
  'too_many_images',
  'images_too_large',
  'board_too_large',
  'disk_budget',
  'rate_limited',
]

/** An upload refusal with a code the UI can translate and, from the server, its own message. */
export class UploadError extends Error {
  constructor(
    readonly code: UploadErrorCode,
    /** The server's `message`, safe to show; absent for refusals made in the browser. */
    readonly serverMessage?: string,
  ) {
    super(serverMessage ?? code)
    this.name = 'UploadError'
  }

  static fromServer(status: number, body: unknown): UploadError {
    const { error, message } = (typeof body === 'object' && body !== null ? body : {}) as { error?: unknown; message?: unknown }
    const fromStatus: UploadErrorCode =
      status === 413 ? 'too_large' : status === 507 ? 'disk_budget' : status === 415 ? 'unsupported_type' : status === 401 ? 'unauthorized' : status === 403 ? 'forbidden' : status === 404 ? 'not_found' : 'unknown'
    const code = KNOWN.find((known) => known === error) ?? fromStatus
    return new UploadError(code, typeof message === 'string' ? message : undefined)
  }
}
