import { createContext, useContext } from 'react'
import type { TeamTemplateRequests } from './TeamTemplateRequests'

/** Where the template picker and the save dialog find the team template requests; the board page provides them for facilitators. */
export const TeamTemplatesContext = createContext<TeamTemplateRequests | null>(null)

export function useTeamTemplates(): TeamTemplateRequests | null {
  return useContext(TeamTemplatesContext)
}
