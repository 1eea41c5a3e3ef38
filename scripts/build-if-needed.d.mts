/** `true` when the build is missing or older than its sources. */
export function buildIsStale(root?: string): boolean
/** Builds with electron-vite when needed; answers whether it built. */
export function buildIfNeeded(options?: { quiet?: boolean; root?: string }): boolean
