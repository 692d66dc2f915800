/**
 * Who may create boards and gatherings. A server started with `BOARD_CREATION=key` creates them
 * only for requests that carry its `CREATOR_KEY` in this header; with `open` (the default) the
 * header is ignored.
 */
export const CREATOR_KEY_HEADER = 'X-Creator-Key'

/** `GET /api/creation`, open to all: lets the home page ask for the key before the first try. */
export const CREATION_POLICY_PATH = '/api/creation'

export interface CreationPolicyResponse {
  creation: 'open' | 'key'
}

/** `error` of a 401 (no key sent) and a 403 (the key sent is not the server's) from a creating route. */
export const CREATOR_KEY_REFUSALS = { missing: 'creator_key_required', wrong: 'creator_key_wrong' } as const
