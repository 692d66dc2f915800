import { useId, useRef, useState, type ReactNode } from 'react'
import { useUiLang } from '../i18n/UiLanguage'
import type { UiLang } from '../i18n/messages'
import './HeaderMenu.css'

const TEXTS: Record<UiLang, { menu: string; label: string }> = {
  en: { menu: 'Menu', label: 'Board menu' },
  nb: { menu: 'Meny', label: 'Tavlemeny' },
  nn: { menu: 'Meny', label: 'Tavlemeny' },
}

/**
 * The header's controls (people, history, export, language). On a wide window they sit in the
 * header row as they are; on a narrow one (320 px, or 200–400 % zoom) CSS hides them behind
 * one disclosure button so that the header stays one row and the board keeps the window.
 * The button is hidden by CSS on wide windows, the list `display: contents`, so nothing moves
 * there. Escape closes it and gives focus back to the button, unless a popup inside it
 * (export, peek, history) took the key first.
 */
export function HeaderMenu({ children }: { children: ReactNode }) {
  const lang = useUiLang()
  const t = TEXTS[lang]
  const [open, setOpen] = useState(false)
  const button = useRef<HTMLButtonElement>(null)
  const id = useId()
  return (
    <>
      <button
        ref={button}
        type="button"
        className="board-menu-toggle"
        aria-expanded={open}
        aria-controls={id}
        data-testid="board-menu-toggle"
        onClick={() => setOpen((was) => !was)}
      >
        {t.menu}
      </button>
      <div
        id={id}
        className={open ? 'board-menu is-open' : 'board-menu'}
        aria-label={t.label}
        role="group"
        data-testid="board-menu"
        onKeyDown={(event) => {
          if (event.key !== 'Escape' || !open || event.defaultPrevented) return
          const target = event.target as HTMLElement
          if (target.closest('[role="dialog"], dialog')) return
          setOpen(false)
          button.current?.focus()
        }}
      >
        {children}
      </div>
    </>
  )
}
