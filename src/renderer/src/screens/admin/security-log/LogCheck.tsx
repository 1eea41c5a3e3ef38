import { Alert, Code, List, Text } from '@mantine/core'
import type { AuditLogVerification } from '../../../../../shared/ipc/schemas'

const SPAN_WORDS: Record<AuditLogVerification['broken'][number]['kind'], string> = {
  altered: 'edited',
  relinked: 'chained to an entry that is not there',
  missing: 'missing',
  'not-as-anchored': 'not as the ledger anchored them'
}

function range(from: number, to: number): string {
  return from === to ? `Entry ${from}` : `Entries ${from} to ${to}`
}

/**
 * What `audit:verify-log` found, in words: the chain of entries holds or
 * where it breaks, how far the ledger's anchors prove it, and which entries
 * nothing proves yet (the newest, until the next anchor).
 */
export function LogCheck({ check }: { check: AuditLogVerification }) {
  const anchor = check.lastMatching
  const proven =
    anchor && check.anchoredThrough > 0 ? (
      <Text size="sm">
        Entries 1 to {check.anchoredThrough} are proven as they were when anchored in block{' '}
        {anchor.blockNumber} (tx <Code>{anchor.txHash}</Code>); {check.anchors} head
        {check.anchors === 1 ? '' : 's'} read from the ledger up to block {check.checkedToBlock}.
      </Text>
    ) : (
      <Text size="sm">
        No head of the log is anchored on the ledger yet, so nothing outside this workstation proves
        its entries.
      </Text>
    )
  const unanchored = check.unanchored && (
    <Text size="sm">
      {range(check.unanchored.from, check.unanchored.to)}{' '}
      {check.unanchored.from === check.unanchored.to ? 'is' : 'are'} newer than the last anchor:
      only this workstation&apos;s chain of hashes vouches for{' '}
      {check.unanchored.from === check.unanchored.to ? 'it' : 'them'} until the next one.
    </Text>
  )
  if (check.ok) {
    return (
      <Alert color="teal" title="The security log is intact" data-testid="log-check" role="status">
        <Text size="sm">
          All {check.entries} entries hash to their stored hashes and each is chained to the one
          before it.
        </Text>
        {proven}
        {unanchored}
      </Alert>
    )
  }
  return (
    <Alert
      color="red"
      title="The security log was tampered with"
      data-testid="log-check"
      role="alert"
    >
      <List size="sm" spacing={4} mb="xs">
        {check.broken.map((span) => (
          <List.Item key={`${span.kind}-${span.from}-${span.to}`} data-kind={span.kind}>
            {range(span.from, span.to)}: {SPAN_WORDS[span.kind]}. {span.detail}.
          </List.Item>
        ))}
      </List>
      {proven}
      {check.mismatched.length > 0 && (
        <Text size="sm">
          {check.mismatched.length} head{check.mismatched.length === 1 ? '' : 's'} on the ledger{' '}
          {check.mismatched.length === 1 ? 'does' : 'do'} not match this log, the first in block{' '}
          {check.mismatched[0]!.blockNumber} (tx <Code>{check.mismatched[0]!.txHash}</Code>).
        </Text>
      )}
    </Alert>
  )
}
