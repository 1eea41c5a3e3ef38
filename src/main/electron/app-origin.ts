/**
 * The renderer is served from a privileged custom scheme, not `file://`, so
 * that it has a real origin: the CSP's `'self'`, the sender-frame check and
 * the navigation guard all compare against it.
 */
export const APP_SCHEME = 'app'
export const APP_HOST = 'mediblock'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`

/**
 * The origin the renderer is loaded from: the app scheme when built, or
 * electron-vite's dev server while developing (never when packaged).
 */
export function rendererOrigin(devServerUrl: string | undefined, packaged: boolean): string {
  if (devServerUrl && !packaged) return new URL(devServerUrl).origin
  return APP_ORIGIN
}

/** `true` when `url` belongs to `origin` (exact origin match, no prefixes). */
export function isFromOrigin(url: string | undefined, origin: string): boolean {
  if (!url) return false
  try {
    const parsed = new URL(url)
    // Custom schemes registered as `standard` get a proper origin in
    // Chromium, but Node's URL reports "null" for them; compare by parts.
    const actual = parsed.origin === 'null' ? `${parsed.protocol}//${parsed.host}` : parsed.origin
    return actual === origin
  } catch {
    return false
  }
}
