import { useId, useState, type FormEvent } from 'react'
import { MAX_DISPLAY_NAME_LENGTH } from '@whiteboard/shared'
import { LanguageSwitcher } from '../i18n/LanguageSwitcher'
import { useUiLanguage } from '../i18n/UiLanguage'
import { cleanDisplayName } from './localIdentity'

/**
 * Asks for a display name on the first visit; the answer is remembered in this browser. It is
 * the whole page until answered (nothing behind it to return to), so it is a modal dialog
 * without a way to dismiss it. The language switch is inside it, for people who need to read
 * the question in their own language first.
 */
export function NameDialog({ boardTitle, onSubmit }: { boardTitle: string; onSubmit: (name: string) => void }) {
  const { t } = useUiLanguage()
  const [name, setName] = useState('')
  const titleId = useId()
  const helpId = useId()
  const clean = cleanDisplayName(name)
  function submit(event: FormEvent) {
    event.preventDefault()
    if (clean) onSubmit(clean)
  }
  return (
    <div className="board-overlay">
      <main>
        <form className="name-dialog" role="dialog" aria-modal="true" aria-labelledby={titleId} aria-describedby={helpId} onSubmit={submit}>
          <div className="name-dialog-top">
            <p className="name-dialog-board">{boardTitle}</p>
            <LanguageSwitcher />
          </div>
          <h1 id={titleId}>{t.board.nameTitle}</h1>
          <p id={helpId}>{t.board.nameHelp}</p>
          <label>
            {t.board.nameLabel}
            <input
              data-testid="display-name"
              value={name}
              maxLength={MAX_DISPLAY_NAME_LENGTH}
              autoComplete="nickname"
              required
              autoFocus
              onChange={(e) => setName(e.target.value)}
            />
          </label>
          <button type="submit" data-testid="display-name-submit" disabled={!clean}>
            {t.board.nameSubmit}
          </button>
        </form>
      </main>
    </div>
  )
}
