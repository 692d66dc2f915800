import { useEffect } from 'react'
import { useToasts } from 'tldraw'
import { useUiLang } from '../i18n/UiLanguage'
import type { BoardAssetStore } from './createBoardAssetStore'
import { uploadErrorText } from './uploadErrorText'

/**
 * Tells the person why an image was not added (too big, wrong type, viewer, offline), in a
 * tldraw toast. Render it as a child of <Tldraw>: toasts live in tldraw's UI context.
 */
export function AssetUploadToasts({ store }: { store: BoardAssetStore }) {
  const { addToast } = useToasts()
  const lang = useUiLang()
  useEffect(
    () =>
      store.onUploadError((error) => {
        const { title, description } = uploadErrorText(error.code, lang, error.serverMessage)
        addToast({ title, description, severity: 'error', keepOpen: false })
      }),
    [store, lang, addToast],
  )
  return null
}
