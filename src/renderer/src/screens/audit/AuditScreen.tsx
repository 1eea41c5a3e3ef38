import { Alert, Divider, Group, Stack, Text, Title } from '@mantine/core'
import { useMemo, useState } from 'react'
import { checkAccess } from '../../../../shared/ipc/access'
import { CHANNELS } from '../../../../shared/ipc/channels'
import { downloadFile } from '../../components/download'
import { formatDateTime } from '../../components/format'
import type {
  AuditFinding,
  AuditScopeChoice,
  ReportFormat,
  RestoreOutcome
} from '../../state/audit-slice'
import { messageOf } from '../../state/errors'
import { useStore } from '../../state/store'
import { scopeWords } from './audit-scope'
import { FhirExportPanel } from './FhirExportPanel'
import { ProblemsTable, type ProblemRow } from './ProblemsTable'
import { RestoreButton, RestoreOutcomes } from './RestorePanel'
import { RunProgress } from './RunProgress'
import { ScopeForm } from './ScopeForm'

/** What the last report download did, said under the form. */
type ReportNote = { ok: true; files: string[]; outcome: string } | { ok: false; message: string }

/** The last verify in one sentence, green when every record verifies. */
function FindingSummary({ finding, patientName }: { finding: AuditFinding; patientName?: string }) {
  const { checked, verified, problems } = finding.result
  const clean = problems.length === 0
  return (
    <Alert
      color={clean ? 'green' : 'red'}
      title={
        clean
          ? 'Every record verifies'
          : `${problems.length} problem${problems.length === 1 ? '' : 's'} found`
      }
      data-testid="audit-summary"
      data-outcome={clean ? 'verified' : 'problems'}
      role="status"
    >
      Checked {checked} record{checked === 1 ? '' : 's'} of {scopeWords(finding.scope, patientName)}{' '}
      against the ledger at {formatDateTime(finding.finishedAt)}: {verified} verified
      {clean ? '.' : `, ${problems.length} with a problem (below).`}
    </Alert>
  )
}

/**
 * The audit screen (admins and auditors): verify the cloud database against
 * the ledger with progress, see each problem with its evidence, restore
 * (admins) and verify again, download the report; admins also export a
 * patient as FHIR. Long work runs in the core; this window stays usable.
 */
export function AuditScreen() {
  const role = useStore((s) => s.session?.user?.role ?? null)
  const run = useStore((s) => s.auditRun)
  const finding = useStore((s) => s.auditFinding)
  const failure = useStore((s) => s.auditError)
  const known = useStore((s) => s.known)
  const runAudit = useStore((s) => s.runAudit)
  const runReport = useStore((s) => s.runReport)
  const [restored, setRestored] = useState<RestoreOutcome[] | null>(null)
  const [report, setReport] = useState<ReportNote | null>(null)
  const mayRestore = checkAccess(CHANNELS['audit:restore'].access, role) === null
  const mayExport = checkAccess(CHANNELS['export:fhir'].access, role) === null

  const rows: ProblemRow[] = useMemo(
    () =>
      (finding?.result.problems ?? []).map((p) => {
        const patientId = finding?.patients[p.tid] ?? null
        return { ...p, patientId, patientName: patientId ? (known[patientId]?.name ?? null) : null }
      }),
    [finding, known]
  )
  const nameOf = (scope: AuditScopeChoice | undefined) =>
    scope?.patient ? known[scope.patient]?.name : undefined

  function verify(scope: AuditScopeChoice) {
    setRestored(null)
    void runAudit(scope)
  }

  async function downloadReport(scope: AuditScopeChoice, format: ReportFormat) {
    setReport(null)
    try {
      const answer = await runReport(scope, format)
      for (const file of answer.files) downloadFile(file)
      setReport({
        ok: true,
        files: answer.files.map((f) => f.fileName),
        outcome:
          answer.outcome === 'verified'
            ? `all ${answer.checked} records verify`
            : `${answer.problems} problem${answer.problems === 1 ? '' : 's'} in ${answer.checked} records`
      })
    } catch (error) {
      setReport({ ok: false, message: messageOf(error) })
    }
  }

  return (
    <Stack maw={1100} data-testid="audit-screen">
      <Title order={1}>Audit</Title>
      <Text>
        Prove the cloud copy of every record against the ledger, see each problem with its evidence,
        repair what can be repaired and download the report.
      </Text>
      <ScopeForm
        busy={run !== null}
        onVerify={verify}
        onReport={(scope, format) => void downloadReport(scope, format)}
      />
      {run && <RunProgress run={run} patientName={nameOf(run.scope)} />}
      {failure && (
        <Alert color="red" title="The audit could not run" role="alert">
          {failure}
        </Alert>
      )}
      {report?.ok === true && (
        <Alert color="blue" title="Report downloaded" data-testid="report-downloaded">
          {report.files.join(', ')}: {report.outcome}. A copy is in the data dir&apos;s exports
          folder, its SHA-256 in the security log.
        </Alert>
      )}
      {report?.ok === false && (
        <Alert color="red" title="No report" role="alert">
          {report.message}
        </Alert>
      )}
      {restored && <RestoreOutcomes outcomes={restored} />}
      {finding && (
        <Stack gap="sm" component="section" aria-labelledby="audit-result-heading">
          <Title order={2} id="audit-result-heading">
            Result
          </Title>
          <FindingSummary finding={finding} patientName={nameOf(finding.scope)} />
          {rows.length > 0 && mayRestore && (
            <Group>
              <RestoreButton
                tids={rows.map((r) => r.tid)}
                disabled={run !== null}
                onRestored={(outcomes) => {
                  setRestored(outcomes)
                  void runAudit(finding.scope)
                }}
              />
            </Group>
          )}
          {rows.length > 0 && <ProblemsTable problems={rows} />}
        </Stack>
      )}
      {mayExport && (
        <>
          <Divider />
          <FhirExportPanel />
        </>
      )}
    </Stack>
  )
}
