import { Table, Text, UnstyledButton } from '@mantine/core'
import {
  createSortedRowModel,
  rowSortingFeature,
  sortFn_alphanumeric,
  sortFn_basic,
  sortFn_text,
  tableFeatures,
  useTable,
  type ColumnDef,
  type RowData,
  type SortingState
} from '@tanstack/react-table'
import { useState, type ReactNode } from 'react'

/** The table features every sortable list of the app uses: sorting on the client. */
export const sortableFeatures = tableFeatures({
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric, text: sortFn_text, basic: sortFn_basic }
})

/** A column of a {@link SortableTable}; build them with `createColumnHelper<typeof sortableFeatures, Row>()`. */
// The helper types each column by its value; a list of columns holds several value types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SortableColumn<Row extends RowData> = ColumnDef<typeof sortableFeatures, Row, any>

const ARIA_SORT = { asc: 'ascending', desc: 'descending' } as const

/**
 * A Mantine table whose column headers sort it (click or Enter/Space on the
 * header button; `aria-sort` says the order to screen readers).
 */
export function SortableTable<Row extends RowData>({
  data,
  columns,
  label,
  rowKey,
  empty,
  initialSort = []
}: {
  data: Row[]
  columns: SortableColumn<Row>[]
  /** The table's accessible name. */
  label: string
  rowKey: (row: Row) => string
  /** What an empty table says. */
  empty: ReactNode
  initialSort?: SortingState
}) {
  const [sorting, setSorting] = useState<SortingState>(initialSort)
  const table = useTable({
    features: sortableFeatures,
    columns,
    data,
    state: { sorting },
    onSortingChange: setSorting,
    getRowId: rowKey,
    enableSortingRemoval: false
  })

  return (
    <Table aria-label={label} highlightOnHover striped verticalSpacing="xs">
      <Table.Thead>
        {table.getHeaderGroups().map((group) => (
          <Table.Tr key={group.id}>
            {group.headers.map((header) => {
              const sorted = header.column.getIsSorted()
              const content = header.isPlaceholder ? null : <table.FlexRender header={header} />
              return (
                <Table.Th key={header.id} aria-sort={sorted ? ARIA_SORT[sorted] : undefined}>
                  {header.column.getCanSort() ? (
                    <UnstyledButton
                      onClick={header.column.getToggleSortingHandler()}
                      fw={700}
                      fz="sm"
                    >
                      {content}
                      <span aria-hidden>
                        {' '}
                        {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '↕'}
                      </span>
                    </UnstyledButton>
                  ) : (
                    content
                  )}
                </Table.Th>
              )
            })}
          </Table.Tr>
        ))}
      </Table.Thead>
      <Table.Tbody>
        {table.getRowModel().rows.map((row) => (
          <Table.Tr key={row.id}>
            {row.getAllCells().map((cell) => (
              <Table.Td key={cell.id}>
                <table.FlexRender cell={cell} />
              </Table.Td>
            ))}
          </Table.Tr>
        ))}
        {data.length === 0 && (
          <Table.Tr>
            <Table.Td colSpan={columns.length}>
              <Text size="sm">{empty}</Text>
            </Table.Td>
          </Table.Tr>
        )}
      </Table.Tbody>
    </Table>
  )
}
