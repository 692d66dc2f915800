import { useEffect, useId, useRef, useState, type ReactNode } from 'react'
import { useUiLanguage } from '../i18n/UiLanguage'
import type { UiLang } from '../i18n/messages'
import { presenceUserId, type Person } from './presence'

const TEXTS: Record<UiLang, { count: (n: number) => string; close: string }> = {
  en: { count: (n) => (n === 1 ? '1 person here' : `${n} people here`), close: 'Close' },
  nb: { count: (n) => (n === 1 ? '1 person her' : `${n} personer her`), close: 'Lukk' },
  nn: { count: (n) => (n === 1 ? '1 person her' : `${n} personar her`), close: 'Lukk' },
}

/**
 * Who is on the board now, behind one button with their count, so the header stays one row
 * however many come (tldraw's own avatars show the faces at the top right). The list gives
 * name, cursor colour, role, and which one is you; `actions` adds controls per person (e.g.
 * follow). The role of others is the one the server gave their link, not the one they claim
 * (see PresenceUser). Closed, the list stays in the page, hidden, so that its names are there
 * to be found once it opens. Escape closes it and gives the focus back to the button.
 */
export function PeopleList({ people, actions }: { people: readonly Person[]; actions?: (person: Person) => ReactNode }) {
  const { lang, t } = useUiLanguage()
  const texts = TEXTS[lang]
  const [open, setOpen] = useState(false)
  const button = useRef<HTMLButtonElement>(null)
  const panel = useRef<HTMLElement>(null)
  const panelId = useId()

  // A click anywhere else closes it, as tldraw's own menus do.
  useEffect(() => {
    if (!open) return
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node
      if (!panel.current?.contains(target) && !button.current?.contains(target)) setOpen(false)
    }
    document.addEventListener('pointerdown', onPointerDown, true)
    return () => document.removeEventListener('pointerdown', onPointerDown, true)
  }, [open])

  const close = () => {
    setOpen(false)
    button.current?.focus()
  }

  return (
    <div className="people">
      <button
        ref={button}
        type="button"
        className="people-count"
        aria-expanded={open}
        aria-controls={panelId}
        data-testid="people-count"
        data-count={people.length}
        onClick={() => setOpen((was) => !was)}
      >
        <span className="people-count-dots" aria-hidden="true">
          {people.slice(0, 3).map((p) => (
            <span key={presenceUserId(p)} className="people-dot" style={{ background: p.color }} />
          ))}
        </span>
        {texts.count(people.length)}
      </button>
      <section
        ref={panel}
        id={panelId}
        className="people-panel"
        aria-label={t.board.people}
        hidden={!open}
        onKeyDown={(event) => {
          if (event.key !== 'Escape' || event.defaultPrevented) return
          event.preventDefault()
          close()
        }}
      >
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
        <button type="button" className="people-close" onClick={close}>
          {texts.close}
        </button>
      </section>
    </div>
  )
}
