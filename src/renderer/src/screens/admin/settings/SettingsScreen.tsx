import { zodResolver } from '@hookform/resolvers/zod'
import { Alert, Button, Card, Group, NumberInput, Stack } from '@mantine/core'
import { useEffect, useState } from 'react'
import { Controller, useForm, type Resolver } from 'react-hook-form'
import { ClinicSettings } from '../../../../../shared/ipc/schemas'
import { PLAIN_ERRORS } from '../../../components/form-errors'
import { messageOf } from '../../../state/errors'
import { useStore } from '../../../state/store'
import { SectionHead } from '../SectionHead'

/** The input holds '' while empty; the schema calls that "Required." like any missing number. */
type Values = { autoLockMinutes: number | string }
const resolver = zodResolver(ClinicSettings, PLAIN_ERRORS) as unknown as Resolver<
  Values,
  unknown,
  ClinicSettings
>

/** The clinic settings an admin changes: for now, the idle time before a session locks. */
export function SettingsScreen() {
  const settings = useStore((s) => s.settings)
  const loadSettings = useStore((s) => s.loadSettings)
  const saveSettings = useStore((s) => s.saveSettings)
  const [saved, setSaved] = useState<string | null>(null)
  const [failure, setFailure] = useState<string | null>(null)
  const form = useForm<Values, unknown, ClinicSettings>({
    resolver,
    defaultValues: { autoLockMinutes: settings?.autoLockMinutes ?? '' },
    mode: 'onTouched'
  })
  const { isSubmitting, isDirty } = form.formState

  useEffect(() => {
    void loadSettings()
  }, [loadSettings])
  // Show what the core has once it answers, unless the admin has started typing.
  useEffect(() => {
    if (settings && !isDirty) form.reset({ autoLockMinutes: settings.autoLockMinutes })
  }, [settings, isDirty, form])

  const onSubmit = form.handleSubmit(async (values) => {
    setSaved(null)
    setFailure(null)
    try {
      const now = await saveSettings(values)
      form.reset({ autoLockMinutes: now.autoLockMinutes })
      setSaved(`Sessions now lock after ${now.autoLockMinutes} minutes without input.`)
    } catch (error) {
      setFailure(messageOf(error))
    }
  })

  return (
    <Stack maw={720} data-testid="admin-settings">
      <SectionHead title="Settings">
        Clinic settings every workstation session follows. Changes are in the security log.
      </SectionHead>
      <Card withBorder padding="lg">
        <form onSubmit={(event) => void onSubmit(event)} noValidate>
          <Stack>
            <Controller
              control={form.control}
              name="autoLockMinutes"
              render={({ field, fieldState }) => (
                <NumberInput
                  label="Lock after this many idle minutes"
                  description="A session with no keyboard or mouse input for this long locks itself (1 to 480)"
                  required
                  min={1}
                  max={480}
                  allowDecimal={false}
                  clampBehavior="none"
                  w={320}
                  value={field.value}
                  onChange={field.onChange}
                  onBlur={field.onBlur}
                  error={fieldState.error?.message}
                />
              )}
            />
            <div role="status" aria-live="polite">
              {saved && (
                <Alert color="teal" title="Saved" data-testid="settings-saved">
                  {saved}
                </Alert>
              )}
            </div>
            {failure && (
              <Alert color="red" title="Not saved" role="alert">
                {failure}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button type="submit" loading={isSubmitting}>
                Save
              </Button>
            </Group>
          </Stack>
        </form>
      </Card>
    </Stack>
  )
}
