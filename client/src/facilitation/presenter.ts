import { atom, react, type Editor, type TLUserId } from 'tldraw'
import type { PresenterState } from '@whiteboard/shared/facilitation/presenterState'
import { presenceUserId } from '../board/presence'

/**
 * The presence a presentation follows: the presenter's user id as a facilitator's. Only a
 * facilitator can start a presentation (the server refuses anyone else's change to it), and
 * roles in presence are the server's, so nobody else's camera can lead it, even under the
 * presenter's user id.
 */
export function presenterLeader(presenceUserIdOfPresenter: string): TLUserId {
  return presenceUserId({ id: presenceUserIdOfPresenter, role: 'facilitator' })
}

/**
 * Makes this client follow the presenter's camera (tldraw's follow mode, which shows a
 * coloured frame and lets the person stop) for each presentation, until the person stops
 * following: with the button, or with any gesture that moves their own camera (tldraw ends
 * following on one scroll-wheel tick). A person who stopped is left alone until the next
 * presentation begins or they choose to follow again (`rejoin`), and `hasLeft` says so, for
 * the banner that offers it.
 *
 * The presenter's presence may reach this client after the presentation state does (a
 * joining participant, the presenter reloading), so following is retried whenever the
 * collaborators change. Losing the presenter's presence ends tldraw's follow but is not
 * taken as the person leaving.
 */
export class PresenterFollower {
  private readonly editor: Editor
  private readonly selfUserId: string
  private presentation: { leader: TLUserId; since: number } | undefined
  private followed = false
  /** Read in a reaction (the banner), so kept in an atom. */
  private readonly $left = atom('left the presentation', false)
  private readonly stop: () => void

  constructor(editor: Editor, selfUserId: string) {
    this.editor = editor
    this.selfUserId = selfUserId
    this.stop = react('follow presenter', () => {
      const following = editor.getInstanceState().followingUserId
      const collaborators = editor.getCollaborators()
      this.reconcile(
        following,
        collaborators.some((c) => c.userId === this.presentation?.leader),
      )
    })
  }

  /** Call with every new value of the presenter state. */
  update(state: PresenterState | undefined): void {
    const id = state?.presenceUserId
    if (!state || !id || id === this.selfUserId) {
      if (this.presentation && this.followed && this.editor.getInstanceState().followingUserId === this.presentation.leader) this.editor.stopFollowingUser()
      this.presentation = undefined
      this.$left.set(false)
      return
    }
    const leader = presenterLeader(id)
    if (this.presentation?.leader === leader && this.presentation.since === state.since) return
    this.presentation = { leader, since: state.since }
    this.followed = false
    this.$left.set(false)
    this.tryFollow()
  }

  /** The person's own choice to stop following the current presentation (e.g. from a button). */
  leave(): void {
    this.$left.set(true)
    if (this.presentation && this.editor.getInstanceState().followingUserId === this.presentation.leader) this.editor.stopFollowingUser()
  }

  /** Follow the current presentation again after stopping. */
  rejoin(): void {
    if (!this.presentation) return
    this.followed = false
    this.$left.set(false)
    this.tryFollow()
  }

  /** Whether this person stopped following a presentation that is still on (reactive). */
  hasLeft(): boolean {
    return this.$left.get()
  }

  isFollowingPresenter(): boolean {
    return this.presentation !== undefined && this.editor.getInstanceState().followingUserId === this.presentation.leader
  }

  dispose(): void {
    this.stop()
  }

  private reconcile(following: TLUserId | null, leaderPresent: boolean): void {
    const p = this.presentation
    if (!p || this.$left.__unsafe__getWithoutCapture()) return
    if (following === p.leader) {
      this.followed = true
      return
    }
    // We followed and are no longer following while the leader is still here: the person chose to stop.
    if (this.followed && leaderPresent) {
      this.$left.set(true)
      return
    }
    if (leaderPresent) queueMicrotask(() => this.tryFollow())
  }

  private tryFollow(): void {
    const p = this.presentation
    if (!p || this.$left.__unsafe__getWithoutCapture()) return
    if (this.editor.getInstanceState().followingUserId === p.leader) return
    if (!this.editor.getCollaborators().some((c) => c.userId === p.leader)) return
    this.editor.startFollowingUser(p.leader)
  }
}
