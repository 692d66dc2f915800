import type { TLUiOverrides } from 'tldraw'

/**
 * tldraw actions this board leaves out. "Insert embed" (Ctrl+I) opens a dialog for embeds,
 * which are off (each would load a third party in everyone's browser), so it could only show
 * an empty dialog. Without the action tldraw's menus, shortcuts dialog and keyboard bindings
 * have no entry for it.
 */
const REMOVED_ACTIONS = ['insert-embed'] as const

export const UI_OVERRIDES: TLUiOverrides = {
  actions(_editor, actions) {
    for (const id of REMOVED_ACTIONS) delete actions[id]
    return actions
  },
}
