import { Alert, Button, Container, Group, Stack, Stepper } from '@mantine/core'
import { useState } from 'react'
import { FormProvider, useForm, type SubmitHandler } from 'react-hook-form'
import type { AppInfo, ClinicInitRequest, ClinicInitResult } from '../../../../shared/ipc/schemas'
import { WorkstationFacts } from '../login/WorkstationFacts'
import { messageOf } from '../../state/errors'
import { useStore } from '../../state/store'
import { ClinicStep } from './steps/ClinicStep'
import { CloudStep } from './steps/CloudStep'
import { LedgerStep } from './steps/LedgerStep'
import { ReviewStep, SettingUp, SetupDone } from './steps/ReviewStep'
import { WelcomeStep } from './steps/WelcomeStep'
import { STEP_FIELDS, WIZARD_DEFAULTS, wizardResolver, type WizardValues } from './wizard-form'

const STEPS = ['Welcome', 'Clinic and admin', 'Ledger', 'Cloud database', 'Set up'] as const
const LAST = STEPS.length - 1

/**
 * First run: a short wizard for the admin (clinic name, admin account,
 * ledger, cloud database), then `clinic:init`, with progress while it runs.
 */
export function FirstRunScreen({ info }: { info: AppInfo }) {
  const client = useStore((s) => s.client)
  const applySession = useStore((s) => s.applySession)
  const refreshInfo = useStore((s) => s.refreshInfo)
  const [step, setStep] = useState(0)
  const [failure, setFailure] = useState<string | null>(null)
  const [result, setResult] = useState<ClinicInitResult | null>(null)
  const form = useForm<WizardValues, unknown, ClinicInitRequest>({
    resolver: wizardResolver,
    defaultValues: WIZARD_DEFAULTS,
    mode: 'onTouched'
  })
  const settingUp = form.formState.isSubmitting

  const next = async () => {
    const fields = STEP_FIELDS[step] ?? []
    if (fields.length === 0 || (await form.trigger(fields, { shouldFocus: true }))) {
      setStep((s) => Math.min(s + 1, LAST))
    }
  }

  const setUp: SubmitHandler<ClinicInitRequest> = async (request) => {
    if (!client) return
    setFailure(null)
    try {
      const done = await client.call('clinic:init', request)
      setResult(done)
    } catch (error) {
      setFailure(messageOf(error))
    }
  }

  const open = async () => {
    if (!result) return
    applySession(result.session)
    await refreshInfo()
  }

  const body = result ? (
    <SetupDone result={result} />
  ) : settingUp ? (
    <SettingUp />
  ) : (
    [
      <WelcomeStep info={info} key="welcome" />,
      <ClinicStep key="clinic" />,
      <LedgerStep key="ledger" />,
      <CloudStep key="cloud" />,
      <ReviewStep key="review" />
    ][step]
  )

  return (
    <Container size="md" py="xl" component="main" data-testid="first-run-screen">
      <FormProvider {...form}>
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault()
            if (step < LAST) void next()
            else void form.handleSubmit(setUp)(event)
          }}
        >
          <Stack gap="xl">
            <Stepper active={result ? STEPS.length : step} size="sm" aria-label="Setup steps">
              {STEPS.map((label) => (
                <Stepper.Step key={label} label={label} allowStepSelect={false} />
              ))}
            </Stepper>
            {body}
            {failure && (
              <Alert color="red" title="The clinic was not set up" role="alert">
                {failure}
              </Alert>
            )}
            <Group justify="space-between">
              {result ? (
                <span />
              ) : (
                <Button
                  variant="default"
                  onClick={() => setStep((s) => Math.max(s - 1, 0))}
                  disabled={step === 0 || settingUp}
                >
                  Back
                </Button>
              )}
              {result ? (
                <Button onClick={() => void open()}>Open MediBlock</Button>
              ) : (
                <Button type="submit" loading={settingUp}>
                  {step === 0 ? 'Set up the clinic' : step === LAST ? 'Set up' : 'Next'}
                </Button>
              )}
            </Group>
            <WorkstationFacts info={info} />
          </Stack>
        </form>
      </FormProvider>
    </Container>
  )
}
