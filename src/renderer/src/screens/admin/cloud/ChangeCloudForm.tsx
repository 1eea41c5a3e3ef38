import { zodResolver } from '@hookform/resolvers/zod'
import { Alert, Button, Card, Group, Stack, Text, Title } from '@mantine/core'
import { useState } from 'react'
import { FormProvider, useForm } from 'react-hook-form'
import { z } from 'zod'
import { CloudChoice, type CloudEngine } from '../../../../../shared/ipc/schemas'
import { PLAIN_ERRORS } from '../../../components/form-errors'
import { messageOf } from '../../../state/errors'
import { useStore } from '../../../state/store'
import { CloudFields } from '../../first-run/steps/CloudStep'
import { cloudChoiceOf, WIZARD_DEFAULTS, type WizardValues } from '../../first-run/wizard-form'

/**
 * The wizard's cloud inputs (its {@link CloudFields} use the wizard's value
 * shape, of which this form fills only `cloud`), checked with `cloud:set`'s
 * own schema; issue paths land on the same inputs.
 */
const schema = z
  .custom<WizardValues>()
  .transform((values) => ({ cloud: cloudChoiceOf(values.cloud) }))
  .pipe(z.object({ cloud: CloudChoice }))
const resolver = zodResolver(schema, PLAIN_ERRORS)

type Stage = 'testing' | 'saving' | null

/**
 * Change the cloud database: the same choices as the first-run wizard. Save
 * tests the settings first (`cloud:test`) and saves them (`cloud:set`) only
 * when they work, so a database that does not answer is never chosen.
 */
export function ChangeCloudForm({ engine }: { engine: CloudEngine | undefined }) {
  const testCloud = useStore((s) => s.testCloud)
  const setCloud = useStore((s) => s.setCloud)
  const form = useForm<WizardValues, unknown, { cloud: CloudChoice }>({
    resolver,
    defaultValues: {
      ...WIZARD_DEFAULTS,
      cloud: {
        ...WIZARD_DEFAULTS.cloud,
        settings: { ...WIZARD_DEFAULTS.cloud.settings, engine: engine ?? 'sqlite' }
      }
    },
    mode: 'onTouched'
  })
  const [stage, setStage] = useState<Stage>(null)
  const [failure, setFailure] = useState<string | null>(null)
  const [saved, setSaved] = useState<string | null>(null)

  const onSubmit = form.handleSubmit(async ({ cloud }) => {
    setFailure(null)
    setSaved(null)
    try {
      setStage('testing')
      const test = await testCloud(cloud)
      if (!test.ok) {
        setFailure(test.problem)
        return
      }
      setStage('saving')
      const result = await setCloud(cloud)
      const secret = result.secretStore ? ` The password is kept in the ${result.secretStore}.` : ''
      const migrate = test.needsMigration
        ? ' Its schema must be created or updated (mediblock cloud migrate) before records sync.'
        : ''
      setSaved(`Records now sync to ${result.where} (${result.details}).${secret}${migrate}`)
      form.setValue('cloud.password', '')
    } catch (error) {
      setFailure(messageOf(error))
    } finally {
      setStage(null)
    }
  })

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="change-cloud-heading">
      <FormProvider {...form}>
        <form onSubmit={(event) => void onSubmit(event)} noValidate>
          <Stack>
            <Title order={2} size="h3" id="change-cloud-heading">
              Change the cloud database
            </Title>
            <Text size="sm">
              Records already synced stay where they are; this workstation syncs to the new database
              from now on.
            </Text>
            <CloudFields />
            <div role="status" aria-live="polite">
              {stage && (
                <Text size="sm">
                  {stage === 'testing' ? 'Testing the connection…' : 'Saving the settings…'}
                </Text>
              )}
              {saved && (
                <Alert color="teal" title="Cloud database changed" data-testid="cloud-saved">
                  {saved}
                </Alert>
              )}
            </div>
            {failure && (
              <Alert color="red" title="Not changed" role="alert">
                {failure}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button type="submit" loading={stage !== null}>
                Test and save
              </Button>
            </Group>
          </Stack>
        </form>
      </FormProvider>
    </Card>
  )
}
