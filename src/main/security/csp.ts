/**
 * The Content-Security-Policy of the renderer, in Electron and in browser
 * mode alike: scripts only from the app itself, no eval, no remote anything.
 *
 * `style-src` allows inline styles because the component library sets CSS
 * variables and positions through style attributes; inline *scripts* stay
 * forbidden, which is what stops injected markup from running code.
 */
export function contentSecurityPolicy(
  options: {
    connectSrc?: readonly string[]
    /**
     * Development only: Vite's dev server injects an inline React-refresh
     * preamble. Never set for a built renderer.
     */
    allowInlineScripts?: boolean
  } = {}
): string {
  const connect = ["'self'", ...(options.connectSrc ?? [])].join(' ')
  const scripts = options.allowInlineScripts ? "'self' 'unsafe-inline'" : "'self'"
  return [
    "default-src 'none'",
    `script-src ${scripts}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src ${connect}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'"
  ].join('; ')
}

/** Headers every renderer document gets, besides the CSP. */
export const DOCUMENT_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Frame-Options': 'DENY'
}
