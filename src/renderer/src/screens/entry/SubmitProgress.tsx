import { Alert, Group, Paper, Stack, Stepper, Text } from '@mantine/core'
import type { RecordState } from '../../../../shared/ipc/schemas'
import { RecordStateBadge, STATE_WORDS } from '../../components/RecordStatus'
import type { Submission } from '../../state/entry-slice'

/** Steps done once a record is in each state (the next one is in progress). */
const DONE: Record<RecordState, number> = {
  queued: 1,
  submitted: 2,
  anchored: 3,
  synced: 4,
  rejected: 2
}

/** How long the ledger took, for a person: `340 ms`, `2.1 s`. */
function took(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`
}

/**
 * A submitted record's way to the ledger and the cloud, following its ACKs
 * (`record:changed`): signed and queued, sent, on chain, synced; or refused,
 * and why in words, naming the rule that failed.
 */
export function SubmitProgress({ submission }: { submission: Submission }) {
  const { state, rejection } = submission
  const done = DONE[state]
  const onChainMs =
    submission.onChainAt === null ? null : submission.onChainAt - submission.submittedAt
  return (
    <Paper
      withBorder
      p="md"
      data-testid="entry-progress"
      data-tid={submission.tid}
      data-record-state={state}
      data-on-chain-ms={onChainMs === null ? undefined : Math.round(onChainMs)}
    >
      <Stack gap="sm">
        <Group justify="space-between">
          <Text fw={700}>
            {submission.template.title}, version {submission.template.version}
          </Text>
          <RecordStateBadge state={state} />
        </Group>
        <Text role="status" aria-live="polite" size="sm">
          {STATE_WORDS[state].label}. {STATE_WORDS[state].hint}
          {onChainMs !== null ? ` It reached the chain ${took(onChainMs)} after the submit.` : ''}
        </Text>
        {state === 'rejected' ? (
          <Alert color="red" title="Refused by the ledger" role="alert" data-testid="rejection">
            <Stack gap={4}>
              <Text size="sm">{rejection?.explanation ?? 'The ledger gave no reason.'}</Text>
              {rejection && (
                <Text size="sm">
                  Rule that failed: {rejection.name}
                  {rejection.attribute ? ` (${rejection.attribute})` : ''}. The form keeps what was
                  entered: correct it and submit again (a new record).
                </Text>
              )}
            </Stack>
          </Alert>
        ) : (
          <Stepper active={done} size="sm" allowNextStepsSelect={false}>
            <Stepper.Step label="Signed" description="Queued on this workstation" />
            <Stepper.Step
              label="Sending"
              description="In a batch to the ledger"
              loading={done === 1}
            />
            <Stepper.Step
              label="On chain"
              description="Accepted by the ledger"
              loading={done === 2}
            />
            <Stepper.Step label="Synced" description="In the cloud database" loading={done === 3} />
          </Stepper>
        )}
      </Stack>
    </Paper>
  )
}
