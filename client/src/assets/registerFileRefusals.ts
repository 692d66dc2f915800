import { defaultHandleExternalFileContent, type Editor, type TLDefaultExternalContentHandlerOpts, type VecLike } from 'tldraw'
import type { BoardAssetStore } from './createBoardAssetStore'
import { UploadError } from './UploadError'
import { uploadRefusal } from './uploadRefusal'

/**
 * Takes over tldraw's handler of dropped, pasted and picked files: each file we would refuse
 * (wrong type, SVG, too large) is reported through the asset store, so the person gets our
 * message in their language (AssetUploadToasts.tsx) instead of tldraw's English "File type is
 * not allowed"; the rest go on to tldraw's own handler as before. Register it after tldraw's
 * defaults (from a child of <Tldraw>, whose effects run after tldraw's mount).
 */
export function registerFileRefusals(editor: Editor, store: BoardAssetStore, options: TLDefaultExternalContentHandlerOpts): () => void {
  const handle = async (content: { files: File[]; point?: VecLike }) => {
    const taken: File[] = []
    for (const file of content.files) {
      const refusal = uploadRefusal(file)
      if (refusal) store.report(new UploadError(refusal))
      else taken.push(file)
    }
    if (taken.length > 0) await defaultHandleExternalFileContent(editor, { ...content, files: taken }, options)
  }
  editor.registerExternalContentHandler('files', (content) => {
    void handle(content)
  })
  // Back to tldraw's own handler, as it registers it, when the component goes.
  return () =>
    editor.registerExternalContentHandler('files', (content) => {
      void defaultHandleExternalFileContent(editor, content, options)
    })
}
