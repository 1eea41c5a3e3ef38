import { Alert, NumberInput, Radio, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core'
import { Controller, useFormContext } from 'react-hook-form'
import { LedgerTestRequest } from '../../../../../shared/ipc/schemas'
import { useStore } from '../../../state/store'
import type { WizardValues } from '../wizard-form'
import { ConnectionTest, type TestOutcome } from './TestResult'

/** DESIGN.md's trust model for the bundled node, said plainly where the choice is made. */
export const BUNDLED_TRUST_NOTICE =
  'The bundled node runs on this workstation. The same checks run, but whoever controls this workstation controls the chain: it protects against tampering in the cloud database only, not against someone with this computer. For protection against that, use a remote node on a public or consortium network.'

/** Where the ledger lives: the bundled node, or a MediBlock ledger on a remote node. */
export function LedgerStep() {
  const { register, control, watch, formState, getValues } = useFormContext<WizardValues>()
  const client = useStore((s) => s.client)
  const kind = watch('ledger.kind')
  const errors = formState.errors.ledger

  const test = async (): Promise<TestOutcome> => {
    const { nodeUrl, contract } = getValues('ledger')
    const request = LedgerTestRequest.safeParse({
      nodeUrl: nodeUrl.trim(),
      contract: contract.trim() === '' ? undefined : contract.trim()
    })
    if (!request.success) {
      return {
        ok: false,
        problem: 'Give a node URL (http:// or https://) and the contract address.'
      }
    }
    if (!client) return { ok: false, problem: 'MediBlock is not connected.' }
    const result = await client.call('ledger:test', request.data)
    if (!result.ok) return { ok: false, problem: result.problem }
    return {
      ok: true,
      title: 'The node answers',
      detail: `Chain ${result.chainId}, block ${result.latestBlock}${
        result.contract ? `; a MediBlock ledger is at ${result.contract}.` : '.'
      }`
    }
  }

  return (
    <Stack>
      <Title order={2}>Ledger</Title>
      <Controller
        control={control}
        name="ledger.kind"
        render={({ field }) => (
          <Radio.Group label="Where records are validated and anchored" {...field}>
            <Stack mt="xs" gap="xs">
              <Radio
                value="bundled"
                label="Bundled node on this workstation"
                description="A new ledger contract is deployed on it; nothing to set up."
              />
              <Radio
                value="remote"
                label="Remote node"
                description="An existing MediBlock ledger on a public or consortium network."
              />
            </Stack>
          </Radio.Group>
        )}
      />
      {kind === 'bundled' ? (
        <Alert
          color="orange"
          title="What the bundled node protects against"
          data-testid="trust-notice"
        >
          {BUNDLED_TRUST_NOTICE}
        </Alert>
      ) : (
        <>
          <Text size="sm">
            The ledger&apos;s admin grants this workstation its roles after setup; the wizard says
            which addresses.
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label="Node URL"
              placeholder="https://node.example.org"
              required
              error={errors?.nodeUrl?.message}
              {...register('ledger.nodeUrl')}
            />
            <TextInput
              label="Ledger contract address"
              placeholder="0x…"
              required
              error={errors?.contract?.message}
              {...register('ledger.contract')}
            />
            <Controller
              control={control}
              name="ledger.confirmations"
              render={({ field, fieldState }) => (
                <NumberInput
                  label="Confirmations"
                  description="Blocks to wait after a batch before its ACK counts"
                  min={0}
                  max={64}
                  allowDecimal={false}
                  value={field.value}
                  onChange={(value) => field.onChange(typeof value === 'number' ? value : 0)}
                  onBlur={field.onBlur}
                  error={fieldState.error?.message}
                />
              )}
            />
          </SimpleGrid>
          <ConnectionTest run={test} />
        </>
      )}
    </Stack>
  )
}
