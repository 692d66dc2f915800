/** The three roles a board link can carry. The server enforces them; clients mirror them. */
export const ROLES = ['facilitator', 'participant', 'viewer'] as const
export type Role = (typeof ROLES)[number]

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value)
}

/** Participants and facilitators edit content; viewers only read, see presence and export. */
export function canEdit(role: Role): boolean {
  return role !== 'viewer'
}

/** Only facilitators insert templates, steer the timer, voting and summon, and (un)lock scaffolding. */
export function canFacilitate(role: Role): boolean {
  return role === 'facilitator'
}
