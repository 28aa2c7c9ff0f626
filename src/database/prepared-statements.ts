import type { Pool, QueryResultRow } from 'pg';
import type { DataSource } from 'typeorm';

/**
 * A statement PostgreSQL parses and plans once per connection, then only executes: for the reads
 * every request makes, parsing and planning cost more than running them. The name must be unique
 * in the process, and the text must never change under the same name.
 */
export interface PreparedStatement {
  name: string;
  text: string;
}

const names = new Set<string>();

export function prepareStatement(name: string, text: string): PreparedStatement {
  if (names.has(name)) throw new Error(`two prepared statements are named ${name}`);
  names.add(name);
  return { name, text };
}

/**
 * Runs a prepared statement on a connection of the TypeORM pool, outside any transaction. Only for
 * reads: TypeORM's query runner, which a transaction needs, does not name its statements.
 */
export async function runPrepared<Row extends QueryResultRow>(
  dataSource: DataSource,
  statement: PreparedStatement,
  values: unknown[],
): Promise<Row[]> {
  const pool = (dataSource.driver as unknown as { master: Pool }).master;
  const result = await pool.query<Row>({ name: statement.name, text: statement.text, values });
  return result.rows;
}
