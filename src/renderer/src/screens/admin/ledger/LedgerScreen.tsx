import { Alert, Stack, Text } from '@mantine/core'
import { useEffect, type ReactNode } from 'react'
import type { LedgerStatus } from '../../../../../shared/ipc/schemas'
import { InfoRows } from '../../../components/InfoRows'
import { useStore } from '../../../state/store'
import { Reachable, SectionHead } from '../SectionHead'
import { formatEth } from './eth'

const mono = (text: string | null): ReactNode =>
  text === null ? (
    'unknown'
  ) : (
    <Text span ff="monospace" size="sm">
      {text}
    </Text>
  )

function nodeText(status: LedgerStatus): string {
  switch (status.kind) {
    case 'none':
      return 'No ledger is configured on this workstation'
    case 'bundled':
      return `The bundled node on this workstation${status.nodeUrl ? ` (${status.nodeUrl})` : ''}`
    case 'remote':
      return status.nodeUrl ?? 'a remote node'
  }
}

/** The ledger's facts as rows, in words. */
function ledgerRows(status: LedgerStatus): [string, ReactNode][] {
  const num = (n: number | null) => (n === null ? 'unknown' : n.toLocaleString('en'))
  const { address, balanceWei } = status.handshaker
  return [
    ['Node', nodeText(status)],
    ['Status', <Reachable key="r" reachable={status.reachable} />],
    ['Chain id', num(status.chainId)],
    ['Contract', mono(status.contract)],
    ['Deployed at block', num(status.deployBlock)],
    ['Latest block', num(status.latestBlock)],
    ['Confirmations waited', num(status.confirmations)],
    ['Handshaker', mono(address)],
    ['Handshaker balance', balanceWei === null ? 'unknown' : formatEth(balanceWei)]
  ]
}

/**
 * The ledger: which node (the bundled one, with what it does not protect
 * against, or a remote one), the chain and contract, the latest block, and
 * the handshaker account that pays for batches.
 */
export function LedgerScreen() {
  const ledger = useStore((s) => s.ledgerStatus)
  const load = useStore((s) => s.loadLedgerStatus)
  useEffect(() => {
    void load()
  }, [load])
  const status = ledger.value
  return (
    <Stack maw={900} data-testid="admin-ledger">
      <SectionHead
        title="Ledger"
        onRefresh={() => void load()}
        loading={ledger.loading}
        error={ledger.error}
      >
        Where records are anchored: the node this workstation talks to, the MediBlock contract on
        it, and the handshaker account that sends the batches.
      </SectionHead>
      {status === null ? (
        !ledger.error && <Text>Asking the node…</Text>
      ) : (
        <>
          {status.problem && (
            <Alert color="red" title="The ledger has a problem" role="alert">
              {status.problem}
            </Alert>
          )}
          {status.trustNotice && (
            <Alert
              color="orange"
              title="What the bundled node protects against"
              data-testid="trust-notice"
            >
              {status.trustNotice}
            </Alert>
          )}
          <InfoRows label="Ledger" rows={ledgerRows(status)} />
        </>
      )}
    </Stack>
  )
}
