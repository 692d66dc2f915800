/** One announcement; `key` changes even when the text repeats, so the same refusal is announced again. */
export interface Announcement {
  text: string
  key: number
}

/**
 * The visible, assertive live region of the facilitation tools: refusals ("you have used all
 * your votes"), the timer's end and confirmations. It stays in the DOM while empty, because
 * screen readers only announce changes to a live region they already know.
 */
export function FacilitationAnnouncer({ announcement }: { announcement: Announcement | undefined }) {
  return (
    <div className={`fac-announcer${announcement ? ' is-visible' : ''}`} role="status" aria-live="assertive" aria-atomic="true" data-testid="facilitation-announcer">
      {announcement && <span key={announcement.key}>{announcement.text}</span>}
    </div>
  )
}
