/** How long the object URL of a download stays alive; the browser copies the blob well before. */
const REVOKE_AFTER_MS = 60_000

/**
 * Saves a blob through a temporary `<a download>`: works offline, needs no server round trip,
 * and is what browsers (and Playwright's download event) treat as a real file download.
 */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.rel = 'noopener'
  link.style.display = 'none'
  document.body.append(link)
  link.click()
  link.remove()
  // Revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS)
}
