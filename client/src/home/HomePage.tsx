import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { MAX_TITLE_LENGTH } from '@whiteboard/shared/protocol/limits'
import { ROLES, type Role } from '@whiteboard/shared/protocol/roles'
import type { CreateBoardResponse } from '@whiteboard/shared/api/boardsApi'
import type { BoardLang } from '@whiteboard/shared/board/docLayout'
import { CreateGatheringForm } from '../gatherings/CreateGatheringForm'
import { GatheringList } from '../gatherings/GatheringList'
import { LanguageSwitcher } from '../i18n/LanguageSwitcher'
import { LangSelect } from '../i18n/LangSelect'
import { useUiLanguage } from '../i18n/UiLanguage'
import { createBoard } from './createBoard'
import { copyText } from './copyText'
import { CreatorKeyForm } from './CreatorKeyForm'
import './HomePage.css'

/** The front page: create a board, then hand out its three links. */
export function HomePage() {
  const { lang: uiLang, t } = useUiLanguage()
  // The board's language is content: it starts as the person's own and follows a switch of it, until chosen here.
  const [chosenBoardLang, setBoardLang] = useState<BoardLang | undefined>()
  const boardLang = chosenBoardLang ?? uiLang
  const [title, setTitle] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | undefined>()
  const [board, setBoard] = useState<CreateBoardResponse | undefined>()
  const [gatheringsMade, setGatheringsMade] = useState(0)
  const createdHeading = useRef<HTMLHeadingElement>(null)
  const langHelpId = useId()

  useEffect(() => {
    document.title = t.appName
  }, [t.appName])

  // Keyboard and screen reader users land on the result: its heading is read, and Tab goes on to the links.
  useEffect(() => {
    if (board) createdHeading.current?.focus()
  }, [board])

  function createErrorText(problem: 'network' | 'refused' | 'rate-limited', serverMessage: string | undefined): string {
    if (problem === 'network') return t.home.network
    if (problem === 'rate-limited') return t.home.rateLimited
    return [t.home.createFailed, serverMessage].filter(Boolean).join(' ')
  }

  async function submit(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setError(undefined)
    const result = await createBoard({ ...(title.trim() ? { title: title.trim() } : {}), lang: boardLang })
    setBusy(false)
    if (result.ok) setBoard(result.board)
    // A refused creator key is asked for again in CreatorKeyForm, which says why.
    else if (result.problem !== 'creator-key') setError(createErrorText(result.problem, result.serverMessage))
  }

  return (
    <main className="home">
      <header className="home-header">
        <h1>{t.appName}</h1>
        <LanguageSwitcher />
      </header>
      <p>{t.home.intro}</p>
      <CreatorKeyForm />
      <form className="home-form" onSubmit={(e) => void submit(e)}>
        <label>
          {t.home.titleLabel}
          <input
            data-testid="board-title"
            value={title}
            maxLength={MAX_TITLE_LENGTH}
            placeholder={t.home.titlePlaceholder}
            onChange={(e) => setTitle(e.target.value)}
          />
        </label>
        <div className="home-field">
          <label>
            {t.home.langLabel}
            <LangSelect testId="board-lang" value={boardLang} describedBy={langHelpId} onChange={setBoardLang} />
          </label>
          <p className="home-help" id={langHelpId}>
            {t.home.langHelp}
          </p>
        </div>
        <button type="submit" data-testid="create-board" disabled={busy}>
          {busy ? t.home.creating : t.home.create}
        </button>
        {error && (
          <p className="home-error" role="alert" data-testid="create-error">
            {error}
          </p>
        )}
      </form>
      {board && (
        <section className="home-links" aria-labelledby="home-created-title">
          <h2 id="home-created-title" ref={createdHeading} tabIndex={-1} data-testid="created-title">
            {board.title}
          </h2>
          <p>{t.home.created}</p>
          <ul>
            {ROLES.map((role) => (
              <RoleLink key={role} role={role} url={board.links[role]} />
            ))}
          </ul>
        </section>
      )}
      <CreateGatheringForm onCreated={() => setGatheringsMade((n) => n + 1)} />
      <GatheringList refresh={gatheringsMade} />
    </main>
  )
}

function RoleLink({ role, url }: { role: Role; url: string }) {
  const { t } = useUiLanguage()
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle')
  const textId = useId()
  return (
    <li className="home-link">
      <p id={textId}>{t.home.roles[role]}</p>
      <div className="home-link-row">
        <a data-testid={`link-${role}`} className="home-link-url" href={url} aria-describedby={textId}>
          {url}
        </a>
        <button type="button" data-testid={`copy-${role}`} aria-describedby={textId} onClick={() => void copyText(url).then((ok) => setCopy(ok ? 'copied' : 'failed'))}>
          {copy === 'copied' ? t.home.copied : t.home.copy}
        </button>
        <a className="home-link-open" data-testid={`open-${role}`} href={url} target="_blank" rel="noopener" aria-describedby={textId}>
          {t.home.open}
        </a>
      </div>
      {copy === 'failed' && (
        <p className="home-error" role="alert">
          {t.home.copyFailed}
        </p>
      )}
    </li>
  )
}
