import type { EntityManager, Repository } from 'typeorm';

/**
 * Runs an UPDATE or DELETE ... RETURNING and gives back the returned rows. TypeORM's query()
 * answers those two commands with `[rows, affectedCount]` rather than the rows, which is easy to
 * read as a two-row result.
 */
export async function modifyReturning<Row>(
  runner: Pick<EntityManager | Repository<never>, 'query'>,
  sql: string,
  parameters: unknown[],
): Promise<Row[]> {
  if (!/^\s*(UPDATE|DELETE)\b/i.test(sql))
    throw new Error('modifyReturning is for UPDATE and DELETE statements');
  const [rows] = await runner.query<[Row[], number]>(sql, parameters);
  return rows;
}
