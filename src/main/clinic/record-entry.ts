import type { RecordsAddResult } from '../../shared/ipc/schemas'
import type { App } from '../core/create-app'
import { runtimeOf } from '../workstation/runtime'
import { requireRole, type ClinicSession } from './clinic-session'
import { addRecord } from './records-service'
import { findTemplate } from './templates-service'

export interface EnterRecordInput {
  readonly patientId: string
  readonly template: string
  readonly attributes: Readonly<Record<string, number | string | boolean>>
  readonly supersedes?: string | undefined
}

/**
 * A clinician enters a record from a screen: checked against its template
 * (and the template's roles: the ledger would refuse another role), signed
 * and queued, and answered at once with its tid. The background drain
 * sends it; its ACK (on chain, or refused and why) arrives as
 * `record:changed`.
 */
export async function enterRecord(
  app: App,
  session: ClinicSession,
  input: EnterRecordInput
): Promise<RecordsAddResult> {
  const template = findTemplate(app, input.template)
  requireRole(session, template.roles, `enter ${template.title} records`)
  const { record } = await addRecord(
    app,
    session,
    {
      patient: input.patientId,
      template: `${template.slug}@${template.version}`,
      attributes: input.attributes,
      ...(input.supersedes ? { supersedes: input.supersedes } : {})
    },
    { drain: false }
  )
  const runtime = runtimeOf(app)
  runtime.background?.watcher.watch(record.tid, record.state)
  runtime.background?.worker.kick()
  return {
    tid: record.tid,
    state: record.state,
    template: {
      id: template.id,
      version: template.version,
      slug: template.slug,
      title: template.title
    }
  }
}
