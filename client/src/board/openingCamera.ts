import { react, type Editor, type TLPageId } from 'tldraw'
import { cameraToFit, type ScreenInsets } from './cameraToFit'
import { rememberCamera, rememberedCamera } from './rememberedCameras'
import { NARROW_WINDOW_QUERY } from './useNarrowWindow'

/** How long the camera must rest before it is written down; a pan writes once, not 60 times a second. */
const REMEMBER_AFTER_MS = 400

/**
 * Room for what covers the canvas's edges: tldraw's menus at the top, its toolbar at the
 * bottom, and on a wide window the facilitator's tools, open at the left (facilitation.css:
 * 17rem from 8 px). Without it, a template's first line of instructions sits under tldraw's
 * page menu.
 */
function insetsFor(facilitator: boolean): ScreenInsets {
  const narrow = window.matchMedia(NARROW_WINDOW_QUERY).matches
  const dock = facilitator && !narrow ? 17 * 16 + 24 : 0
  return { top: 56, right: 16, bottom: 72, left: Math.max(16, dock) }
}

/**
 * The camera a board opens with: where this browser left it, or, on the first visit, the whole
 * content framed (a board made from a template: the template's frame), for every role. From
 * then on the camera is remembered as it moves. Returns the undo.
 */
export function openingCamera(editor: Editor, boardId: string, { facilitator }: { facilitator: boolean }): () => void {
  const remembered = rememberedCamera(boardId)
  if (remembered && editor.getPage(remembered.pageId as TLPageId)) {
    editor.setCurrentPage(remembered.pageId as TLPageId)
    editor.setCamera({ x: remembered.x, y: remembered.y, z: remembered.z }, { immediate: true })
  } else {
    const bounds = editor.getCurrentPageBounds()
    if (bounds) editor.setCamera(cameraToFit(editor.getViewportScreenBounds(), bounds, insetsFor(facilitator)), { immediate: true })
  }

  let timer: ReturnType<typeof setTimeout> | undefined
  const write = () => {
    clearTimeout(timer)
    timer = undefined
    const { x, y, z } = editor.getCamera()
    rememberCamera(boardId, { pageId: editor.getCurrentPageId(), x, y, z })
  }
  const stopReacting = react('remember camera', () => {
    editor.getCamera()
    editor.getCurrentPageId()
    clearTimeout(timer)
    timer = setTimeout(write, REMEMBER_AFTER_MS)
  })
  // A reload or a closed tab within the rest period still keeps the last camera.
  const onHide = () => {
    if (timer !== undefined) write()
  }
  window.addEventListener('pagehide', onHide)
  return () => {
    stopReacting()
    window.removeEventListener('pagehide', onHide)
    onHide()
  }
}
