/**
 * A team's own template as storage keeps it: a frame a facilitator saved for every board of the
 * server, with its name and description. The content is JSON the HTTP route has judged
 * (`checkTeamTemplateContent`) and storage keeps as it is, never reading it.
 */
export interface NewTeamTemplate {
  id: string
  name: string
  description: string
  /** JSON text: the frame's records with the tldraw schema they were written in. */
  content: string
  /** When it was saved, ms since the epoch; absent: now. */
  createdAt?: number
}

export interface TeamTemplateInfo {
  id: string
  name: string
  description: string
  /** Milliseconds since the epoch. */
  createdAt: number
  /** UTF-8 bytes of its content. */
  byteLength: number
}

export interface StoredTeamTemplate {
  info: TeamTemplateInfo
  content: string
}
