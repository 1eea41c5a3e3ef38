import { Paper, Progress, Stack, Text } from '@mantine/core'
import type { AuditRun } from '../../state/audit-slice'
import { scopeWords } from './audit-scope'

/**
 * How far a running verify or report has got, from its `audit:progress`
 * events: a bar that fills when the cloud's row count is known (a whole
 * clinic), and one that keeps moving otherwise; the counts in words below.
 */
export function RunProgress({ run, patientName }: { run: AuditRun; patientName?: string }) {
  const cloud = run.progress?.cloud ?? 0
  const anchored = run.progress?.anchored ?? 0
  const percent = run.total ? Math.min(100, Math.round((cloud / run.total) * 100)) : null
  const doing = run.kind === 'verify' ? 'Verifying' : 'Writing the report on'
  return (
    <Paper withBorder p="md" data-testid="audit-progress">
      <Stack gap="xs">
        <Text fw={600}>
          {doing} {scopeWords(run.scope, patientName)}…
        </Text>
        <Progress
          value={percent ?? 100}
          animated
          striped={percent === null}
          size="lg"
          aria-label="Audit progress"
          {...(percent === null ? { 'aria-valuetext': 'working' } : {})}
        />
        <Text size="sm" c="dimmed" aria-live="polite" data-testid="audit-progress-counts">
          {run.progress
            ? `${cloud} cloud row${cloud === 1 ? '' : 's'} checked${run.total ? ` of ${run.total}` : ''}, ${anchored} record${anchored === 1 ? '' : 's'} found on the ledger`
            : 'Reading the ledger and the cloud database…'}
        </Text>
      </Stack>
    </Paper>
  )
}
