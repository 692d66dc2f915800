import { AssetRecordType, getHashForString, type Editor, type TLBookmarkAsset } from 'tldraw'

/**
 * A pasted link becomes a bookmark that shows its address only. tldraw's default fetches the
 * linked page from the browser to read its title, picture and icon: a request to a third party
 * while the board is open, which the app promises never to make. The server's CSP would block
 * that fetch anyway, and the person would get an error toast instead of their link. (Embeds,
 * tldraw's other way of showing a link, load the third party in an iframe; the board page
 * turns them off.)
 */
export function keepLinksLocal(editor: Editor): void {
  editor.registerExternalAssetHandler(
    'url',
    async ({ url }): Promise<TLBookmarkAsset> => ({
      id: AssetRecordType.createId(getHashForString(url)),
      typeName: 'asset',
      type: 'bookmark',
      props: { src: url, title: url, description: '', image: '', favicon: '' },
      meta: {},
    }),
  )
}
