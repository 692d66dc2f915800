import { useSyncExternalStore } from 'react'
import type * as Y from 'yjs'
import { useUiLang } from '../i18n/UiLanguage'
import type { PrivateItems } from './PrivateItems'
import { privateModeTexts } from './privateModeTexts'
import { usePrivateMode } from './usePrivateMode'
import './privateMode.css'

/**
 * Under the board header, for a participant: while private mode is on, that what they add now
 * is theirs alone until the facilitator reveals it; after private mode ended without a reveal,
 * that the private items they still hold are theirs alone. A polite status region.
 */
export function PrivateModeBanner({ doc, items }: { doc: Y.Doc; items: PrivateItems }) {
  const t = privateModeTexts(useUiLang())
  const on = usePrivateMode(doc)
  const held = useSyncExternalStore(items.subscribe, items.get).size > 0
  const text = on ? t.bannerParticipant : held ? t.bannerKept : ''
  return (
    <div role="status" aria-live="polite" className={text ? 'private-mode-banner' : undefined} data-testid="private-mode-banner">
      {text && <p>{text}</p>}
    </div>
  )
}
