// Integration and end-to-end tests run the built CLI and renderer, as users
// do: build first when the build is missing or stale.
import { buildIfNeeded } from '../../scripts/build-if-needed.mjs'

export function setup(): void {
  buildIfNeeded({ quiet: true })
}
