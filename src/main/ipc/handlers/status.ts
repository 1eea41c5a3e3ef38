import type { STATUS_CHANNELS } from '../../../shared/ipc/channels/status'
import { queueList, retryQueue } from '../../clinic/queue-service'
import { setCloudFromScreen, syncNow, syncStatus } from '../../clinic/sync-screens'
import { cloudStatus, ledgerStatus } from '../../clinic/workstation-status'
import { runtimeOf } from '../../workstation/runtime'
import { clinicOf } from '../../workstation/sessions'
import type { HandlersFor } from '../handler'

export const STATUS_HANDLERS: HandlersFor<typeof STATUS_CHANNELS> = {
  'status:get': ({ app }) => runtimeOf(app).status(),
  'ledger:status': ({ app, session }) => ledgerStatus(app, session.clinic ?? undefined),
  'cloud:status': ({ app, session }) => cloudStatus(app, clinicOf(session)),
  'cloud:set': ({ app, session }, choice) => setCloudFromScreen(app, clinicOf(session), choice),
  'queue:list': ({ app, session }, { limit }) => queueList(app, clinicOf(session), limit),
  'queue:retry': ({ app, session }, { tids }) => retryQueue(app, clinicOf(session), tids),
  'sync:status': ({ app }) => syncStatus(app),
  'sync:now': ({ app, session }) => syncNow(app, clinicOf(session))
}
