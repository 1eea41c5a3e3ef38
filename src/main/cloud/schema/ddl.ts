import type { SqlFamily } from '../cloud-target'

/** Column types of the cloud schema, independent of the engine. */
export type ColumnType =
  | { readonly kind: 'varchar'; readonly length: number }
  | { readonly kind: 'text' }
  | { readonly kind: 'int' }
  | { readonly kind: 'bigint' }
  | { readonly kind: 'blob' }

/** One column: its name, type, and whether it may be NULL (not by default). */
export interface ColumnSpec {
  readonly name: string
  readonly type: ColumnType
  readonly nullable?: boolean
}

/** A secondary index, by name and columns. */
export interface IndexSpec {
  readonly name: string
  readonly columns: readonly string[]
}

/**
 * One table of the cloud schema, declared once and rendered for each engine
 * by {@link createTableSql}, so the engines cannot drift apart.
 */
export interface TableSpec {
  readonly name: string
  readonly columns: readonly ColumnSpec[]
  readonly primaryKey: readonly string[]
  readonly unique?: readonly (readonly string[])[]
  readonly indexes?: readonly IndexSpec[]
  /** Portable SQL boolean expressions (every engine enforces CHECK). */
  readonly checks?: readonly string[]
}

/** Shorthands for column types. */
export const T = {
  varchar: (length: number): ColumnType => ({ kind: 'varchar', length }),
  text: { kind: 'text' } as ColumnType,
  int: { kind: 'int' } as ColumnType,
  bigint: { kind: 'bigint' } as ColumnType,
  blob: { kind: 'blob' } as ColumnType
}

function typeSql(family: SqlFamily, type: ColumnType): string {
  switch (type.kind) {
    case 'varchar':
      return family === 'sqlite' ? 'TEXT' : `VARCHAR(${type.length})`
    case 'text':
      // MySQL's TEXT holds 64 KiB, enough for a chain record or a proof.
      return 'TEXT'
    case 'int':
      return family === 'sqlite' ? 'INTEGER' : 'INT'
    case 'bigint':
      return family === 'sqlite' ? 'INTEGER' : 'BIGINT'
    case 'blob':
      return family === 'sqlite' ? 'BLOB' : family === 'postgres' ? 'BYTEA' : 'MEDIUMBLOB'
  }
}

/**
 * The statements that create `table` on `family`, each safe to run again
 * (IF NOT EXISTS). MySQL gets its indexes inside its one CREATE TABLE,
 * which MySQL applies atomically, because its DDL is not transactional:
 * a crash then leaves the table whole or absent, never half indexed.
 */
export function createTableSql(family: SqlFamily, table: TableSpec): string[] {
  const lines = table.columns.map(
    (c) => `  ${c.name} ${typeSql(family, c.type)}${c.nullable ? '' : ' NOT NULL'}`
  )
  lines.push(`  PRIMARY KEY (${table.primaryKey.join(', ')})`)
  for (const cols of table.unique ?? []) lines.push(`  UNIQUE (${cols.join(', ')})`)
  if (family === 'mysql') {
    for (const index of table.indexes ?? []) {
      lines.push(`  INDEX ${index.name} (${index.columns.join(', ')})`)
    }
  }
  for (const check of table.checks ?? []) lines.push(`  CHECK (${check})`)
  const suffix =
    family === 'sqlite'
      ? ' STRICT'
      : family === 'mysql'
        ? ' ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin'
        : ''
  const statements = [
    `CREATE TABLE IF NOT EXISTS ${table.name} (\n${lines.join(',\n')}\n)${suffix}`
  ]
  if (family !== 'mysql') {
    for (const index of table.indexes ?? []) {
      statements.push(
        `CREATE INDEX IF NOT EXISTS ${index.name} ON ${table.name} (${index.columns.join(', ')})`
      )
    }
  }
  return statements
}
