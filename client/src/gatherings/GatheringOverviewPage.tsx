import { useCallback, useEffect, useId, useState, type FormEvent } from 'react'
import type { UiLang } from '../i18n/messages'
import type { GatheringResponse } from '@whiteboard/shared/api/gatheringsApi'
import { MAX_GATHERING_TEAMS, MAX_TEAM_NAME_LENGTH } from '@whiteboard/shared/gatherings/gatheringLimits'
import { LanguageSwitcher } from '../i18n/LanguageSwitcher'
import { useUiLang } from '../i18n/UiLanguage'
import { useServerClock } from '../facilitation/useServerClock'
import { BroadcastPanel } from './BroadcastPanel'
import { GatheringRunSheet } from '../runSheet/GatheringRunSheet'
import { ConfirmDialog } from './ConfirmDialog'
import { formatGatheringDate } from './formatGatheringDate'
import { CopyButton } from './CopyButton'
import { gatheringsClient, type ApiResult } from './gatheringsClient'
import { gatheringTexts, type GatheringTexts } from './gatheringTexts'
import { forgetGathering, rememberGathering } from './rememberedGatherings'
import { TeamCard } from './TeamCard'
import { useGatheringStatus } from './useGatheringStatus'
import './gatherings.css'

type Failure = Extract<ApiResult<unknown>, { ok: false }> | { ok: false; problem: 'no-token' }
type PageState = { kind: 'loading' } | { kind: 'failed'; failure: Failure } | { kind: 'ready'; gathering: GatheringResponse } | { kind: 'deleted' }

/**
 * The facilitator's overview of a gathering (`/g/<id>#token=<gathering token>`): every team
 * board with a live picture, who is on it and when it last changed, its links, and the
 * actions on one board or on all of them.
 */
export default function GatheringOverviewPage({ gatheringId, token }: { gatheringId: string; token: string | undefined }) {
  const [state, setState] = useState<PageState>(() => (token ? { kind: 'loading' } : { kind: 'failed', failure: { ok: false, problem: 'no-token' } }))
  const [announcement, setAnnouncement] = useState('')
  const lang = useUiLang()
  const t = gatheringTexts(lang).overview

  useEffect(() => {
    if (!token) return
    let cancelled = false
    void gatheringsClient.get(gatheringId, token).then((result) => {
      if (cancelled) return
      if (result.ok) {
        rememberGathering(token)
        setState({ kind: 'ready', gathering: result.value })
      } else {
        if (result.problem === 'not-found') forgetGathering(token)
        setState({ kind: 'failed', failure: result })
      }
    })
    return () => {
      cancelled = true
    }
  }, [gatheringId, token])

  const title = state.kind === 'ready' ? state.gathering.title : undefined
  useEffect(() => {
    document.title = title ?? t.loading
  }, [title, t.loading])

  const status = useGatheringStatus(gatheringId, token ?? '', state.kind === 'ready')
  const announce = useCallback((message: string) => {
    // Cleared first, so the same sentence twice is still read out the second time.
    setAnnouncement('')
    requestAnimationFrame(() => setAnnouncement(message))
  }, [])

  let body
  if (state.kind === 'loading') body = <p role="status">{t.loading}</p>
  else if (state.kind === 'failed' || !token)
    body = (
      <>
        <p className="gathering-error" role="alert" data-testid="gathering-error">
          {state.kind === 'failed' ? failureText(state.failure, t) : t.noToken}
        </p>
        <a href="/">{t.goHome}</a>
      </>
    )
  else if (state.kind === 'deleted')
    body = (
      <>
        <p role="status" data-testid="gathering-deleted">
          {t.deleted}
        </p>
        <a href="/">{t.goHome}</a>
      </>
    )
  else
    body = (
      <Overview
        gathering={state.gathering}
        token={token}
        lang={lang}
        t={t}
        status={status}
        announce={announce}
        onChanged={(gathering) => setState({ kind: 'ready', gathering })}
        onDeleted={() => {
          forgetGathering(token)
          setState({ kind: 'deleted' })
        }}
      />
    )

  return (
    <main className="gathering-page">
      <div className="gathering-topbar">
        <LanguageSwitcher />
      </div>
      {body}
      <p className="gathering-visually-hidden" role="status" aria-live="polite" data-testid="gathering-announcement">
        {announcement}
      </p>
    </main>
  )
}

interface OverviewProps {
  gathering: GatheringResponse
  token: string
  lang: UiLang
  t: GatheringTexts['overview']
  status: ReturnType<typeof useGatheringStatus>
  announce: (message: string) => void
  onChanged: (gathering: GatheringResponse) => void
  onDeleted: () => void
}

function Overview({ gathering, token, lang, t, status, announce, onChanged, onDeleted }: OverviewProps) {
  const clock = useServerClock()
  const [confirming, setConfirming] = useState(false)
  const [busy, setBusy] = useState(false)
  const teamsHeading = useId()
  const settingsHeading = useId()

  async function run<T>(step: () => Promise<ApiResult<T>>, done: (value: T) => void): Promise<void> {
    setBusy(true)
    const result = await step()
    setBusy(false)
    if (result.ok) done(result.value)
    else announce(result.message ? `${t.failed} ${result.message}` : t.failed)
  }

  const activityOf = (boardId: string) => {
    const entry = status?.boards.find((b) => b.boardId === boardId)
    return entry && status ? { people: entry.people, looking: entry.looking, names: entry.names, lastActivity: entry.lastActivity, now: status.now } : undefined
  }

  return (
    <>
      <header className="gathering-header">
        <h1 data-testid="gathering-title">{gathering.title}</h1>
        <p className="gathering-date">{formatGatheringDate(gathering.date, lang)}</p>
        {gathering.archived && <p className="gathering-badge">{t.archivedNote}</p>}
      </header>

      <BroadcastPanel gatheringId={gathering.id} token={token} lang={lang} t={t} clock={clock} announce={announce} />
      <GatheringRunSheet gatheringId={gathering.id} token={token} announce={announce} />

      <section aria-labelledby={teamsHeading}>
        <h2 id={teamsHeading}>{t.teams}</h2>
        <ul className="gathering-teams" data-testid="gathering-teams">
          {gathering.boards.map((team) => (
            <TeamCard key={team.id} gatheringId={gathering.id} token={token} team={team} activity={activityOf(team.id)} lang={lang} t={t} onChanged={onChanged} announce={announce} />
          ))}
        </ul>
        {gathering.boards.length < MAX_GATHERING_TEAMS && <AddTeamForm t={t} busy={busy} onAdd={(name) => run(() => gatheringsClient.addTeam(gathering.id, token, { name }), onChanged)} />}
      </section>

      <section className="gathering-panel" aria-labelledby={settingsHeading}>
        <h2 id={settingsHeading}>{t.settingsHeading}</h2>
        <p className="gathering-overview-link">
          <CopyButton text={gathering.overviewLink} label={t.copy} ariaLabel={t.copyLabel(gatheringTexts(lang).create.overviewLink)} copiedLabel={t.copied} failedText={t.copyFailed} />
          <span>{gatheringTexts(lang).create.overviewLink}</span>
        </p>
        <label className="gathering-check">
          <input
            type="checkbox"
            checked={gathering.allowPeek}
            disabled={busy}
            data-testid="gathering-allow-peek"
            onChange={(e) => void run(() => gatheringsClient.patch(gathering.id, token, { allowPeek: e.target.checked }), onChanged)}
          />
          {t.allowPeek}
        </label>
        <div className="gathering-team-actions">
          <button type="button" disabled={busy} data-testid="gathering-archive" onClick={() => void run(() => gatheringsClient.patch(gathering.id, token, { archived: !gathering.archived }), onChanged)}>
            {gathering.archived ? t.unarchiveGathering : t.archiveGathering}
          </button>
          <button type="button" className="gathering-danger-outline" disabled={busy} data-testid="gathering-delete" onClick={() => setConfirming(true)}>
            {t.deleteGathering}
          </button>
        </div>
      </section>

      {confirming && (
        <ConfirmDialog
          title={t.confirmTitle}
          text={t.confirmDeleteGathering(gathering.title, gathering.boards.length)}
          confirmLabel={t.confirmDelete}
          cancelLabel={t.cancel}
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false)
            void run(() => gatheringsClient.remove(gathering.id, token), onDeleted)
          }}
        />
      )}
    </>
  )
}

function AddTeamForm({ t, busy, onAdd }: { t: GatheringTexts['overview']; busy: boolean; onAdd: (name: string) => Promise<void> }) {
  const [name, setName] = useState('')
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (!name.trim()) return
    await onAdd(name.trim())
    setName('')
  }
  return (
    <form className="gathering-inline-form" onSubmit={(e) => void submit(e)}>
      <label>
        {t.addTeamName}
        <input value={name} maxLength={MAX_TEAM_NAME_LENGTH} onChange={(e) => setName(e.target.value)} data-testid="add-team-name" />
      </label>
      <button type="submit" disabled={busy || !name.trim()} data-testid="add-team">
        {t.addTeam}
      </button>
    </form>
  )
}

function failureText(result: Failure, t: GatheringTexts['overview']): string {
  switch (result.problem) {
    case 'no-token':
      return t.noToken
    case 'unauthorized':
      return t.unauthorized
    case 'forbidden':
      return t.forbidden
    case 'not-found':
      return t.notFound
    case 'network':
      return t.network
    default:
      return t.serverError
  }
}

