import { describe, expect, it } from 'vitest'
import { createTableSql, T, type TableSpec } from '../../../src/main/cloud/schema/ddl'

const table: TableSpec = {
  name: 'things',
  columns: [
    { name: 'id', type: T.varchar(34) },
    { name: 'n', type: T.bigint },
    { name: 'body', type: T.blob },
    { name: 'note', type: T.text, nullable: true }
  ],
  primaryKey: ['id'],
  unique: [['n']],
  indexes: [{ name: 'things_by_note', columns: ['note', 'n'] }],
  checks: ['n >= 0']
}

describe('cloud schema DDL', () => {
  it('renders one table spec for each engine', () => {
    expect(createTableSql('sqlite', table)).toEqual([
      'CREATE TABLE IF NOT EXISTS things (\n  id TEXT NOT NULL,\n  n INTEGER NOT NULL,\n  body BLOB NOT NULL,\n  note TEXT,\n  PRIMARY KEY (id),\n  UNIQUE (n),\n  CHECK (n >= 0)\n) STRICT',
      'CREATE INDEX IF NOT EXISTS things_by_note ON things (note, n)'
    ])
    expect(createTableSql('postgres', table)).toEqual([
      'CREATE TABLE IF NOT EXISTS things (\n  id VARCHAR(34) NOT NULL,\n  n BIGINT NOT NULL,\n  body BYTEA NOT NULL,\n  note TEXT,\n  PRIMARY KEY (id),\n  UNIQUE (n),\n  CHECK (n >= 0)\n)',
      'CREATE INDEX IF NOT EXISTS things_by_note ON things (note, n)'
    ])
  })

  it('gives MySQL its indexes inside the one CREATE TABLE, binary collation, InnoDB', () => {
    expect(createTableSql('mysql', table)).toEqual([
      'CREATE TABLE IF NOT EXISTS things (\n  id VARCHAR(34) NOT NULL,\n  n BIGINT NOT NULL,\n  body MEDIUMBLOB NOT NULL,\n  note TEXT,\n  PRIMARY KEY (id),\n  UNIQUE (n),\n  INDEX things_by_note (note, n),\n  CHECK (n >= 0)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin'
    ])
  })
})
