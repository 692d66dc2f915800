import type { VoterResponse } from '@whiteboard/shared/api/voterApi'

/** A new voter on the board, as the web app gets one: `POST /api/boards/:id/voter` with a board token. */
export async function issueVoterVia(origin: string, boardId: string, token: string): Promise<VoterResponse> {
  const res = await fetch(`${origin}/api/boards/${boardId}/voter`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })
  if (res.status !== 201) throw new Error(`issuing a voter failed: ${res.status} ${await res.text()}`)
  return (await res.json()) as VoterResponse
}
