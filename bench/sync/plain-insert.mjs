// The limit a push is measured against: the same rows, as the cloud stores
// them, written with one multi-row INSERT per batch straight through the
// engine's driver (better-sqlite3, pg, mysql2), each statement its own
// transaction, with no parsing, no lock on the sequence row, no look-up of
// stored tids and no conflict handling.
import BetterSqlite3 from 'better-sqlite3'
import mysql from 'mysql2/promise'
import pg from 'pg'

/** `rows` (records table rows) as column names and one flat value list per batch. */
function statements(rows, batch, placeholder) {
  const columns = Object.keys(rows[0])
  const out = []
  for (let i = 0; i < rows.length; i += batch) {
    const chunk = rows.slice(i, i + batch)
    let n = 0
    const tuples = chunk.map(() => `(${columns.map(() => placeholder(++n)).join(', ')})`)
    out.push({
      sql: `INSERT INTO records (${columns.join(', ')}) VALUES ${tuples.join(', ')}`,
      values: chunk.flatMap((row) => columns.map((c) => row[c]))
    })
  }
  return out
}

/** Seconds to insert `rows` into the embedded engine's file at `path` (already migrated). */
export function plainSqlite(path, rows, batch) {
  const db = new BetterSqlite3(path)
  try {
    // As the embedded engine opens it.
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    const prepared = statements(rows, batch, () => '?').map((s) => ({
      statement: db.prepare(s.sql),
      values: s.values
    }))
    const started = performance.now()
    for (const { statement, values } of prepared) statement.run(...values)
    return (performance.now() - started) / 1000
  } finally {
    db.close()
  }
}

/** Seconds to insert `rows` into a PostgreSQL database (already migrated). */
export async function plainPostgres(target, rows, batch) {
  const client = new pg.Client(target)
  await client.connect()
  try {
    const prepared = statements(rows, batch, (n) => `$${n}`)
    const started = performance.now()
    for (const { sql, values } of prepared) await client.query(sql, values)
    return (performance.now() - started) / 1000
  } finally {
    await client.end()
  }
}

/** Seconds to insert `rows` into a MySQL/MariaDB database (already migrated). */
export async function plainMysql(target, rows, batch) {
  const connection = await mysql.createConnection({ ...target, charset: 'utf8mb4_bin' })
  try {
    const prepared = statements(rows, batch, () => '?')
    const started = performance.now()
    // query (not execute), as Kysely's MySQL dialect sends its statements.
    for (const { sql, values } of prepared) await connection.query(sql, values)
    return (performance.now() - started) / 1000
  } finally {
    await connection.end()
  }
}
