import { Alert, Badge, Button, Group, Stack, Text, Title } from '@mantine/core'
import type { ReactNode } from 'react'

/**
 * An admin section's heading, what it is for, and "Refresh" (spinning while
 * the core is asked); the core's sentence when the last ask failed.
 */
export function SectionHead({
  title,
  children,
  onRefresh,
  loading,
  error
}: {
  title: string
  children: ReactNode
  onRefresh?: () => void
  loading?: boolean
  error?: string | null
}) {
  return (
    <Stack gap="xs">
      <Group justify="space-between" align="flex-end">
        <Title order={1}>{title}</Title>
        {onRefresh && (
          <Button variant="default" onClick={onRefresh} loading={loading}>
            Refresh
          </Button>
        )}
      </Group>
      <Text>{children}</Text>
      {error && (
        <Alert color="red" title="The core could not answer" role="alert">
          {error}
        </Alert>
      )}
    </Stack>
  )
}

/** Reachable or not, at a glance, in words (not colour alone). */
export function Reachable({ reachable }: { reachable: boolean }) {
  return reachable ? (
    <Badge color="green" variant="light">
      Reachable
    </Badge>
  ) : (
    <Badge color="red" variant="filled">
      Not reachable
    </Badge>
  )
}
