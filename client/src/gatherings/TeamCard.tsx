import { useId, useRef, useState, type FormEvent } from 'react'
import { ROLES } from '@whiteboard/shared'
import type { UiLang } from '../i18n/messages'
import type { GatheringResponse, GatheringTeam, PersonOnBoard } from '@whiteboard/shared/api/gatheringsApi'
import { MAX_TEAM_NAME_LENGTH } from '@whiteboard/shared/gatherings/gatheringLimits'
import { BoardThumbnail } from './BoardThumbnail'
import { ConfirmDialog } from './ConfirmDialog'
import { CopyButton } from './CopyButton'
import { gatheringsClient, type ApiResult } from './gatheringsClient'
import type { GatheringTexts } from './gatheringTexts'
import { relativeTime } from './relativeTime'

export interface TeamCardProps {
  gatheringId: string
  token: string
  team: GatheringTeam
  /** From the status poll; undefined until the first answer. `people` are the team's own, `looking` those looking on read-only (peeking). */
  activity: { people: number; looking: number; names: readonly PersonOnBoard[]; lastActivity: number | null; now: number } | undefined
  lang: UiLang
  t: GatheringTexts['overview']
  /** The gathering after a change made here. */
  onChanged: (gathering: GatheringResponse) => void
  /** A sentence for the page's live region (done, or why not). */
  announce: (message: string) => void
}

/** One team board on the overview: live picture, who is there, its links, and what the facilitator can do to it. */
export function TeamCard({ gatheringId, token, team, activity, lang, t, onChanged, announce }: TeamCardProps) {
  const [renaming, setRenaming] = useState(false)
  const [confirming, setConfirming] = useState(false)
  const [busy, setBusy] = useState(false)
  const headingId = useId()
  const renameButton = useRef<HTMLButtonElement>(null)
  const stopRenaming = () => {
    setRenaming(false)
    // The form goes away with the focus in it: back to the button that opened it.
    requestAnimationFrame(() => renameButton.current?.focus())
  }

  async function run<T>(step: () => Promise<ApiResult<T>>, done: (value: T) => void | Promise<void>): Promise<void> {
    setBusy(true)
    const result = await step()
    setBusy(false)
    if (result.ok) await done(result.value)
    else announce(result.message ? `${t.failed} ${result.message}` : t.failed)
  }

  return (
    <li className={team.archived ? 'gathering-team gathering-team-archived' : 'gathering-team'} aria-labelledby={headingId} data-testid={`team-${team.id}`}>
      <div className="gathering-team-head">
        <h3 id={headingId} data-testid="team-name">
          {team.name}
        </h3>
        {team.archived && <span className="gathering-badge">{t.archivedBadge}</span>}
      </div>
      {renaming ? (
        <RenameForm
          initial={team.name}
          t={t}
          busy={busy}
          onCancel={stopRenaming}
          onSave={(name) =>
            void run(
              () => gatheringsClient.patchTeam(gatheringId, token, team.id, { name }),
              (g) => {
                stopRenaming()
                onChanged(g)
              },
            )
          }
        />
      ) : null}
      {!team.archived && <BoardThumbnail boardId={team.id} viewerToken={team.tokens.viewer} name={team.name} t={t} />}
      <p className="gathering-team-activity" data-testid="team-activity">
        <span data-testid="team-people" data-people={activity?.people ?? 0}>
          {activity === undefined ? '…' : activity.people === 0 ? t.peopleNone : t.people(activity.people)}
        </span>
        {activity !== undefined && activity.looking > 0 && (
          <span data-testid="team-looking" data-looking={activity.looking}>
            {t.lookingOn(activity.looking)}
          </span>
        )}
        <span data-testid="team-last-activity">
          {activity === undefined ? '' : activity.lastActivity === null ? t.noActivity : t.lastActivity(relativeTime(activity.lastActivity, activity.now, lang))}
        </span>
      </p>
      {activity !== undefined && activity.names.length > 0 && (
        <ul className="gathering-team-names" aria-label={t.peopleOf(team.name)} data-testid="team-names">
          {activity.names.map((person, i) => (
            <li key={i} className={person.looking ? 'gathering-looking' : undefined} data-looking={person.looking}>
              {person.name || t.unnamed}
              {person.looking && <span className="gathering-visually-hidden"> ({t.lookingBadge})</span>}
            </li>
          ))}
        </ul>
      )}
      <ul className="gathering-team-links">
        {ROLES.map((role) => (
          <li key={role}>
            <span className="gathering-team-role">{t.roles[role]}</span>
            <input readOnly value={team.links[role]} aria-label={t.linkFor(t.roles[role], team.name)} data-testid={`team-link-${role}`} onFocus={(e) => e.target.select()} />
            <CopyButton
              text={team.links[role]}
              label={t.copy}
              ariaLabel={t.copyLabel(t.linkFor(t.roles[role], team.name))}
              copiedLabel={t.copied}
              failedText={t.copyFailed}
              testId={`team-copy-${role}`}
            />
          </li>
        ))}
      </ul>
      <div className="gathering-team-actions">
        <a className="gathering-button" href={team.links.facilitator} target="_blank" rel="noopener" aria-label={t.openLabel(team.name)} data-testid="team-open">
          {t.open}
        </a>
        {!team.archived && (
          <button
            type="button"
            disabled={busy}
            aria-label={t.summonLabel(team.name)}
            data-testid="team-summon"
            onClick={() => void run(() => gatheringsClient.summon(gatheringId, token, team.id), () => announce(t.summoned(team.name)))}
          >
            {t.summon}
          </button>
        )}
        <button ref={renameButton} type="button" disabled={busy || renaming} aria-label={t.renameLabel(team.name)} onClick={() => setRenaming(true)} data-testid="team-rename">
          {t.rename}
        </button>
        <button
          type="button"
          disabled={busy}
          aria-label={team.archived ? t.unarchiveLabel(team.name) : t.archiveLabel(team.name)}
          data-testid="team-archive"
          onClick={() => void run(() => gatheringsClient.patchTeam(gatheringId, token, team.id, { archived: !team.archived }), onChanged)}
        >
          {team.archived ? t.unarchive : t.archive}
        </button>
        <button type="button" className="gathering-danger-outline" disabled={busy} aria-label={t.deleteBoardLabel(team.name)} data-testid="team-delete" onClick={() => setConfirming(true)}>
          {t.deleteBoard}
        </button>
      </div>
      {confirming && (
        <ConfirmDialog
          title={t.confirmTitle}
          text={t.confirmDeleteBoard(team.name)}
          confirmLabel={t.confirmDelete}
          cancelLabel={t.cancel}
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false)
            void run(
              () => gatheringsClient.removeTeam(gatheringId, token, team.id),
              async () => {
                announce(t.boardDeleted(team.name))
                const fresh = await gatheringsClient.get(gatheringId, token)
                if (fresh.ok) onChanged(fresh.value)
              },
            )
          }}
        />
      )}
    </li>
  )
}

function RenameForm({ initial, t, busy, onSave, onCancel }: { initial: string; t: GatheringTexts['overview']; busy: boolean; onSave: (name: string) => void; onCancel: () => void }) {
  const [name, setName] = useState(initial)
  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (name.trim()) onSave(name.trim())
  }
  return (
    <form
      className="gathering-rename"
      onSubmit={submit}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onCancel()
      }}
    >
      <label>
        {t.nameLabel}
        <input autoFocus required value={name} maxLength={MAX_TEAM_NAME_LENGTH} onChange={(e) => setName(e.target.value)} data-testid="team-rename-input" />
      </label>
      <button type="submit" disabled={busy || !name.trim()}>
        {t.save}
      </button>
      <button type="button" onClick={onCancel}>
        {t.cancel}
      </button>
    </form>
  )
}
