/** The repository root. */
export const ROOT: string
/** Where the Solidity sources live. */
export const SOURCES_DIR: string
/** Where the generated artifacts go. */
export const ARTIFACTS_DIR: string
/** The contracts whose ABI and bytecode are written as artifacts. */
export const CONTRACTS: readonly string[]
/** solc settings used by the build. */
export const SOLC_SETTINGS: Readonly<Record<string, unknown>>
/** Version of a package as installed. */
export function installedVersion(name: string): string
/** The .sol files under contracts/ (not artifacts), relative to contracts/. */
export function sourceFiles(): string[]
/** A hash of the sources, settings and pinned tool versions. */
export function sourceHash(): string
