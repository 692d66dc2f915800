import { createUserId, useValue, type Editor } from 'tldraw'
import { useUiLang } from '../i18n/UiLanguage'
import { facilitationTexts } from './facilitationTexts'

/**
 * Follow someone's view from the people list, with tldraw's follow mode (their camera
 * leads; panning or "stop following" ends it). Anyone may follow anyone.
 */
export function FollowButton({ editor, person }: { editor: Editor; person: { id: string; name: string } }) {
  const t = facilitationTexts(useUiLang()).follow
  const userId = createUserId(person.id)
  const following = useValue('following', () => editor.getInstanceState().followingUserId === userId, [editor, userId])
  return (
    <button
      type="button"
      className="fac-follow"
      data-testid={`follow-${person.id}`}
      aria-pressed={following}
      aria-label={following ? t.unfollowLabel(person.name) : t.followLabel(person.name)}
      onClick={() => (following ? editor.stopFollowingUser() : editor.startFollowingUser(userId))}
    >
      {following ? t.unfollow : t.follow}
    </button>
  )
}
