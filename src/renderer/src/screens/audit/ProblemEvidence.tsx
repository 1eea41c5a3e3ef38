import { Code, Stack, Table, Text } from '@mantine/core'
import type { AuditProblem } from '../../../../shared/ipc/schemas'
import { InfoRows } from '../../components/InfoRows'

type Evidence = NonNullable<AuditProblem['evidence']>

const show = (value: string | number | null) => (value === null ? '(none)' : String(value))

/** Long hashes wrap rather than widen the table. */
function Hash({ children }: { children: string | number | null }) {
  return <Code style={{ overflowWrap: 'anywhere', whiteSpace: 'normal' }}>{show(children)}</Code>
}

/**
 * What the audit compared for one problem, as a third party could check it:
 * each field expected (from the chain) against what the cloud row holds, the
 * commitment, and where the chain anchors the record and where the row says.
 */
export function ProblemEvidence({ evidence, tid }: { evidence: Evidence; tid: string }) {
  return (
    <Stack gap="xs" data-testid="problem-evidence">
      {evidence.differences.length > 0 && (
        <Table withTableBorder verticalSpacing={4} aria-label={`Differences for record ${tid}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Field</Table.Th>
              <Table.Th>Expected (chain)</Table.Th>
              <Table.Th>Found (cloud)</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {evidence.differences.map((d) => (
              <Table.Tr key={d.field}>
                <Table.Td>{d.field}</Table.Td>
                <Table.Td>
                  <Hash>{d.expected}</Hash>
                </Table.Td>
                <Table.Td>
                  <Hash>{d.found}</Hash>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {evidence.commitment && (
        <InfoRows
          label={`Commitment of record ${tid}`}
          rows={[
            ['Commitment on chain', <Hash>{evidence.commitment.onChain}</Hash>],
            ['In the cloud row', <Hash>{evidence.commitment.inRow}</Hash>],
            ['Recomputed from the row', <Hash>{evidence.commitment.recomputed}</Hash>]
          ]}
        />
      )}
      <InfoRows
        label={`Anchoring of record ${tid}`}
        rows={[
          [
            'On the ledger',
            evidence.anchor
              ? `batch ${evidence.anchor.chainBatch}, block ${evidence.anchor.blockNumber}, leaf ${evidence.anchor.leafIndex}, ${evidence.anchor.reasonName}`
              : 'no batch anchors it'
          ],
          [
            'The cloud row claims',
            evidence.claimed
              ? `batch ${evidence.claimed.chainBatch}, block ${evidence.claimed.blockNumber}, leaf ${evidence.claimed.leafIndex}`
              : 'no row'
          ],
          [
            'Merkle proof',
            evidence.proofHolds === null ? 'not checked' : evidence.proofHolds ? 'holds' : 'fails'
          ],
          ['Transaction', evidence.anchor ? <Hash>{evidence.anchor.txHash}</Hash> : '(none)']
        ]}
      />
      {evidence.differences.length === 0 && !evidence.commitment && (
        <Text size="sm" c="dimmed">
          No field-by-field comparison: the row is missing or not the record it claims to be.
        </Text>
      )}
    </Stack>
  )
}
