import { Alert, Code, Stack, Text, Title } from '@mantine/core'

/**
 * The audit screen (verify with progress, problems with evidence, restore,
 * the report). Not built yet: it says so, and gives the commands.
 */
export function AuditScreen() {
  return (
    <Stack maw={720} data-testid="audit-screen">
      <Title order={1}>Audit</Title>
      <Text>
        Prove the cloud copy of every record against the ledger, see each problem with its evidence,
        repair what can be repaired and download the report.
      </Text>
      <Alert color="blue" title="Not on this screen yet">
        <Text size="sm">Until it is, the command line does it:</Text>
        <Code block mt="xs">
          {'mediblock verify\nmediblock audit report --format html --as USER'}
        </Code>
      </Alert>
    </Stack>
  )
}
