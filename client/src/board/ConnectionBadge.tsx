import type { Messages } from '../i18n/messages'
import type { ConnectionStatus } from './connection'

/** The connection state in words and colour; `data-status` is for tests and styling. */
export function ConnectionBadge({ status, t }: { status: ConnectionStatus; t: Messages }) {
  const text =
    status.kind === 'connecting'
      ? t.status.connecting
      : status.kind === 'synced'
        ? t.status.synced
        : status.kind === 'offline'
          ? status.unsavedChanges
            ? t.status.offlineUnsaved
            : t.status.offline
          : `${t.status.refused}: ${status.message}`
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
