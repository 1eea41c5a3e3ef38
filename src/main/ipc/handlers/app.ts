import type { APP_CHANNELS } from '../../../shared/ipc/channels/app'
import type { HandlersFor } from '../handler'

export const APP_HANDLERS: HandlersFor<typeof APP_CHANNELS> = {
  'app:info': ({ app }) => app.info(),
  'app:diagnostics': ({ app }) => app.diagnostics()
}
