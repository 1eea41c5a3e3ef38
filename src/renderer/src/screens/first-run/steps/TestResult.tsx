import { Alert, Button, Group } from '@mantine/core'
import { useState } from 'react'
import { messageOf } from '../../../state/errors'

/** What a "test connection" said: fine (with facts), or what is wrong. */
export type TestOutcome =
  { ok: true; title: string; detail: string } | { ok: false; problem: string }

/** A "Test connection" button and what the test answered. */
export function ConnectionTest({
  run,
  label = 'Test connection'
}: {
  run: () => Promise<TestOutcome>
  label?: string
}) {
  const [outcome, setOutcome] = useState<TestOutcome | null>(null)
  const [testing, setTesting] = useState(false)
  const onTest = async () => {
    setTesting(true)
    setOutcome(null)
    try {
      setOutcome(await run())
    } catch (error) {
      setOutcome({ ok: false, problem: messageOf(error) })
    } finally {
      setTesting(false)
    }
  }
  return (
    <>
      <Group>
        <Button variant="default" onClick={() => void onTest()} loading={testing}>
          {label}
        </Button>
      </Group>
      <div role="status" aria-live="polite">
        {outcome &&
          (outcome.ok ? (
            <Alert color="green" title={outcome.title} data-testid="test-ok">
              {outcome.detail}
            </Alert>
          ) : (
            <Alert color="red" title="The connection does not work" data-testid="test-failed">
              {outcome.problem}
            </Alert>
          ))}
      </div>
    </>
  )
}
