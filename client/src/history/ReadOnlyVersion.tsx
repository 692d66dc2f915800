import { useEffect, useId, useMemo, useRef } from 'react'
import { Tldraw, type Editor, type TLAssetStore, type TLCurrentUser } from 'tldraw'
import { getAssetUrlsByImport } from '@tldraw/assets/imports.vite'
import type { SnapshotRecordsResponse } from '@whiteboard/shared/api/historyApi'
import { versionStore } from './versionStore'

/** Bundled fonts, icons and translations, as on the live board: nothing is fetched from tldraw's CDN. */
const assetUrls = getAssetUrlsByImport()
const licenseKey = import.meta.env.VITE_TLDRAW_LICENSE_KEY || undefined

export interface ReadOnlyVersionProps {
  version: SnapshotRecordsResponse
  title: string
  closeLabel: string
  /** Resolves images with this board's token, as on the live board. */
  assets?: TLAssetStore
  /** The board the version belongs to: its records may refer only to its own images. */
  boardId?: string
  /** The person's tldraw user, so the version's UI speaks their language. */
  user?: TLCurrentUser
  onClose: () => void
}

/**
 * An earlier version of the board in a modal dialog: its own tldraw editor on a store of its
 * own, read-only, so looking around cannot touch the live board. Escape or the close button
 * closes it and focus goes back to where it was.
 */
export function ReadOnlyVersion({ version, title, closeLabel, assets, boardId, user, onClose }: ReadOnlyVersionProps) {
  const dialog = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  const store = useMemo(() => versionStore(version.records, version.schema, { assets, boardId }), [version, assets, boardId])

  useEffect(() => {
    const d = dialog.current
    d?.showModal()
    return () => d?.close()
  }, [])

  const onMount = (editor: Editor) => {
    editor.updateInstanceState({ isReadonly: true })
    editor.zoomToFit()
    // A board of two notes would fill the screen at 200 %; show it at most at its real size.
    if (editor.getZoomLevel() > 1) editor.resetZoom(editor.getViewportScreenCenter())
  }

  return (
    <dialog ref={dialog} className="wb-history-version" aria-labelledby={titleId} data-testid="history-version" onClose={onClose}>
      <div className="wb-history-version__head">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="wb-history__button" data-testid="history-version-close" onClick={() => dialog.current?.close()}>
          {closeLabel}
        </button>
      </div>
      <div className="wb-history-version__canvas">
        <Tldraw store={store} assetUrls={assetUrls} licenseKey={licenseKey} onMount={onMount} {...(user ? { user } : {})} />
      </div>
    </dialog>
  )
}
