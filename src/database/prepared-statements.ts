import { createHash } from 'node:crypto';
import type { Pool, QueryResultRow } from 'pg';
import { type DataSource, QueryFailedError } from 'typeorm';

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
 * A statement whose text is built per request from a few shapes (which columns a request gives):
 * named by its text, so each shape is parsed and planned once per connection.
 */
export function statementFor(text: string): PreparedStatement {
  return { name: `s_${createHash('sha1').update(text).digest('hex')}`, text };
}

/**
 * A statement planned for its values every time it runs (unnamed). For reads whose best plan
 * depends on the values: PostgreSQL's plan for unknown values (what a prepared statement settles
 * on after five runs) guesses selectivities, and a queue filtered by province and overdue
 * referrals went from an index scan of the order (5 ms) to a bitmap scan and sort (365 ms at a
 * million cases). Planning costs a fraction of a millisecond.
 */
export function statementPlannedEachTime(text: string): PreparedStatement {
  return { name: '', text };
}

/**
 * Runs a prepared statement on a connection of the TypeORM pool, outside any transaction: a read,
 * or a write that is one statement. TypeORM's query runner, which a transaction needs, does not
 * name its statements. Errors come as TypeORM's, so that they are translated as any other.
 */
export async function runPrepared<Row extends QueryResultRow>(
  dataSource: DataSource,
  statement: PreparedStatement,
  values: unknown[],
): Promise<Row[]> {
  const pool = (dataSource.driver as unknown as { master: Pool }).master;
  try {
    const result = await pool.query<Row>(
      statement.name === ''
        ? { text: statement.text, values }
        : { name: statement.name, text: statement.text, values },
    );
    return result.rows;
  } catch (error) {
    throw error instanceof Error && 'code' in error
      ? new QueryFailedError(statement.text, values, error)
      : error;
  }
}
