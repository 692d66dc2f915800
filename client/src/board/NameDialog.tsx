import { useState, type FormEvent } from 'react'
import { MAX_DISPLAY_NAME_LENGTH } from '@whiteboard/shared'
import type { Messages } from '../i18n/messages'
import { cleanDisplayName } from './localIdentity'

/** Asks for a display name on the first visit; the answer is remembered in this browser. */
export function NameDialog({ t, boardTitle, onSubmit }: { t: Messages; boardTitle: string; onSubmit: (name: string) => void }) {
  const [name, setName] = useState('')
  const clean = cleanDisplayName(name)
  function submit(event: FormEvent) {
    event.preventDefault()
    if (clean) onSubmit(clean)
  }
  return (
    <div className="board-overlay">
      <form className="name-dialog" role="dialog" aria-labelledby="name-dialog-title" onSubmit={submit}>
        <p className="name-dialog-board">{boardTitle}</p>
        <h1 id="name-dialog-title">{t.board.nameTitle}</h1>
        <p>{t.board.nameHelp}</p>
        <label>
          {t.board.nameLabel}
          <input
            data-testid="display-name"
            value={name}
            maxLength={MAX_DISPLAY_NAME_LENGTH}
            autoComplete="nickname"
            autoFocus
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <button type="submit" data-testid="display-name-submit" disabled={!clean}>
          {t.board.nameSubmit}
        </button>
      </form>
    </div>
  )
}
