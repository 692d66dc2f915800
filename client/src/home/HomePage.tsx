import { useEffect, useState, type FormEvent } from 'react'
import { MAX_TITLE_LENGTH } from '@whiteboard/shared/protocol/limits'
import { ROLES, type Role } from '@whiteboard/shared/protocol/roles'
import type { CreateBoardResponse } from '@whiteboard/shared/api/boardsApi'
import { CreateGatheringForm } from '../gatherings/CreateGatheringForm'
import { GatheringList } from '../gatherings/GatheringList'
import { browserLang, messages, type UiLang } from '../i18n/messages'
import { createBoard } from './createBoard'
import { copyText } from './copyText'
import './HomePage.css'

/** The front page: create a board, then hand out its three links. */
export function HomePage() {
  const [lang, setLang] = useState<UiLang>(() => browserLang())
  const [title, setTitle] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | undefined>()
  const [board, setBoard] = useState<CreateBoardResponse | undefined>()
  const [gatheringsMade, setGatheringsMade] = useState(0)
  const t = messages(lang)

  useEffect(() => {
    document.title = t.appName
    document.documentElement.lang = lang
  }, [lang, t.appName])

  async function submit(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setError(undefined)
    const result = await createBoard({ ...(title.trim() ? { title: title.trim() } : {}), lang })
    setBusy(false)
    if (result.ok) setBoard(result.board)
    else setError(result.problem === 'network' ? t.home.network : [t.home.createFailed, result.serverMessage].filter(Boolean).join(' '))
  }

  return (
    <main className="home">
      <h1>{t.appName}</h1>
      <p>{t.home.intro}</p>
      <form className="home-form" onSubmit={submit}>
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
        <label>
          {t.home.langLabel}
          <select data-testid="board-lang" value={lang} onChange={(e) => setLang(e.target.value === 'en' ? 'en' : 'nb')}>
            <option value="nb">Norsk (bokmål)</option>
            <option value="en">English</option>
          </select>
        </label>
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
        <section className="home-links" aria-live="polite">
          <h2>{board.title}</h2>
          <p>{t.home.created}</p>
          <ul>
            {ROLES.map((role) => (
              <RoleLink key={role} role={role} url={board.links[role]} lang={lang} />
            ))}
          </ul>
        </section>
      )}
      <CreateGatheringForm lang={lang} onCreated={() => setGatheringsMade((n) => n + 1)} />
      <GatheringList lang={lang} refresh={gatheringsMade} />
    </main>
  )
}

function RoleLink({ role, url, lang }: { role: Role; url: string; lang: UiLang }) {
  const t = messages(lang)
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle')
  return (
    <li className="home-link">
      <p>{t.home.roles[role]}</p>
      <div className="home-link-row">
        <a data-testid={`link-${role}`} className="home-link-url" href={url}>
          {url}
        </a>
        <button type="button" data-testid={`copy-${role}`} onClick={async () => setCopy((await copyText(url)) ? 'copied' : 'failed')}>
          {copy === 'copied' ? t.home.copied : t.home.copy}
        </button>
        <a className="home-link-open" data-testid={`open-${role}`} href={url} target="_blank" rel="noopener">
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
