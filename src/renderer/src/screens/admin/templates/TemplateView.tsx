import { Badge, Button, Card, Group, Select, Stack, Table, Text, Title } from '@mantine/core'
import type { TemplateDetail } from '../../../../../shared/ipc/schemas'
import { formatDateTime } from '../../../components/format'
import { InfoRows } from '../../../components/InfoRows'
import { readingText, ruleText, typeText } from './rule-text'

/**
 * One template version as published: who may use it, and each attribute
 * with its unit, whether the form requires it, the rule the ledger applies
 * to it, and its usual range and critical limits, in words.
 */
export function TemplateView({
  detail,
  onVersion,
  onNewVersion
}: {
  detail: TemplateDetail
  /** Open another version of the same template. */
  onVersion: (version: number) => void
  /** Start a new version from the latest one. */
  onNewVersion: () => void
}) {
  const { definition } = detail
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="template-heading">
      <Stack>
        <Group justify="space-between" align="flex-end">
          <Group gap="sm">
            <Title order={2} size="h3" id="template-heading">
              {detail.title}, version {detail.version}
            </Title>
            {detail.latest && (
              <Badge color="green" variant="light">
                Latest
              </Badge>
            )}
          </Group>
          <Select
            label="Version"
            w={140}
            data={detail.versions.map((v) => ({ value: String(v), label: `Version ${v}` }))}
            value={String(detail.version)}
            allowDeselect={false}
            onChange={(value) => value && onVersion(Number(value))}
          />
        </Group>
        <InfoRows
          label="About this version"
          rows={[
            ['Name', detail.slug],
            ['Template id', String(detail.id)],
            ['Who may use it', definition.roles.join(', ')],
            ['Published', `${formatDateTime(detail.publishedAt)} by ${detail.publishedBy}`],
            [
              'Hash on the ledger',
              <Text key="hash" ff="monospace" size="sm">
                {detail.hash}
              </Text>
            ]
          ]}
        />
        <Table aria-label="Attributes" striped withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Attribute</Table.Th>
              <Table.Th>Value</Table.Th>
              <Table.Th>Unit</Table.Th>
              <Table.Th>In the form</Table.Th>
              <Table.Th>On the ledger</Table.Th>
              <Table.Th>How it is read</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {definition.attributes.map((attribute) => (
              <Table.Tr key={attribute.key}>
                <Table.Td>
                  {attribute.label}
                  <Text size="xs" c="dimmed" ff="monospace">
                    {attribute.key}
                  </Text>
                </Table.Td>
                <Table.Td>{typeText(attribute)}</Table.Td>
                <Table.Td>{attribute.unit ?? '—'}</Table.Td>
                <Table.Td>{attribute.required ? 'required' : 'optional'}</Table.Td>
                <Table.Td>{ruleText(attribute)}</Table.Td>
                <Table.Td>
                  {readingText(attribute, definition.attributes).map((line) => (
                    <Text key={line} size="sm">
                      {line}
                    </Text>
                  ))}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Group justify="flex-end">
          <Button onClick={onNewVersion}>Make a new version</Button>
        </Group>
      </Stack>
    </Card>
  )
}
