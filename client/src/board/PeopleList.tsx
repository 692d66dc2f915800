import type { ReactNode } from 'react'
import { useUiLanguage } from '../i18n/UiLanguage'
import { presenceUserId, type Person } from './presence'

/**
 * Who is on the board now: name, cursor colour, role, and which one is you. `actions` adds
 * controls per person (e.g. follow). The role of others is the one the server gave their link,
 * not the one they claim (see PresenceUser).
 */
export function PeopleList({ people, actions }: { people: readonly Person[]; actions?: (person: Person) => ReactNode }) {
  const { t } = useUiLanguage()
  return (
    <section className="people" aria-label={t.board.people}>
      <ul data-testid="people-list" className="people-list">
        {people.map((person) => (
          <li key={presenceUserId(person)} className="people-item" data-user-id={person.id} data-role={person.role} data-self={person.isSelf || undefined}>
            <span className="people-dot" style={{ background: person.color }} aria-hidden="true" />
            <span className="people-name">{person.name}</span>
            <span className="people-role">
              {t.board.roles[person.role]}
              {person.isSelf ? `, ${t.board.you}` : ''}
            </span>
            {actions?.(person)}
          </li>
        ))}
      </ul>
    </section>
  )
}
