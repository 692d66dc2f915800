import { useValue, type Editor } from 'tldraw'
import { presenceUserId, type PresenceUser } from '../board/presence'
import { useUiLang } from '../i18n/UiLanguage'
import { facilitationTexts } from './facilitationTexts'

/**
 * Follow someone's view from the people list, with tldraw's follow mode (their camera
 * leads; panning or "stop following" ends it). Anyone may choose to follow anyone; the
 * presence followed is the one of this person's id under the role the server gave them, so
 * someone copying their user id cannot take over the camera (presenceUserId).
 */
export function FollowButton({ editor, person }: { editor: Editor; person: Pick<PresenceUser, 'id' | 'name' | 'role'> }) {
  const t = facilitationTexts(useUiLang()).follow
  const userId = presenceUserId(person)
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
