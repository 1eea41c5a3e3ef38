import { Alert, Stack, Text } from '@mantine/core'
import { useEffect, type ReactNode } from 'react'
import type { CloudEngine, CloudStatus } from '../../../../../shared/ipc/schemas'
import { InfoRows } from '../../../components/InfoRows'
import { useStore } from '../../../state/store'
import { Reachable, SectionHead } from '../SectionHead'
import { ChangeCloudForm } from './ChangeCloudForm'

const ENGINE_WORDS: Record<CloudEngine, string> = {
  sqlite: 'Embedded database (a stand-in)',
  postgres: 'PostgreSQL',
  mysql: 'MySQL / MariaDB',
  'data-api': 'Aurora through the RDS Data API'
}

function schemaText(schema: CloudStatus['schema']): string {
  if (!schema) return 'unknown'
  if (schema.current === schema.required) return `version ${schema.current} (current)`
  return schema.current < schema.required
    ? `version ${schema.current}; this MediBlock needs ${schema.required}`
    : `version ${schema.current}, newer than this MediBlock's ${schema.required}`
}

function cloudRows(status: CloudStatus): [string, ReactNode][] {
  const count = (n: number | null) => (n === null ? 'unknown' : n.toLocaleString('en'))
  return [
    ['Engine', ENGINE_WORDS[status.engine]],
    ['Where', status.where],
    ['Details', status.details],
    ['Status', <Reachable key="r" reachable={status.reachable} />],
    ['Schema', schemaText(status.schema)],
    ['Records', count(status.records)],
    ['Refused records kept', count(status.rejected)]
  ]
}

/**
 * The cloud database: which engine, where, its schema, how many records it
 * holds and whether it answers; and changing it (the wizard's choices).
 */
export function CloudScreen() {
  const cloud = useStore((s) => s.cloudStatus)
  const load = useStore((s) => s.loadCloudStatus)
  useEffect(() => {
    void load()
  }, [load])
  const status = cloud.value
  return (
    <Stack maw={900} data-testid="admin-cloud">
      <SectionHead
        title="Cloud database"
        onRefresh={() => void load()}
        loading={cloud.loading}
        error={cloud.error}
      >
        Where this workstation syncs records to, and where it reads other workstations&apos; records
        from.
      </SectionHead>
      {status === null ? (
        !cloud.error && <Text>Asking the cloud database…</Text>
      ) : (
        <>
          {status.problem && (
            <Alert color="red" title="The cloud database has a problem" role="alert">
              {status.problem}
            </Alert>
          )}
          <InfoRows label="Cloud database" rows={cloudRows(status)} />
        </>
      )}
      {/* Mounted once the engine is known, so the form starts on it; a refresh keeps it. */}
      {cloud.value !== null || cloud.error ? <ChangeCloudForm engine={status?.engine} /> : null}
    </Stack>
  )
}
