import { useEffect, useState } from 'react'
import { useEditor, useToasts, useTranslation } from 'tldraw'
import { MAX_UPLOAD_BYTES } from '@whiteboard/shared'
import { ACCEPTED_IMAGE_TYPES } from '@whiteboard/shared/api/assetsApi'
import { useUiLang } from '../i18n/UiLanguage'
import type { BoardAssetStore } from './createBoardAssetStore'
import { registerFileRefusals } from './registerFileRefusals'
import { uploadErrorText } from './uploadErrorText'
import './AssetUploadToasts.css'

/** How long a refusal stays in the live region; long enough to be read, short enough not to be found stale. */
const ANNOUNCEMENT_MS = 10_000

/**
 * Tells the person why an image was not added (too big, wrong type, viewer, offline), in a
 * tldraw toast. Render it as a child of <Tldraw>: toasts live in tldraw's UI context, and
 * tldraw's file handler is replaced from here (registerFileRefusals.ts), after tldraw set its own.
 *
 * The toast is for the eyes. Screen readers get the same sentence from a live region that is
 * in the page from the start: the toast library announces through a region it creates at that
 * moment, which not every screen reader picks up.
 */
export function AssetUploadToasts({ store }: { store: BoardAssetStore }) {
  const toasts = useToasts()
  const editor = useEditor()
  const msg = useTranslation()
  const lang = useUiLang()
  useEffect(
    () => registerFileRefusals(editor, store, { maxAssetSize: MAX_UPLOAD_BYTES, acceptedImageMimeTypes: ACCEPTED_IMAGE_TYPES, toasts, msg }),
    [editor, store, toasts, msg],
  )
  const [announcement, setAnnouncement] = useState<{ text: string; key: number } | undefined>()
  useEffect(
    () =>
      store.onUploadError((error) => {
        const { title, description } = uploadErrorText(error.code, lang, error.serverMessage)
        toasts.addToast({ title, description, severity: 'error', keepOpen: false })
        setAnnouncement((prev) => ({ text: `${title}: ${description}`, key: (prev?.key ?? 0) + 1 }))
      }),
    [store, lang, toasts],
  )
  useEffect(() => {
    if (!announcement) return
    const timeout = setTimeout(() => setAnnouncement(undefined), ANNOUNCEMENT_MS)
    return () => clearTimeout(timeout)
  }, [announcement])
  return (
    <div className="wb-upload-announcer" role="status" aria-live="assertive" aria-atomic="true" data-testid="upload-announcer">
      {announcement && <span key={announcement.key}>{announcement.text}</span>}
    </div>
  )
}
