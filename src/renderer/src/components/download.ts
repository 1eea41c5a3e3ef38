/** A file the core answered for download (`audit:report`, `export:fhir`). */
export interface DownloadableFile {
  fileName: string
  mediaType: string
  content: string
}

/**
 * Hands a file the core answered to the browser's downloads: a Blob of its
 * content behind a temporary `<a download>`. The same in Electron and in
 * browser mode; the core has also kept a copy in the data dir's exports/.
 */
export function downloadFile(file: DownloadableFile): void {
  const url = URL.createObjectURL(new Blob([file.content], { type: file.mediaType }))
  const link = document.createElement('a')
  link.href = url
  link.download = file.fileName
  link.rel = 'noopener'
  link.style.display = 'none'
  document.body.append(link)
  try {
    link.click()
  } finally {
    link.remove()
    // The click has started the download by now; a later revoke frees the Blob.
    setTimeout(() => URL.revokeObjectURL(url), 1000)
  }
}
