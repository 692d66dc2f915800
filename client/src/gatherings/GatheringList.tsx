import { useEffect, useId, useState } from 'react'
import { useUiLang } from '../i18n/UiLanguage'
import type { GatheringSummary } from '@whiteboard/shared/api/gatheringsApi'
import { formatGatheringDate } from './formatGatheringDate'
import { gatheringsClient } from './gatheringsClient'
import { gatheringTexts } from './gatheringTexts'
import { forgetGathering, rememberedGatheringTokens } from './rememberedGatherings'

/**
 * "Your gatherings" on the front page: the gatherings whose facilitator tokens this browser
 * remembered, fetched with those tokens only. Nothing shows in a browser that has none.
 * `refresh` changes when a gathering was just created, so it appears at once.
 */
export function GatheringList({ refresh }: { refresh: number }) {
  const lang = useUiLang()
  const t = gatheringTexts(lang).list
  const [gatherings, setGatherings] = useState<GatheringSummary[] | 'failed' | undefined>()
  const headingId = useId()

  useEffect(() => {
    const tokens = rememberedGatheringTokens()
    if (tokens.length === 0) return
    let cancelled = false
    void gatheringsClient.list(tokens).then((result) => {
      if (cancelled) return
      setGatherings(result.ok ? result.value.gatherings : 'failed')
      if (!result.ok) return
      // A token names its gathering (`gathering.<id>.<sig>`); one the server no longer lists was deleted.
      const listed = new Set(result.value.gatherings.map((g) => g.id))
      for (const token of tokens) if (!listed.has(token.split('.')[1] ?? '')) forgetGathering(token)
    })
    return () => {
      cancelled = true
    }
  }, [refresh])

  if (gatherings === undefined || (Array.isArray(gatherings) && gatherings.length === 0)) return null
  return (
    <section aria-labelledby={headingId} data-testid="gathering-list">
      <h2 id={headingId}>{t.heading}</h2>
      <p>{t.help}</p>
      {gatherings === 'failed' ? (
        <p className="gathering-error">{t.failed}</p>
      ) : (
        <ul className="gathering-list">
          {gatherings.map((g) => (
            <li key={g.id}>
              <a href={g.overviewLink}>{g.title}</a>
              <span className="gathering-list-meta">
                {formatGatheringDate(g.date, lang, 'medium')} · {t.teams(g.teamCount)}
                {g.archived ? ` · ${t.archived}` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
