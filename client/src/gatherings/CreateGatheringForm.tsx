import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import type { BoardLang } from '@whiteboard/shared'
import { useUiLanguage } from '../i18n/UiLanguage'
import { LangSelect } from '../i18n/LangSelect'
import type { GatheringResponse } from '@whiteboard/shared/api/gatheringsApi'
import { MAX_GATHERING_TEAMS, MAX_TEAM_NAME_LENGTH } from '@whiteboard/shared/gatherings/gatheringLimits'
import { MAX_TITLE_LENGTH } from '@whiteboard/shared/protocol/limits'
import type { TemplateListResponse, TemplateSummary } from '@whiteboard/shared/templates/types'
import { creatorKeyStore } from '../home/creatorKeyStore'
import { CopyButton } from './CopyButton'
import { gatheringsClient } from './gatheringsClient'
import { gatheringTexts } from './gatheringTexts'
import { rememberGathering } from './rememberedGatherings'
import './gatherings.css'

interface TeamRow {
  key: number
  name: string
  template: string
}

/** Teams a new form starts with: most gatherings have a few municipalities. */
const INITIAL_TEAMS = 2

/**
 * The front page's "create a gathering": title, date, board language, one row per team
 * (name and template), and whether teams may look at each other's boards. Plain form
 * controls with labels, so it works by keyboard and with a screen reader.
 */
export function CreateGatheringForm({ onCreated }: { onCreated?: (gathering: GatheringResponse) => void }) {
  const { lang } = useUiLanguage()
  const t = gatheringTexts(lang).create
  const ot = gatheringTexts(lang).overview
  // The boards' language is content: the person's own until chosen here.
  const [chosenBoardLang, setBoardLang] = useState<BoardLang | undefined>()
  const boardLang = chosenBoardLang ?? lang
  const [title, setTitle] = useState('')
  const [date, setDate] = useState(today)
  const [teams, setTeams] = useState<TeamRow[]>(() => Array.from({ length: INITIAL_TEAMS }, (_, i) => ({ key: i, name: '', template: '' })))
  const [allowPeek, setAllowPeek] = useState(false)
  const [templates, setTemplates] = useState<TemplateSummary[] | 'failed' | undefined>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | undefined>()
  const [created, setCreated] = useState<GatheringResponse | undefined>()
  const nextKey = useRef(INITIAL_TEAMS)
  const focusKey = useRef<number | undefined>(undefined)
  const headingId = useId()
  const createdText = useRef<HTMLParagraphElement>(null)

  // Keyboard and screen reader users land on the result, and Tab goes on to its links.
  useEffect(() => {
    if (created) createdText.current?.focus()
  }, [created])

  useEffect(() => {
    let cancelled = false
    fetch('/api/templates', { headers: { Accept: 'application/json' } })
      .then((res) => (res.ok ? (res.json() as Promise<TemplateListResponse>) : Promise.reject(new Error(String(res.status)))))
      .then(
        (body) => !cancelled && setTemplates(body.templates),
        () => !cancelled && setTemplates('failed'),
      )
    return () => {
      cancelled = true
    }
  }, [])

  function updateTeam(key: number, patch: Partial<TeamRow>) {
    setTeams((rows) => rows.map((row) => (row.key === key ? { ...row, ...patch } : row)))
  }

  function addTeam() {
    const key = nextKey.current++
    focusKey.current = key
    setTeams((rows) => [...rows, { key, name: '', template: '' }])
  }

  async function submit(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setError(undefined)
    const result = await gatheringsClient.create({
      title: title.trim(),
      date,
      lang: boardLang,
      allowPeek,
      teams: teams.map((row) => ({ name: row.name.trim(), ...(row.template ? { template: row.template } : {}) })),
    })
    setBusy(false)
    if (!result.ok) {
      // A refused creator key is asked for again above the forms (home/CreatorKeyForm.tsx), which says why.
      if (!creatorKeyStore.refused(result.code)) setError(result.problem === 'network' ? ot.network : [t.failed, result.message].filter(Boolean).join(' '))
      return
    }
    rememberGathering(result.value.facilitatorToken)
    setCreated(result.value)
    onCreated?.(result.value)
  }

  return (
    <section aria-labelledby={headingId} className="gathering-create">
      <h2 id={headingId}>{t.heading}</h2>
      <p>{t.intro}</p>
      <form className="gathering-form" onSubmit={(e) => void submit(e)}>
        <label>
          {t.titleLabel}
          <input required data-testid="gathering-title" value={title} maxLength={MAX_TITLE_LENGTH} placeholder={t.titlePlaceholder} onChange={(e) => setTitle(e.target.value)} />
        </label>
        <label>
          {t.dateLabel}
          <input required type="date" data-testid="gathering-date" value={date} onChange={(e) => setDate(e.target.value)} />
        </label>
        <label>
          {t.langLabel}
          <LangSelect testId="gathering-lang" value={boardLang} onChange={setBoardLang} />
        </label>
        <fieldset>
          <legend>{t.teamsLegend}</legend>
          {teams.map((row, i) => (
            <div className="gathering-form-team" key={row.key} data-testid="gathering-team-row">
              <label>
                {t.teamName(i + 1)}
                <input
                  required
                  ref={(el) => {
                    if (el && focusKey.current === row.key) {
                      focusKey.current = undefined
                      el.focus()
                    }
                  }}
                  data-testid={`gathering-team-name-${i}`}
                  value={row.name}
                  maxLength={MAX_TEAM_NAME_LENGTH}
                  placeholder={t.teamNamePlaceholder}
                  onChange={(e) => updateTeam(row.key, { name: e.target.value })}
                />
              </label>
              <label>
                {t.teamTemplate(i + 1)}
                <select data-testid={`gathering-team-template-${i}`} value={row.template} onChange={(e) => updateTeam(row.key, { template: e.target.value })}>
                  <option value="">{t.noTemplate}</option>
                  {Array.isArray(templates) &&
                    templates.map((tpl) => (
                      <option key={tpl.id} value={tpl.id}>
                        {tpl.name[lang]}
                      </option>
                    ))}
                </select>
              </label>
              <button type="button" aria-label={t.removeTeam(i + 1)} disabled={teams.length <= 1} onClick={() => setTeams((rows) => rows.filter((r) => r.key !== row.key))}>
                ✕
              </button>
            </div>
          ))}
          {templates === 'failed' && <p className="gathering-error">{t.templatesFailed}</p>}
          <div>
            <button type="button" onClick={addTeam} disabled={teams.length >= MAX_GATHERING_TEAMS} data-testid="gathering-add-team">
              {t.addTeam}
            </button>
          </div>
        </fieldset>
        <label className="gathering-check">
          <input type="checkbox" checked={allowPeek} onChange={(e) => setAllowPeek(e.target.checked)} data-testid="gathering-allow-peek-new" />
          {t.allowPeek}
        </label>
        <div>
          <button type="submit" className="gathering-primary" disabled={busy} data-testid="create-gathering">
            {busy ? t.creating : t.submit}
          </button>
        </div>
        {error && (
          <p className="gathering-error" role="alert" data-testid="create-gathering-error">
            {error}
          </p>
        )}
      </form>
      {created && (
        <div className="gathering-created">
          <p ref={createdText} tabIndex={-1} className="gathering-created-text">
            {t.created(created.title, created.boards.length)}
          </p>
          <p>{t.overviewLink}</p>
          <div className="home-link-row">
            <a className="home-link-url" href={created.overviewLink} data-testid="gathering-overview-link">
              {created.overviewLink}
            </a>
            <CopyButton text={created.overviewLink} label={ot.copy} ariaLabel={ot.copyLabel(t.overviewLink)} copiedLabel={ot.copied} failedText={ot.copyFailed} />
            <a className="home-link-open" href={created.overviewLink} data-testid="gathering-open-overview">
              {t.openOverview}
            </a>
          </div>
        </div>
      )}
    </section>
  )
}

/** Today in the browser's time zone, as `YYYY-MM-DD` for the date field. */
function today(): string {
  const now = new Date()
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`
}
