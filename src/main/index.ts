// Electron's main-process entry. Everything here is Electron-only; the core
// it starts is the same one the CLI and browser mode use.
import { runElectron } from './electron/main'

runElectron()
