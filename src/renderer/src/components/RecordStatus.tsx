import { Badge, Tooltip } from '@mantine/core'
import type { Badge as VerificationState, RecordState } from '../../../shared/ipc/schemas'

/** A record's life in words a clinician reads at a glance, with a colour. */
export const STATE_WORDS: Record<RecordState, { label: string; color: string; hint: string }> = {
  queued: {
    label: 'Queued (offline)',
    color: 'orange',
    hint: 'Signed and kept on this workstation; it goes to the ledger when the node answers.'
  },
  submitted: {
    label: 'Sending to the ledger',
    color: 'blue',
    hint: 'Sent in a batch; waiting for the block and its confirmations.'
  },
  anchored: {
    label: 'On chain',
    color: 'teal',
    hint: 'The ledger accepted it; it goes to the cloud database next.'
  },
  rejected: {
    label: 'Rejected',
    color: 'red',
    hint: 'The ledger refused it: see why below. A correction is a new record.'
  },
  synced: {
    label: 'On chain, synced',
    color: 'green',
    hint: 'Accepted by the ledger and stored in the cloud database.'
  }
}

/** Where a record is in its life: queued, sending, on chain, rejected, synced. */
export function RecordStateBadge({ state }: { state: RecordState }) {
  const words = STATE_WORDS[state]
  return (
    <Tooltip label={words.hint} multiline w={280}>
      <Badge color={words.color} variant="light" data-state={state} tabIndex={0}>
        {words.label}
      </Badge>
    </Tooltip>
  )
}

/** Whether the cloud copy was checked against the chain: verified, or a problem named. */
export function VerificationBadge({ badge }: { badge: VerificationState }) {
  switch (badge.state) {
    case 'unknown':
      return null
    case 'pending':
      return null
    case 'verified':
      return (
        <Badge color="green" variant="outline" data-verification="verified">
          Verified
        </Badge>
      )
    case 'problem':
      return (
        <Tooltip label={badge.detail} multiline w={320}>
          <Badge color="red" variant="filled" data-verification="problem" tabIndex={0}>
            Problem found: {badge.kind}
          </Badge>
        </Tooltip>
      )
  }
}
