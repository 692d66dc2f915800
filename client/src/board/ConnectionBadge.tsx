import { useUiLanguage } from '../i18n/UiLanguage'
import type { ConnectionStatus } from './connection'
import { refusalMessage } from './refusalMessage'

/**
 * The connection state in words and colour; `data-status` is for tests and styling. A status
 * region, so a refusal's reason (and a drop or return) is read out without moving focus. The
 * refusal is put in words from its close code here, so it follows a switch of language.
 */
export function ConnectionBadge({ status }: { status: ConnectionStatus }) {
  const { t } = useUiLanguage()
  const text =
    status.kind === 'connecting'
      ? t.status.connecting
      : status.kind === 'synced'
        ? t.status.synced
        : status.kind === 'offline'
          ? status.unsavedChanges
            ? t.status.offlineUnsaved
            : t.status.offline
          : `${t.status.refused}: ${refusalMessage(status.code, t)}`
  return (
    <div
      className={`connection-badge connection-${status.kind}`}
      data-testid="connection-status"
      data-status={status.kind}
      data-unsaved={status.kind === 'offline' ? String(status.unsavedChanges) : undefined}
      role="status"
      title={status.kind === 'refused' && status.serverReason ? status.serverReason : undefined}
    >
      <span className="connection-dot" aria-hidden="true" />
      {text}
    </div>
  )
}
